import { UserError } from '../../bot/errors.js';
import { canModerate } from '../../bot/permissions.js';
import { renderExtendReply, renderRescheduleReply } from '../../bot/render/schedule-reply.js';
import { MAX_DURATION, parseDuration, parseLength, parseStart } from '../../bot/time-input.js';
import type { Session } from '../../storage/model.js';
import type { MoveResult, SessionMove } from '../../storage/session-store.js';
import type { CommandContext } from '../command.js';
import { callerOf, type Caller } from '../guild-context.js';
import { resolveSession } from '../resolve-session.js';
import { eventProblemFor } from './event-permission.js';
import { pickTimeZone } from './time-zone-choices.js';

// /ama reschedule and /ama extend: changing plans. The new times are stored in one atomic step
// (storage/lua/session-scripts.ts, moveSessionScript); then jobs for the new times are queued
// before the old ones are removed, so a crash in between leaves extra jobs, which find the
// session "not-due" and do nothing, rather than missing ones.

function requireModerator(ctx: CommandContext): Caller {
  const caller = callerOf(ctx.interaction);
  if (!canModerate(caller.permissions)) throw new UserError('Only moderators (Manage Events) can change an AMA’s times.');
  return caller;
}

export async function rescheduleSession(ctx: CommandContext): Promise<void> {
  const caller = requireModerator(ctx);
  const { sessions, now: clock } = ctx.services;
  const options = ctx.interaction.options;
  const session = await resolveSession(sessions, caller, { requested: options.getInteger('session'), statuses: ['scheduled', 'open'], action: 'reschedule' });
  if (session.status === 'open') throw startedAlready(session);
  const now = clock();
  const timeZone = pickTimeZone(options.getString('timezone'), session.timeZone ?? null);
  const typedStart = options.getString('start', true);
  const startsAt = parseStart(typedStart, { now, timeZone });
  if (startsAt <= now) throw new UserError(`To open AMA #${session.id} now, use \`/ama start\`.`);
  const durationOption = options.getString('duration');
  const length = durationOption === null ? session.endsAt - session.startsAt : parseLength(durationOption, { startsAt, timeZone });

  const result = await sessions.move(caller.guildId, session.id, { kind: 'reschedule', startsAt, endsAt: startsAt + length }, now, MAX_DURATION);
  const moved = await afterMove(ctx, session, result, { kind: 'reschedule', startsAt, endsAt: startsAt + length }, timeZone);
  await ctx.respond({ content: renderRescheduleReply(moved, result.before!, typedStart, now) });
}

export async function extendSession(ctx: CommandContext): Promise<void> {
  const caller = requireModerator(ctx);
  const options = ctx.interaction.options;
  const session = await resolveSession(ctx.services.sessions, caller, { requested: options.getInteger('session'), statuses: ['open', 'scheduled'], action: 'extend' });
  const byMs = parseDuration(options.getString('by', true));
  const result = await ctx.services.sessions.move(caller.guildId, session.id, { kind: 'extend', byMs }, ctx.services.now(), MAX_DURATION);
  const moved = await afterMove(ctx, session, result, { kind: 'extend', byMs }, session.timeZone ?? 'UTC');
  await ctx.respond({ content: renderExtendReply(moved, result.before!) });
}

/** Refuses what the script refused; otherwise queues the jobs for the new times and drops the old. */
async function afterMove(ctx: CommandContext, session: Session, result: MoveResult, move: SessionMove, timeZone: string): Promise<Session> {
  if (result.outcome !== 'moved' || !result.before || !result.after) throw refusal(session, result);
  const { scheduler, sessions } = ctx.services;
  const status = result.status === 'open' ? 'open' : 'scheduled';
  const old: Session = { ...session, status, ...result.before };
  let moved: Session = { ...session, status, ...result.after, timeZone };
  if (move.kind === 'reschedule' && timeZone !== session.timeZone) await sessions.setTimeZone(session.guildId, session.id, timeZone);

  // A moderator changing plans is a good moment to try the Discord event again, if the bot has
  // since been given the permission it lacked.
  if (moved.eventProblem === 'missing-permission' && eventProblemFor(ctx.interaction.appPermissions?.bitfield ?? null) === null) {
    await sessions.recordEventProblem(session.guildId, session.id, null);
    moved = { ...moved, eventProblem: null };
  }

  await scheduler.scheduleLifecycle(moved);
  const ref = { guildId: session.guildId, sessionId: session.id };
  if (move.kind === 'reschedule') {
    await scheduler.scheduleReminders(moved);
    await scheduler.syncEvent(ref, `rescheduled-${moved.startsAt}-${moved.endsAt}`);
    await scheduler.dropOpenJob(old);
    await scheduler.dropReminders(old);
  } else if (status === 'open') {
    // The intro shows the end time, and so does the event.
    await scheduler.syncSession(ref, `extended-${moved.endsAt}`);
  } else {
    await scheduler.syncEvent(ref, `extended-${moved.endsAt}`);
  }
  await scheduler.dropCloseJob(old);
  ctx.log.info({ sessionId: session.id, before: result.before, after: result.after, kind: move.kind }, 'session times moved');
  return moved;
}

function refusal(session: Session, result: MoveResult): UserError {
  switch (result.outcome) {
    case 'scheduled-only':
      return startedAlready(session);
    case 'too-long':
      return new UserError('An AMA lasts at most 31 days.');
    case 'already-over':
      return new UserError('That would end the AMA in the past. Give it a later end.');
    case 'missing':
      return new UserError(`There is no session #${session.id} in this server.`);
    default:
      return new UserError(`AMA #${session.id} is ${result.outcome}; its times can no longer change.`);
  }
}

function startedAlready(session: Session): UserError {
  return new UserError(`AMA #${session.id} has already started, so it can't move. Give it more time with \`/ama extend\`, or end it with \`/ama end\`.`);
}
