import type { RedisClient } from './redis.js';
import { readHashes } from './read-hashes.js';
import { hostIdsField, sessionFromHash, sessionToHash } from './codec.js';
import { activeMember, activeSessionsKey, guildKeys, parseActiveMember, sessionKeys } from './keys.js';
import type { AskLimits, EventProblem, Person, Session, SessionStatus } from './model.js';
import { cancelSessionScript, closeSessionScript, createSessionScript, moveSessionScript, openSessionScript, releaseLockScript } from './lua/session-scripts.js';

export interface NewSession {
  guildId: string;
  title: string;
  host: Person;
  cohosts: Person[];
  intro: string | null;
  moderated: boolean;
  reviewChannelId: string | null;
  allowAnonymous: boolean;
  collectEarly: boolean;
  limits: AskLimits;
  channelId: string;
  archiveChannelId: string;
  startsAt: number;
  endsAt: number;
  createdBy: string;
  createdAt: number;
  /** The IANA zone the times were typed in; UTC when absent. */
  timeZone?: string;
  /** Reminder offsets in ms before the start; none when absent. */
  reminderOffsets?: number[];
  reminderRoleId?: string | null;
  /** Known at scheduling time: the bot can't manage events, so none is tried. */
  eventProblem?: EventProblem | null;
}

/** A new place in time: absolute times (a scheduled session only), or more time at the end. */
export type SessionMove = { kind: 'reschedule'; startsAt: number; endsAt: number } | { kind: 'extend'; byMs: number };

export type MoveOutcome = 'moved' | 'too-long' | 'already-over' | 'scheduled-only' | 'closed' | 'cancelled' | 'missing';

export interface MoveResult {
  outcome: MoveOutcome;
  /** The session's status when it was (or was not) moved. */
  status: SessionStatus | null;
  /** Set when moved: the times before and after. */
  before?: { startsAt: number; endsAt: number };
  after?: { startsAt: number; endsAt: number };
}

export type OpenOutcome = 'opened' | 'not-due' | 'already-open' | 'closed' | 'cancelled' | 'missing';
export type CloseOutcome = 'closed' | 'not-due' | 'not-open' | 'already-closed' | 'cancelled' | 'missing';
export type CancelOutcome = 'cancelled' | 'closed' | 'already-cancelled' | 'missing';
/** 'due' is the scheduled job's view (never early); 'now' is a moderator acting at once. */
export type TransitionMode = 'due' | 'now';

/** Sessions of every guild: creation, the lifecycle transitions, and what was posted for them. */
export class SessionStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async create(input: NewSession): Promise<Session> {
    const draft: Session = {
      ...input,
      id: 0,
      status: 'scheduled',
      openedAt: null,
      closedAt: null,
      questionCount: 0,
      answeredCount: 0,
      introMessageId: null,
      archiveMessageId: null,
    };
    const { id: _unassigned, ...fields } = sessionToHash(draft);
    const id = Number(
      await createSessionScript.run(this.redis, [guildKeys(this.prefix, input.guildId).base], [JSON.stringify(fields)]),
    );
    await this.markActive(input.guildId, id, input.startsAt);
    return { ...draft, id };
  }

  async get(guildId: string, sessionId: number): Promise<Session | null> {
    const hash = await this.redis.hgetall(sessionKeys(this.prefix, guildId, sessionId).session);
    return Object.keys(hash).length === 0 ? null : sessionFromHash(hash);
  }

  /** The guild's sessions, newest start first. */
  async list(guildId: string, limit = 25): Promise<Session[]> {
    const ids = await this.redis.zrevrange(guildKeys(this.prefix, guildId).sessions, 0, limit - 1);
    return this.getMany(guildId, ids.map(Number));
  }

  /** Sessions open now, soonest end first. */
  async listOpen(guildId: string): Promise<Session[]> {
    const ids = await this.redis.zrange(guildKeys(this.prefix, guildId).open, 0, -1);
    return this.getMany(guildId, ids.map(Number));
  }

  async open(guildId: string, sessionId: number, now: number, mode: TransitionMode): Promise<OpenOutcome> {
    const keys = sessionKeys(this.prefix, guildId, sessionId);
    return (await openSessionScript.run(this.redis, [keys.session, guildKeys(this.prefix, guildId).open], [now, mode])) as OpenOutcome;
  }

  async close(guildId: string, sessionId: number, now: number, mode: TransitionMode): Promise<CloseOutcome> {
    const keys = sessionKeys(this.prefix, guildId, sessionId);
    return (await closeSessionScript.run(this.redis, [keys.session, guildKeys(this.prefix, guildId).open], [now, mode])) as CloseOutcome;
  }

  /**
   * Moves the session's times, the indexes that sort by them and (for an open session) its
   * place in the open set, in one atomic step; see moveSessionScript.
   */
  async move(guildId: string, sessionId: number, move: SessionMove, now: number, longestMs: number): Promise<MoveResult> {
    const keys = sessionKeys(this.prefix, guildId, sessionId);
    const guild = guildKeys(this.prefix, guildId);
    const args = move.kind === 'reschedule' ? [move.startsAt, move.endsAt] : [move.byMs];
    const reply = (await moveSessionScript.run(this.redis, [keys.session, guild.sessions, guild.open], [move.kind, now, longestMs, ...args])) as string[];
    const [outcome, status, oldStart, oldEnd, newStart, newEnd] = reply;
    const result: MoveResult = { outcome: outcome as MoveOutcome, status: (status ?? null) as SessionStatus | null };
    if (outcome === 'moved') {
      result.before = { startsAt: Number(oldStart), endsAt: Number(oldEnd) };
      result.after = { startsAt: Number(newStart), endsAt: Number(newEnd) };
      await this.markActive(guildId, sessionId, result.after.startsAt);
    }
    return result;
  }

  async cancel(guildId: string, sessionId: number, now: number): Promise<CancelOutcome> {
    const keys = sessionKeys(this.prefix, guildId, sessionId);
    return (await cancelSessionScript.run(this.redis, [keys.session, guildKeys(this.prefix, guildId).open], [now])) as CancelOutcome;
  }

  /** The zone a rescheduled session's times were typed in (echoed back, default for the next move). */
  async setTimeZone(guildId: string, sessionId: number, timeZone: string): Promise<void> {
    await this.redis.hset(sessionKeys(this.prefix, guildId, sessionId).session, 'timeZone', timeZone);
  }

  /** Replaces the co-hosts; the host-id list Lua scripts check moves with them atomically. */
  async setCohosts(session: Session, cohosts: Person[]): Promise<void> {
    await this.redis.hset(sessionKeys(this.prefix, session.guildId, session.id).session, {
      cohosts: JSON.stringify(cohosts),
      hostIds: hostIdsField(session.host, cohosts),
    });
  }

  async recordIntroMessage(guildId: string, sessionId: number, messageId: string): Promise<void> {
    await this.redis.hset(sessionKeys(this.prefix, guildId, sessionId).session, 'introMessageId', messageId);
  }

  async recordIntroEnded(guildId: string, sessionId: number): Promise<void> {
    await this.redis.hset(sessionKeys(this.prefix, guildId, sessionId).session, 'introShowsEnded', '1');
  }

  async introShowsEnded(guildId: string, sessionId: number): Promise<boolean> {
    return (await this.redis.hget(sessionKeys(this.prefix, guildId, sessionId).session, 'introShowsEnded')) === '1';
  }

  async recordArchiveMessage(guildId: string, sessionId: number, messageId: string): Promise<void> {
    await this.redis.hset(sessionKeys(this.prefix, guildId, sessionId).session, 'archiveMessageId', messageId);
  }

  /** The end time the posted intro shows, so an extended session's intro is edited once. */
  async recordIntroEndsAt(guildId: string, sessionId: number, endsAt: number): Promise<void> {
    await this.redis.hset(sessionKeys(this.prefix, guildId, sessionId).session, 'introEndsAt', String(endsAt));
  }

  async introEndsAt(guildId: string, sessionId: number): Promise<number | null> {
    const value = await this.redis.hget(sessionKeys(this.prefix, guildId, sessionId).session, 'introEndsAt');
    return value === null ? null : Number(value);
  }

  /** The Discord event made for the session; recorded before anything else is done to it. */
  async recordEvent(guildId: string, sessionId: number, eventId: string): Promise<void> {
    await this.redis.hset(sessionKeys(this.prefix, guildId, sessionId).session, 'eventId', eventId);
  }

  /** Why the session has no event kept in step (null: none, try again). */
  async recordEventProblem(guildId: string, sessionId: number, problem: EventProblem | null): Promise<void> {
    const key = sessionKeys(this.prefix, guildId, sessionId).session;
    if (problem === null) await this.redis.hdel(key, 'eventProblem');
    else await this.redis.hset(key, 'eventProblem', problem);
  }

  /**
   * Takes the session's event lock for `ttlMs` if nobody holds it; the token identifies the
   * holder, so an expired holder never releases the lock a later one took.
   */
  async lockEvent(guildId: string, sessionId: number, token: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(sessionKeys(this.prefix, guildId, sessionId).eventLock, token, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async unlockEvent(guildId: string, sessionId: number, token: string): Promise<void> {
    await releaseLockScript.run(this.redis, [sessionKeys(this.prefix, guildId, sessionId).eventLock], [token]);
  }

  async reminderSent(guildId: string, sessionId: number, offsetMs: number, startsAt: number): Promise<boolean> {
    return (await this.redis.sismember(sessionKeys(this.prefix, guildId, sessionId).remindersSent, `${offsetMs}@${startsAt}`)) === 1;
  }

  async recordReminderSent(guildId: string, sessionId: number, offsetMs: number, startsAt: number): Promise<void> {
    await this.redis.sadd(sessionKeys(this.prefix, guildId, sessionId).remindersSent, `${offsetMs}@${startsAt}`);
  }

  /** Keeps the session in the start-up catch-up list until its archive is published. */
  async markActive(guildId: string, sessionId: number, dueAt: number): Promise<void> {
    await this.redis.zadd(activeSessionsKey(this.prefix), dueAt, activeMember(guildId, sessionId));
  }

  async clearActive(guildId: string, sessionId: number): Promise<void> {
    await this.redis.zrem(activeSessionsKey(this.prefix), activeMember(guildId, sessionId));
  }

  async listActive(): Promise<{ guildId: string; sessionId: number }[]> {
    const members = await this.redis.zrange(activeSessionsKey(this.prefix), 0, -1);
    return members.map(parseActiveMember).filter((entry) => entry !== null);
  }

  private async getMany(guildId: string, ids: number[]): Promise<Session[]> {
    const hashes = await readHashes(this.redis, ids.map((id) => sessionKeys(this.prefix, guildId, id).session));
    return hashes.map(sessionFromHash);
  }
}
