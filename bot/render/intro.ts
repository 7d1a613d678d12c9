// The AMA's opening post. The close job edits the same message into its ended state, so one
// function renders every state of it.

import type { Session } from '../../storage/model.js';
import { countQuestions, truncateAtWord } from '../../archive/text.js';
import { renderSessionHeading } from './heading.js';
import { silentMessage, type MessageBody } from './message-body.js';
import { renderName } from './person.js';
import { defuseMassMentions, escapeInlineText } from './safe-text.js';
import { DISCORD_MESSAGE_LIMIT } from './split.js';
import { fullDateTime, relativeTime } from './timestamps.js';

const HOST_TITLE_MAX = 150;

/**
 * @param now Epoch ms; stands in for the closing time when an ended session has none recorded
 *   (a cancel before it opened), since the job rendering the ended state runs at that moment.
 */
export function renderIntroMessage(session: Session, now: number): MessageBody {
  const header = [`## ${renderSessionHeading(session)}`];
  if (session.host.title) header.push(`*${escapeInlineText(session.host.title, HOST_TITLE_MAX)}*`);
  const headerText = header.join('\n');
  const status = renderIntroStatus(session, now);

  // The intro is the only part without a natural size cap, so it gives way when space is short.
  const separators = 4;
  const introBudget = DISCORD_MESSAGE_LIMIT - headerText.length - status.length - separators;
  const intro = session.intro ? truncateAtWord(defuseMassMentions(session.intro.trim()), introBudget) : '';

  return silentMessage([headerText, intro, status].filter(Boolean).join('\n\n'));
}

function renderIntroStatus(session: Session, now: number): string {
  switch (session.status) {
    case 'scheduled':
      return [
        `Opens ${fullDateTime(session.startsAt)} (${relativeTime(session.startsAt)}) and runs until ${fullDateTime(session.endsAt)}.`,
        'Once it opens, ask your question with `/ask`.',
      ].join('\n');
    case 'open':
      return [
        `**Questions are open until ${fullDateTime(session.endsAt)}** (${relativeTime(session.endsAt)}).`,
        'Ask yours with `/ask`. Each question is posted here and answered in a thread under it.',
      ].join('\n');
    case 'closed':
      return [
        `**This AMA has ended** (${fullDateTime(session.closedAt ?? now)}).`,
        `${renderName(session.host)} answered ${session.answeredCount} of ${countQuestions(session.questionCount)}.`,
        `The transcript is published in <#${session.archiveChannelId}>.`,
      ].join(' ');
    case 'cancelled':
      return [
        `**This AMA was cancelled** (${fullDateTime(session.closedAt ?? now)}).`,
        session.answeredCount > 0 ? `${countQuestions(session.answeredCount)} had been answered.` : '',
      ].filter(Boolean).join(' ');
  }
}
