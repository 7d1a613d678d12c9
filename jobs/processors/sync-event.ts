import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { eventMarker, renderScheduledEvent } from '../../bot/render/scheduled-event.js';
import type { Session } from '../../storage/model.js';
import type { SessionStore } from '../../storage/session-store.js';
import { isMissingEventPermission, type DiscordEvents, type EventDraft, type ScheduledEventState } from '../discord-events-rest.js';
import type { SessionRef } from '../payloads.js';
import { draftEvent, planEventSync } from './event-plan.js';

export interface SyncEventDeps {
  sessions: Pick<SessionStore, 'get' | 'recordEvent' | 'recordEventProblem' | 'lockEvent' | 'unlockEvent'>;
  /** Absent where Discord events are not wired (some tests): the job then does nothing. */
  events?: DiscordEvents;
  now: () => number;
  log: Logger;
}

/** Longer than any sync takes; a holder that died frees the lock after this. */
const LOCK_TTL_MS = 60_000;
/** A create whose answer was lost is looked for among events made this long before the session. */
const CREATE_LOOKBACK_MS = 10 * 60_000;

/** Another sync of the same session's event is running; BullMQ retries this one after a backoff. */
export class EventSyncBusyError extends Error {
  override name = 'EventSyncBusyError';
}

/**
 * Brings the session's Discord event in line with the session: creates it (once) while the
 * session is ahead or running, then moves its times and status along with the session, reading
 * both sides fresh on every run, so a late or repeated run converges instead of replaying a
 * change. One sync per session at a time (a lock), so two never create two events or apply an
 * older state over a newer one.
 * Missing permission is not a failure: the session runs without an event, the problem is recorded
 * (shown by /ama list), and nothing is tried again until a moderator changes the session.
 */
export async function syncEventJob(ref: SessionRef, deps: SyncEventDeps): Promise<string> {
  const events = deps.events;
  if (!events) return 'events-not-wired';
  const token = randomUUID();
  if (!(await deps.sessions.lockEvent(ref.guildId, ref.sessionId, token, LOCK_TTL_MS))) {
    throw new EventSyncBusyError(`another sync holds the event of session ${ref.sessionId}`);
  }
  try {
    return await converge(ref, events, deps);
  } catch (error) {
    if (!isMissingEventPermission(error)) throw error;
    await deps.sessions.recordEventProblem(ref.guildId, ref.sessionId, 'missing-permission');
    deps.log.warn({ sessionId: ref.sessionId }, 'no Discord event: the bot lacks Manage Events');
    return 'missing-permission';
  } finally {
    await deps.sessions.unlockEvent(ref.guildId, ref.sessionId, token);
  }
}

async function converge(ref: SessionRef, events: DiscordEvents, deps: SyncEventDeps): Promise<string> {
  const session = await deps.sessions.get(ref.guildId, ref.sessionId);
  if (!session) return 'missing';
  if (session.eventProblem) return `no-event (${session.eventProblem})`;
  const now = deps.now();
  const text = renderScheduledEvent(session);

  let event: ScheduledEventState | null = null;
  if (session.eventId) {
    event = await events.get(session.guildId, session.eventId);
    if (!event) {
      // Someone deleted it in Discord; putting it back would undo a moderator's decision.
      await deps.sessions.recordEventProblem(session.guildId, session.id, 'deleted');
      return 'event-deleted';
    }
  } else {
    if (session.status === 'closed' || session.status === 'cancelled') return 'no-event';
    event = await findOrCreate(session, draftEvent(session, text, now), events, deps);
  }

  const changes = planEventSync(session, event, text, now);
  for (const change of changes) event = await events.edit(session.guildId, event.id, change);
  return changes.length === 0 ? 'in-step' : `updated ${changes.length}`;
}

/** The event an earlier attempt made (its answer lost), else a new one; recorded before use. */
async function findOrCreate(session: Session, draft: EventDraft, events: DiscordEvents, deps: SyncEventDeps): Promise<ScheduledEventState> {
  const [existing, botId] = await Promise.all([events.list(session.guildId), events.botUserId()]);
  const marker = eventMarker(session);
  const found = existing.find(
    (event) =>
      event.creatorId === botId &&
      event.location === draft.location &&
      (event.description ?? '').endsWith(marker) &&
      event.createdAt >= session.createdAt - CREATE_LOOKBACK_MS,
  );
  const event = found ?? (await events.create(session.guildId, draft));
  await deps.sessions.recordEvent(session.guildId, session.id, event.id);
  deps.log.info({ eventId: event.id, found: Boolean(found) }, 'Discord event created');
  return event;
}
