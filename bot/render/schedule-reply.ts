// What a moderator sees after scheduling, rescheduling or extending: the times Parley read, as
// Discord timestamps (each reader's own zone), before members are told anything.

import type { Session } from '../../storage/model.js';
import { formatUtcOffset, offsetMinutesAt } from '../time-zones.js';
import { describeDuration, listDurations } from './duration.js';
import { fullDateTime, relativeTime } from './timestamps.js';

export interface ScheduleReplyInput {
  session: Session;
  now: number;
  opensNow: boolean;
  /** What was typed for start and duration, echoed so a misreading is easy to spot. */
  typedStart: string | null;
  /** Said instead of the event line when Parley can't keep a Discord event. */
  eventWarning: string | null;
  /** Said when the reminder role will not actually be pinged. */
  roleWarning: string | null;
}

export function renderScheduleReply({ session, now, opensNow, typedStart, eventWarning, roleWarning }: ScheduleReplyInput): string {
  const channel = `<#${session.channelId}>`;
  const length = describeDuration(session.endsAt - session.startsAt);
  const lines = [`Scheduled AMA **#${session.id}** with <@${session.host.id}>: ${session.title}`];
  if (opensNow) {
    lines.push(`It is **open now** in ${channel} until ${fullDateTime(session.endsAt)} (${relativeTime(session.endsAt)}).`);
  } else {
    lines.push(`It opens ${fullDateTime(session.startsAt)} (${relativeTime(session.startsAt)}) in ${channel} and ends ${fullDateTime(session.endsAt)}, after ${length}.`);
    if (typedStart) lines.push(readAs(typedStart, session));
    lines.push(renderReminderPlan(session, now));
  }
  if (roleWarning && !opensNow) lines.push(roleWarning);
  lines.push(eventWarning ?? 'Members can press **Interested** on its Discord event, which moves with the AMA.');
  lines.push(`The archive goes to <#${session.archiveChannelId}>.`);
  return lines.join('\n');
}

export function renderRescheduleReply(session: Session, before: { startsAt: number; endsAt: number }, typedStart: string, now: number): string {
  return [
    `AMA **#${session.id}** now opens ${fullDateTime(session.startsAt)} (${relativeTime(session.startsAt)}) and ends ${fullDateTime(session.endsAt)}, after ${describeDuration(session.endsAt - session.startsAt)}.`,
    readAs(typedStart, session),
    `It was ${fullDateTime(before.startsAt)}. ${renderReminderPlan(session, now)}${session.eventProblem ? '' : ' Its Discord event moves with it.'}`,
  ].join('\n');
}

export function renderExtendReply(session: Session, before: { endsAt: number }): string {
  const more = describeDuration(session.endsAt - before.endsAt);
  const shownBy = [session.status === 'open' ? 'The intro' : null, session.eventProblem ? null : 'its Discord event'].filter(Boolean);
  const state = shownBy.length === 0 ? '' : `${shownBy.join(' and ').replace(/^its/, 'Its')} ${shownBy.length > 1 ? 'show' : 'shows'} the new end.`;
  return `AMA **#${session.id}** now ends ${fullDateTime(session.endsAt)} (${relativeTime(session.endsAt)}), ${more} later than before. ${state}`.trim();
}

/** "Reminders 1 day and 15 minutes before, in #ama, pinging @Role.", leaving out those already past. */
export function renderReminderPlan(session: Session, now: number): string {
  const offsets = (session.reminderOffsets ?? []).filter((offset) => session.startsAt - offset > now);
  if ((session.reminderOffsets ?? []).length === 0) return 'No reminders.';
  if (offsets.length === 0) return 'No reminders: it opens too soon for the ones asked for.';
  const ping = session.reminderRoleId ? `, pinging <@&${session.reminderRoleId}>` : '';
  const past = (session.reminderOffsets ?? []).filter((offset) => !offsets.includes(offset));
  const skipped = past.length === 0 ? '' : ` (${listDurations(past)} before ${past.length === 1 ? 'has' : 'have'} already passed.)`;
  return `Reminders ${listDurations(offsets)} before, in <#${session.channelId}>${ping}.${skipped}`;
}

function readAs(typed: string, session: Session): string {
  const zone = session.timeZone ?? 'UTC';
  const offset = formatUtcOffset(offsetMinutesAt(zone, session.startsAt));
  return `(Read “${typed.replace(/[`*_~|]/g, '').slice(0, 64)}” in ${zone}, ${offset} on that day.)`;
}
