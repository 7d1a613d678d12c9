import { GuildScheduledEventStatus } from 'discord-api-types/v10';
import type { EventText } from '../../bot/render/scheduled-event.js';
import type { Session } from '../../storage/model.js';
import type { EventChange, EventDraft, ScheduledEventState } from '../discord-events-rest.js';

// Pure planning for the sync-event job: from the session (Redis, the record) and the event as
// Discord has it, the edits that bring the event in line, in an order Discord accepts.
// Discord's status rules: SCHEDULED → ACTIVE or CANCELED, ACTIVE → COMPLETED, and nothing after
// COMPLETED or CANCELED. An event may not start in the past, and must end after it starts.

const { Scheduled, Active, Completed, Canceled } = GuildScheduledEventStatus;

/**
 * Discord refuses an event starting in the past; a start this close to now is moved this far
 * ahead, so that clock differences between Parley and Discord never make a create fail.
 */
export const EVENT_START_MARGIN_MS = 60_000;

/** The event to create for a session that has none: at its times, or just ahead of now. */
export function draftEvent(session: Session, text: EventText, now: number): EventDraft {
  const startsAt = Math.max(session.startsAt, now + EVENT_START_MARGIN_MS);
  return { ...text, startsAt, endsAt: Math.max(session.endsAt, startsAt + EVENT_START_MARGIN_MS) };
}

/** The status the event should end up in for this session. */
export function wantedStatus(session: Session, current: GuildScheduledEventStatus): GuildScheduledEventStatus {
  switch (session.status) {
    case 'scheduled':
      return Scheduled;
    case 'open':
      return Active;
    case 'closed':
      return Completed;
    case 'cancelled':
      // A cancelled event that had started can only be completed.
      return current === Scheduled ? Canceled : Completed;
  }
}

/** The edits, in order; [] when the event already matches (or has ended and can't change). */
export function planEventSync(session: Session, event: ScheduledEventState, text: EventText, now: number): EventChange[] {
  if (event.status === Completed || event.status === Canceled) return [];
  const wanted = wantedStatus(session, event.status);
  const details: EventChange = {};
  if (event.name !== text.name) details.name = text.name;
  if ((event.description ?? '') !== text.description) details.description = text.description;
  if (event.location !== text.location) details.location = text.location;

  if (event.status === Scheduled) {
    if (wanted === Scheduled) {
      // Times follow a reschedule or an extension. A start too close to set (Discord may
      // already see it as past) is left as it is: the open job makes the event active anyway.
      if (event.startsAt !== session.startsAt && session.startsAt >= now + EVENT_START_MARGIN_MS) details.startsAt = session.startsAt;
      const endsAt = Math.max(session.endsAt, (details.startsAt ?? event.startsAt) + EVENT_START_MARGIN_MS);
      if (event.endsAt !== endsAt) details.endsAt = endsAt;
      return Object.keys(details).length > 0 ? [details] : [];
    }
    if (wanted === Active) return [{ ...details, status: Active, ...endFor(session, event) }];
    if (wanted === Canceled) return [{ ...details, status: Canceled }];
    // Closed without ever having been started in Discord (the bot was down all through it).
    return [{ ...details, status: Active }, { status: Completed }];
  }

  // Active.
  if (wanted === Active) {
    const change = { ...details, ...endFor(session, event) };
    return Object.keys(change).length > 0 ? [change] : [];
  }
  if (wanted === Completed || wanted === Canceled) return [{ ...details, status: Completed }];
  return Object.keys(details).length > 0 ? [details] : [];
}

/** The end time change an open session needs (extended), if any; never before the start. */
function endFor(session: Session, event: ScheduledEventState): Pick<EventChange, 'endsAt'> {
  const endsAt = Math.max(session.endsAt, event.startsAt + EVENT_START_MARGIN_MS);
  return event.endsAt === endsAt ? {} : { endsAt };
}
