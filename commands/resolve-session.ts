import { UserError } from '../bot/errors.js';
import type { Session, SessionStatus } from '../storage/model.js';
import type { SessionStore } from '../storage/session-store.js';
import type { Caller } from './guild-context.js';

export interface SessionQuery {
  /** The number typed in the `session` option, if any. */
  requested: number | null;
  statuses: readonly SessionStatus[];
  /** Completes "No session … to <action>", e.g. "start". */
  action: string;
}

const STATUS_WORDS: Record<SessionStatus, string> = {
  scheduled: 'scheduled',
  open: 'open',
  closed: 'closed',
  cancelled: 'cancelled',
};

/**
 * The session a moderator or host means: the one they named, else the only one in this channel
 * (or the channel this thread belongs to) in the first fitting state, in order of preference. Sessions are looked up in the
 * caller's guild only, so a number from another server never matches.
 */
export async function resolveSession(sessions: SessionStore, caller: Caller, query: SessionQuery): Promise<Session> {
  const wanted = query.statuses.map((status) => STATUS_WORDS[status]).join(' or ');
  if (query.requested !== null) {
    const session = await sessions.get(caller.guildId, query.requested);
    if (!session) throw new UserError(`There is no session #${query.requested} in this server.`);
    if (!query.statuses.includes(session.status)) {
      throw new UserError(`Session #${session.id} is ${session.status}; only a ${wanted} session can ${query.action}.`);
    }
    return session;
  }
  const inChannel = (await sessions.list(caller.guildId, 100)).filter(
    (session) => session.channelId === caller.channelId || session.channelId === caller.parentChannelId,
  );
  // Statuses are in order of preference: /queue means the open session before a scheduled one.
  for (const status of query.statuses) {
    const here = inChannel.filter((session) => session.status === status);
    if (here.length === 1) return here[0]!;
    if (here.length > 1) {
      const list = here.map((session) => `#${session.id}`).join(', ');
      throw new UserError(`Several ${status} sessions are in this channel (${list}). Name one with the \`session\` option.`);
    }
  }
  throw new UserError(`No ${wanted} session in this channel to ${query.action}. Name one with the \`session\` option.`);
}
