// The reminder posted in the AMA channel before a session opens: the one message Parley ever
// posts that may ping a role, and only the role a moderator chose for it.

import type { Session } from '../../storage/model.js';
import { renderSessionHeading } from './heading.js';
import { silentMessage, type MessageBody } from './message-body.js';
import { renderPerson } from './person.js';
import { fullDateTime, relativeTime } from './timestamps.js';

export function renderReminderMessage(session: Session): MessageBody {
  const lines = [
    `⏰ **${renderSessionHeading(session)}** opens ${fullDateTime(session.startsAt)} (${relativeTime(session.startsAt)}).`,
    `With ${renderPerson(session.host)}. It runs until ${fullDateTime(session.endsAt)}.`,
    session.collectEarly
      ? 'Questions are already being taken: ask yours now with `/ask`, and vote for the ones you want answered.'
      : 'Ask your questions here with `/ask` once it opens.',
  ];
  if (session.eventId) lines.push(`Press **Interested** on the event to be notified: https://discord.com/events/${session.guildId}/${session.eventId}`);
  const roleId = session.reminderRoleId;
  if (!roleId) return silentMessage(lines.join('\n'));
  // silentMessage checks the length; the role is then the one mention allowed to ping.
  const body = silentMessage([...lines, `<@&${roleId}>`].join('\n'));
  return { ...body, allowed_mentions: { parse: [], roles: [roleId] } };
}
