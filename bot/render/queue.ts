// The host's view of questions still waiting for an answer.

import type { Question, Session } from '../../storage/model.js';
import { countQuestions, previewText } from '../../archive/text.js';
import { fitLines } from './fit-lines.js';
import { renderSessionHeading } from './heading.js';
import { silentMessage, type MessageBody } from './message-body.js';
import { renderName } from './person.js';
import { escapeInlineText } from './safe-text.js';

const PREVIEW_MAX = 140;

export interface QueueOptions {
  /** Show at most this many questions (default 10); the rest are counted. */
  limit?: number;
  /**
   * How many questions are waiting in all, when `pendingQuestions` is only the oldest page of
   * them; the heading and "…and N more" then count the whole queue.
   */
  total?: number;
}

/** Waiting questions, oldest first, each as "`Q3` **Asker** · preview…". */
export function renderQueue(
  session: Session,
  pendingQuestions: readonly Question[],
  options: QueueOptions = {},
): MessageBody {
  const waiting = pendingQuestions
    .filter((question) => question.status === 'pending')
    .sort((a, b) => a.askedAt - b.askedAt || a.number - b.number);

  const total = Math.max(options.total ?? 0, waiting.length);
  const heading = `**${countQuestions(total)} waiting** · #${session.id} · ${renderSessionHeading(session)}`;
  if (total === 0) return silentMessage(`${heading}\nNothing to answer right now.`);

  const lines = waiting.map(
    (question) =>
      `\`Q${question.number}\` ${renderName(question.asker)} · ${escapeInlineText(previewText(question.text, PREVIEW_MAX), PREVIEW_MAX)}`,
  );
  return silentMessage(fitLines(heading, lines, { maxLines: options.limit ?? 10, notPassed: total - waiting.length }));
}
