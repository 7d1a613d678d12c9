// A question waiting for a moderator, as posted in a moderated session's review channel, and
// the same message once decided.

import { ButtonStyle } from 'discord-api-types/v10';
import type { Question, Session } from '../../storage/model.js';
import { buttonRow } from './components.js';
import { silentMessage, type MessageBody } from './message-body.js';
import { renderPerson } from './person.js';
import { defuseMassMentions } from './safe-text.js';
import { renderSessionHeading } from './heading.js';

const DECIDED: Partial<Record<Question['status'], string>> = {
  pending: '✅ Approved',
  answered: '✅ Approved and answered',
  rejected: '🚫 Rejected',
  hidden: '🙈 Hidden',
  withdrawn: '↩️ Withdrawn by the asker',
};

export function renderReviewMessage(session: Session, question: Question): MessageBody {
  // Moderators always see who asked, anonymous or not.
  const who = `${renderPerson(question.asker)} (<@${question.asker.id}>)${question.anonymous ? ' · asked anonymously' : ''}`;
  const header = `**Q${question.number} for review** · #${session.id} ${renderSessionHeading(session)}\n${who}`;
  const room = 2000 - header.length - 40;
  const text = defuseMassMentions(question.text).slice(0, room);
  const quoted = text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  const decided = DECIDED[question.status];
  if (decided) return { ...silentMessage(`${header}\n${quoted}\n${decided}`), components: [] };
  const ref = { sessionId: session.id, number: question.number };
  return {
    ...silentMessage(`${header}\n${quoted}`),
    components: [
      buttonRow(
        { ...ref, action: 'review-approve', label: 'Approve', style: ButtonStyle.Success },
        { ...ref, action: 'review-edit', label: 'Edit, then approve', style: ButtonStyle.Primary },
        { ...ref, action: 'review-reject', label: 'Reject', style: ButtonStyle.Danger },
      ),
    ],
  };
}
