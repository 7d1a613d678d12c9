// Parley's Redis key schema: the one place where key names are made.
//
// Every key of a guild carries the guild id as its hash tag `{<guildId>}`, so one guild's data
// (its sessions, their questions, member profiles) lives in one Redis Cluster slot and each
// state change can be a single Lua script. Keys are only ever built from the guild id of the
// interaction or job at hand, so one guild can never name another guild's data.
//
//   <p>:{<g>}:next-session-id          string  counter behind session ids 1, 2, 3…
//   <p>:{<g>}:sessions                 zset    session id → startsAt (every session of the guild)
//   <p>:{<g>}:open                     zset    session id → endsAt (sessions open right now)
//   <p>:{<g>}:profiles                 hash    user id → title line
//   <p>:{<g>}:s:<sid>                  hash    the session (see storage/codec.ts for fields)
//   <p>:{<g>}:s:<sid>:q:<n>            hash    question n of the session
//   <p>:{<g>}:s:<sid>:pending          zset    n → askedAt: the host's queue, oldest first
//   <p>:{<g>}:s:<sid>:answered         zset    n → answeredAt: the archive's order
//   <p>:{<g>}:s:<sid>:unsynced         set     n whose Discord side (post, thread, answer) is behind
//   <p>:{<g>}:s:<sid>:interactions     hash    interaction id → n: one question per interaction
//
// Keys outside any guild (each a single key, so they never take part in multi-key scripts):
//   <p>:interaction:<id>               string  first delivery of an interaction (15 min TTL)
//   <p>:active                         zset    "<g>:<sid>" → next due time, for sessions whose
//                                              open, close or archive is still to happen; read
//                                              at start-up to catch up on what fell due while down
//
// BullMQ keeps its own keys under the prefix `{<p>}` (see jobs/queues.ts).

export interface GuildKeys {
  /** Any key of the guild: scripts derive the others from it, staying in the same slot. */
  base: string;
  nextSessionId: string;
  sessions: string;
  open: string;
  profiles: string;
}

export interface SessionKeys {
  base: string;
  session: string;
  pending: string;
  answered: string;
  unsynced: string;
  interactions: string;
  question(number: number): string;
}

export function guildKeys(prefix: string, guildId: string): GuildKeys {
  const base = `${prefix}:{${guildId}}`;
  return {
    base,
    nextSessionId: `${base}:next-session-id`,
    sessions: `${base}:sessions`,
    open: `${base}:open`,
    profiles: `${base}:profiles`,
  };
}

export function sessionKeys(prefix: string, guildId: string, sessionId: number): SessionKeys {
  const base = `${prefix}:{${guildId}}:s:${sessionId}`;
  return {
    base,
    session: base,
    pending: `${base}:pending`,
    answered: `${base}:answered`,
    unsynced: `${base}:unsynced`,
    interactions: `${base}:interactions`,
    question: (number) => `${base}:q:${number}`,
  };
}

export function interactionKey(prefix: string, interactionId: string): string {
  return `${prefix}:interaction:${interactionId}`;
}

export function activeSessionsKey(prefix: string): string {
  return `${prefix}:active`;
}

export function activeMember(guildId: string, sessionId: number): string {
  return `${guildId}:${sessionId}`;
}

export function parseActiveMember(member: string): { guildId: string; sessionId: number } | null {
  const match = /^(\d+):(\d+)$/.exec(member);
  return match ? { guildId: match[1]!, sessionId: Number(match[2]) } : null;
}
