// The archive as a forum post, for an archive channel that is a forum: the same summary as the
// archive message, then the three most-voted answers as previews, so the post reads well in
// the forum before anyone opens the files. The caller attaches the files.

import type { ArchiveDocument, ArchivedQuestion } from '../../archive/schema.js';
import { countVotes, previewText } from '../../archive/text.js';
import type { Session } from '../../storage/model.js';
import { renderArchiveMessage, type ArchiveMessageOptions } from './archive-message.js';
import { silentMessage, type MessageBody } from './message-body.js';
import { escapeInlineText } from './safe-text.js';
import { DISCORD_MESSAGE_LIMIT } from './split.js';

export const TOP_ANSWERS = 3;
const NAME_MAX = 80;
const QUESTION_PREVIEW_MAX = 200;
const ANSWER_PREVIEW_MIN = 80;

/** Most votes first; among equal votes, the order they were answered in (the document's). */
export function mostVotedAnswers(doc: ArchiveDocument, count = TOP_ANSWERS): ArchivedQuestion[] {
  return doc.questions
    .map((question, index) => ({ question, index }))
    .sort((a, b) => b.question.votes - a.question.votes || a.index - b.index)
    .slice(0, count)
    .map(({ question }) => question);
}

export function renderArchiveForumPost(session: Session, doc: ArchiveDocument, options: ArchiveMessageOptions = {}): MessageBody {
  const summary = renderArchiveMessage(session, doc, options).content;
  const top = mostVotedAnswers(doc);
  if (top.length === 0) return silentMessage(summary);

  const heading = `\n\n### ${top.length === 1 ? 'The answer' : `The ${top.length} most-voted answers`}`;
  const frames = top.map((question) => renderFrame(question));
  // Whatever room is left is shared equally by the answer previews.
  const room = DISCORD_MESSAGE_LIMIT - summary.length - heading.length - frames.reduce((total, frame) => total + frame.length + 2, 0);
  const answerMax = Math.max(ANSWER_PREVIEW_MIN, Math.floor(room / top.length));
  const blocks = top.map((question, index) => `${frames[index]}\n${escapeInlineText(previewText(question.answer.text, answerMax), answerMax * 2)}`);
  return silentMessage(fitWithin(`${summary}${heading}`, blocks));
}

/** "**Q12** · 5 votes · Ada\n> question…" : everything about an answer but its text. */
function renderFrame(question: ArchivedQuestion): string {
  const asker = escapeInlineText(question.asker.name, NAME_MAX);
  const text = escapeInlineText(previewText(question.text, QUESTION_PREVIEW_MAX), QUESTION_PREVIEW_MAX * 2);
  return `**Q${question.number}** · ${countVotes(question.votes)} · ${asker}\n> ${text}`;
}

/** The head and as many whole blocks as fit; escaping can lengthen previews a little past the share. */
function fitWithin(head: string, blocks: readonly string[]): string {
  let text = head;
  for (const block of blocks) {
    if (text.length + 2 + block.length > DISCORD_MESSAGE_LIMIT) break;
    text += `\n\n${block}`;
  }
  return text;
}
