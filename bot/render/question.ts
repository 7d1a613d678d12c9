// A question as posted in the AMA channel (edited once answered to say by whom and where),
// and the name of the thread its answer goes in.

import type { Question, Session } from '../../storage/model.js';
import { previewText, truncateAtWord } from '../../archive/text.js';
import { silentMessage, type MessageBody } from './message-body.js';
import { buttonRow, voteButton } from './components.js';
import { renderAnswerer, renderAsker } from './person.js';
import { defuseMassMentions } from './safe-text.js';
import { DISCORD_MESSAGE_LIMIT } from './split.js';

export function renderQuestionMessage(session: Session, question: Question): MessageBody {
  if (question.status === 'hidden') {
    return { ...silentMessage(`**Q${question.number}** · *This question was hidden by the moderators.*`), components: [] };
  }
  const header = `**Q${question.number}** · ${renderAsker(question.asker, question.anonymous)}`;
  const alsoAsked =
    question.alsoAskedBy > 0
      ? `*Also asked by ${question.alsoAskedBy} ${question.alsoAskedBy === 1 ? 'member' : 'members'}.*`
      : '';
  const status = [alsoAsked, renderAnsweredLine(session, question)].filter(Boolean).join('\n');

  // The full text is kept in storage and the archive; here it is shortened only if a question
  // is so long that it, its quote markers and the header would not fit in one message.
  const text = defuseMassMentions(question.text.trim());
  const quoteMarkers = 2 * text.split('\n').length;
  const budget = DISCORD_MESSAGE_LIMIT - header.length - status.length - quoteMarkers - 2;
  const quoted = quote(truncateAtWord(text, budget));

  return {
    ...silentMessage([header, quoted, status].filter(Boolean).join('\n')),
    components: [buttonRow(voteButton(session.id, question.number, question.votes))],
  };
}

/** "✅ Answered by **Salil Shetty** · *title*: read it in <#thread>"; empty until answered. */
function renderAnsweredLine(session: Session, question: Question): string {
  if (!question.answer) return '';
  const where = question.threadId ? `: read it in <#${question.threadId}>` : ' in the thread below';
  return `✅ Answered by ${renderAnswerer(session.host, question.answer.host, session.cohosts)}${where}`;
}

/**
 * Quotes every line, blank ones included ("> " with its space: Discord does not read a bare
 * ">" as a quote line), so a question's paragraphs stay inside one quote block.
 */
function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/** Discord's limit on a thread's name. */
export const THREAD_NAME_LIMIT = 100;

/**
 * "Q12 · In today's digital age of instant…": thread names are plain text (Discord renders
 * neither Markdown nor mentions in them), so the preview only drops Markdown markers.
 */
export function renderThreadName(question: Pick<Question, 'number' | 'text'>): string {
  const label = `Q${question.number}`;
  const preview = previewText(question.text, THREAD_NAME_LIMIT - label.length - ' · '.length);
  return preview ? `${label} · ${preview}` : label;
}
