import type { Logger } from 'pino';
import { renderReminderMessage } from '../../bot/render/reminder.js';
import type { SessionStore } from '../../storage/session-store.js';
import type { DiscordMessages } from '../discord-rest.js';
import { messageNonce } from '../nonce.js';
import type { ReminderRef } from '../payloads.js';

export interface RemindDeps {
  sessions: Pick<SessionStore, 'get' | 'reminderSent' | 'recordReminderSent'>;
  discord: DiscordMessages;
  now: () => number;
  log: Logger;
}

/** A job may run this much before its due time (timers, clock differences) and still count. */
const EARLY_TOLERANCE_MS = 1_000;

/**
 * Posts the reminder `offsetMs` before the session's start, in the AMA channel, at most once per
 * start time. The job carries the offset only and reads the session when it runs, so it does
 * nothing when the session was rescheduled (its start no longer matches: the reschedule queued
 * fresh reminders), started early, cancelled, or when a shorter reminder is also already due
 * (the bot was down: one reminder, the closest, rather than a burst).
 */
export async function remindJob(ref: ReminderRef, deps: RemindDeps): Promise<string> {
  const session = await deps.sessions.get(ref.guildId, ref.sessionId);
  if (!session) return 'missing';
  if (session.status !== 'scheduled') return `not-scheduled (${session.status})`;
  const offsets = session.reminderOffsets ?? [];
  if (!offsets.includes(ref.offsetMs)) return 'not-wanted';
  const now = deps.now();
  const dueAt = session.startsAt - ref.offsetMs;
  if (dueAt > now + EARLY_TOLERANCE_MS) return 'not-due';
  if (now >= session.startsAt) return 'too-late';
  if (offsets.some((offset) => offset < ref.offsetMs && session.startsAt - offset <= now)) return 'superseded';
  if (await deps.sessions.reminderSent(session.guildId, session.id, ref.offsetMs, session.startsAt)) return 'already-sent';

  // The nonce covers a retry whose first post went through but was not recorded.
  const nonce = messageNonce('reminder', session.guildId, session.id, session.createdAt, ref.offsetMs, session.startsAt);
  const messageId = await deps.discord.createMessage(session.channelId, renderReminderMessage(session), nonce);
  await deps.sessions.recordReminderSent(session.guildId, session.id, ref.offsetMs, session.startsAt);
  deps.log.info({ messageId, offsetMs: ref.offsetMs, role: session.reminderRoleId }, 'reminder posted');
  return 'sent';
}
