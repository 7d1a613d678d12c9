// The host's view of questions still waiting for an answer, a page at a time.

import type { Question, Session } from '../../storage/model.js';
import { countQuestions, previewText } from '../../archive/text.js';
import { buttonRow } from './components.js';
import { fitLines } from './fit-lines.js';
import { renderSessionHeading } from './heading.js';
import { silentMessage, type MessageBody } from './message-body.js';
import { renderName } from './person.js';
import { escapeInlineText } from './safe-text.js';

const PREVIEW_MAX = 140;

export interface QueueOptions {
  /** Show at most this many questions (default 10); the rest are counted. */
  limit?: number;
  /** How many questions are waiting in all, when `pendingQuestions` is one page of them. */
  total?: number;
  /** Zero-based page shown, for the heading and the paging buttons. */
  page?: number;
  /** Moderators see who asked an anonymous question; the host does not. */
  revealAnonymous?: boolean;
}

/**
 * Waiting questions in queue order (most votes, then oldest), each as
 * "`Q3` ▲ 4 · **Asker** · preview…", with Previous/Next buttons when there is more than a page.
 */
export function renderQueue(session: Session, pendingQuestions: readonly Question[], options: QueueOptions = {}): MessageBody {
  const waiting = pendingQuestions.filter((question) => question.status === 'pending');
  const pageSize = options.limit ?? 10;
  const page = options.page ?? 0;
  const total = Math.max(options.total ?? 0, waiting.length);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const pageNote = pages > 1 ? ` · page ${page + 1} of ${pages}` : '';
  const heading = `**${countQuestions(total)} waiting** · #${session.id} · ${renderSessionHeading(session)}${pageNote}`;
  if (total === 0) return { ...silentMessage(`${heading}\nNothing to answer right now.`), components: [] };

  const lines = waiting.slice(0, pageSize).map((question) => {
    const asker = question.anonymous
      ? options.revealAnonymous
        ? `**Anonymous** (asked by <@${question.asker.id}>)`
        : '**Anonymous**'
      : renderName(question.asker);
    const text = escapeInlineText(previewText(question.text, PREVIEW_MAX), PREVIEW_MAX);
    return `\`Q${question.number}\` ▲ ${question.votes} · ${asker} · ${text}`;
  });
  const content =
    pages > 1
      ? [heading, ...lines].join('\n').slice(0, 2000)
      : fitLines(heading, lines, { maxLines: pageSize, notPassed: total - lines.length });
  const paging =
    pages > 1
      ? [
          buttonRow(
            { action: 'queue-page', sessionId: session.id, number: Math.max(0, page - 1), label: '◀ Previous', disabled: page === 0 },
            { action: 'queue-page', sessionId: session.id, number: page + 1, label: 'Next ▶', disabled: page + 1 >= pages },
          ),
        ]
      : [];
  return { ...silentMessage(content), components: paging };
}
