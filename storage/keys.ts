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
//   <p>:{<g>}:notify                   set     user ids who want a DM when a question they voted for is answered
//   <p>:{<g>}:interaction:<id>         string  first delivery of an /ask interaction (15 min TTL), recorded
//                                              by the ask script itself (the router's key below is for the rest)
//   <p>:{<g>}:settings                 hash    the guild's Parley settings: timeZone (IANA name)
//   <p>:{<g>}:s:<sid>                  hash    the session (see storage/codec.ts for fields)
//   <p>:{<g>}:s:<sid>:q:<n>            hash    question n of the session
//   <p>:{<g>}:s:<sid>:q:<n>:voters     set     user ids who voted for question n
//   <p>:{<g>}:s:<sid>:q:<n>:also       set     user ids whose duplicate question was folded into n
//   <p>:{<g>}:s:<sid>:q:<n>:notified   set     voters already sent "your question was answered"
//   <p>:{<g>}:s:<sid>:pending          zset    the host's queue: member = n zero-padded to 10
//                                              digits, score = -votes; ZRANGE gives most votes
//                                              first and, among equal votes, the oldest first
//   <p>:{<g>}:s:<sid>:review           zset    n → askedAt: waiting for a moderator
//   <p>:{<g>}:s:<sid>:answered         zset    n → answeredAt: the archive's order
//   <p>:{<g>}:s:<sid>:fingerprints     hash    n → normalised tokens of pending questions (duplicates)
//   <p>:{<g>}:s:<sid>:member-pending   hash    user id → their questions waiting (review or queue)
//   <p>:{<g>}:s:<sid>:last-asked       hash    user id → when they last asked (cooldown)
//   <p>:{<g>}:s:<sid>:banned           set     user ids who may not ask in this session
//   <p>:{<g>}:s:<sid>:skipped:<uid>    set     n a host skipped in /next
//   <p>:{<g>}:s:<sid>:unsynced         set     n whose Discord side (post, thread, answer) is behind
//   <p>:{<g>}:s:<sid>:interactions     hash    interaction id → n: one question per interaction
//   <p>:{<g>}:s:<sid>:dup-index        hash    a cache of the 500 best-ranked fingerprints by token, for the ask
//                                              script's duplicate check: 'list' (the members it holds),
//                                              'f:<n>' (a copy of n's fingerprint), 't:<token>' (' n1 n2 '),
//                                              'fresh' ('1' while it holds exactly the 500: scripts that change
//                                              who is among them delete it, storage/lua/helpers.ts).
//                                              Only the ask script writes the rest; 1 h TTL; rebuilt when missing
//   <p>:{<g>}:s:<sid>:reminders-sent   set     "<offsetMs>@<startsAt>" of reminders posted, so each is posted once
//   <p>:{<g>}:s:<sid>:event-lock       string  held (with a TTL) while a job brings the Discord event in line,
//                                              so two syncs never create two events or undo each other
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
  notify: string;
  /** First delivery of an /ask interaction: the ask script sets it, in the guild's slot. */
  interaction(interactionId: string): string;
  settings: string;
}

export interface SessionKeys {
  base: string;
  session: string;
  pending: string;
  review: string;
  answered: string;
  fingerprints: string;
  memberPending: string;
  lastAsked: string;
  banned: string;
  unsynced: string;
  interactions: string;
  remindersSent: string;
  eventLock: string;
  question(number: number): string;
  voters(number: number): string;
  alsoAsked(number: number): string;
  notified(number: number): string;
  skipped(userId: string): string;
}

export function guildKeys(prefix: string, guildId: string): GuildKeys {
  const base = `${prefix}:{${guildId}}`;
  return {
    base,
    nextSessionId: `${base}:next-session-id`,
    sessions: `${base}:sessions`,
    open: `${base}:open`,
    profiles: `${base}:profiles`,
    notify: `${base}:notify`,
    interaction: (interactionId) => `${base}:interaction:${interactionId}`,
    settings: `${base}:settings`,
  };
}

export function sessionKeys(prefix: string, guildId: string, sessionId: number): SessionKeys {
  const base = `${prefix}:{${guildId}}:s:${sessionId}`;
  return {
    base,
    session: base,
    pending: `${base}:pending`,
    review: `${base}:review`,
    answered: `${base}:answered`,
    fingerprints: `${base}:fingerprints`,
    memberPending: `${base}:member-pending`,
    lastAsked: `${base}:last-asked`,
    banned: `${base}:banned`,
    unsynced: `${base}:unsynced`,
    interactions: `${base}:interactions`,
    remindersSent: `${base}:reminders-sent`,
    eventLock: `${base}:event-lock`,
    question: (number) => `${base}:q:${number}`,
    voters: (number) => `${base}:q:${number}:voters`,
    alsoAsked: (number) => `${base}:q:${number}:also`,
    notified: (number) => `${base}:q:${number}:notified`,
    skipped: (userId) => `${base}:skipped:${userId}`,
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

/** The pending queue's member for question n: zero-padded so equal scores sort oldest first. */
export function queueMember(number: number): string {
  return String(number).padStart(10, '0');
}
