import type { Redis } from 'ioredis';
import { readHashes } from './read-hashes.js';
import { hostIdsField, sessionFromHash, sessionToHash } from './codec.js';
import { activeMember, activeSessionsKey, guildKeys, parseActiveMember, sessionKeys } from './keys.js';
import type { AskLimits, Person, Session } from './model.js';
import { cancelSessionScript, closeSessionScript, createSessionScript, openSessionScript } from './lua/session-scripts.js';

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
}

export type OpenOutcome = 'opened' | 'not-due' | 'already-open' | 'closed' | 'cancelled' | 'missing';
export type CloseOutcome = 'closed' | 'not-due' | 'not-open' | 'already-closed' | 'cancelled' | 'missing';
export type CancelOutcome = 'cancelled' | 'closed' | 'already-cancelled' | 'missing';
/** 'due' is the scheduled job's view (never early); 'now' is a moderator acting at once. */
export type TransitionMode = 'due' | 'now';

/** Sessions of every guild: creation, the lifecycle transitions, and what was posted for them. */
export class SessionStore {
  constructor(
    private readonly redis: Redis,
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

  async cancel(guildId: string, sessionId: number, now: number): Promise<CancelOutcome> {
    const keys = sessionKeys(this.prefix, guildId, sessionId);
    return (await cancelSessionScript.run(this.redis, [keys.session, guildKeys(this.prefix, guildId).open], [now])) as CancelOutcome;
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
