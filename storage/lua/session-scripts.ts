import { RedisScript } from '../script.js';

// Session lifecycle as atomic state transitions. Each returns a short word saying what happened,
// so a job or command that runs twice learns "already-closed" instead of closing again.
// Times are epoch milliseconds passed in as strings; Lua compares them with tonumber.

/** KEYS[1] guild base. ARGV[1] JSON object of session fields (without id). Returns the new id. */
export const createSessionScript = new RedisScript(
  'create-session',
  `
local base = KEYS[1]
local fields = cjson.decode(ARGV[1])
local id = redis.call('INCR', base .. ':next-session-id')
local key = base .. ':s:' .. id
local flat = { 'id', tostring(id) }
for field, value in pairs(fields) do
  flat[#flat + 1] = field
  flat[#flat + 1] = value
end
redis.call('HSET', key, unpack(flat))
redis.call('ZADD', base .. ':sessions', fields.startsAt, id)
return id
`,
);

/**
 * KEYS[1] session hash, KEYS[2] guild open zset. ARGV[1] now, ARGV[2] mode: 'due' (the scheduled
 * job: refuses to open early, so a job left over from before a reschedule does nothing) or
 * 'now' (a moderator's /ama start: moves startsAt to now).
 * Returns opened | not-due | already-open | closed | cancelled | missing.
 */
export const openSessionScript = new RedisScript(
  'open-session',
  `
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return 'missing' end
if status == 'open' then return 'already-open' end
if status ~= 'scheduled' then return status end
local now = tonumber(ARGV[1])
if ARGV[2] == 'due' and tonumber(redis.call('HGET', KEYS[1], 'startsAt')) > now + 1000 then
  return 'not-due'
end
if ARGV[2] == 'now' then
  redis.call('HSET', KEYS[1], 'startsAt', ARGV[1])
end
redis.call('HSET', KEYS[1], 'status', 'open', 'openedAt', ARGV[1])
redis.call('ZADD', KEYS[2], redis.call('HGET', KEYS[1], 'endsAt'), redis.call('HGET', KEYS[1], 'id'))
return 'opened'
`,
);

/**
 * KEYS[1] session hash, KEYS[2] guild open zset. ARGV[1] now, ARGV[2] mode: 'due' (the close job;
 * also closes a session that never opened because the bot was down all through it) or 'now'
 * (a moderator's /ama end: only an open session, and endsAt moves to now).
 * Returns closed | not-due | not-open | already-closed | cancelled | missing.
 */
export const closeSessionScript = new RedisScript(
  'close-session',
  `
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return 'missing' end
if status == 'closed' then return 'already-closed' end
if status == 'cancelled' then return 'cancelled' end
local now = tonumber(ARGV[1])
if ARGV[2] == 'due' then
  if tonumber(redis.call('HGET', KEYS[1], 'endsAt')) > now + 1000 then return 'not-due' end
else
  if status ~= 'open' then return 'not-open' end
  redis.call('HSET', KEYS[1], 'endsAt', ARGV[1])
end
redis.call('HSET', KEYS[1], 'status', 'closed', 'closedAt', ARGV[1])
redis.call('ZREM', KEYS[2], redis.call('HGET', KEYS[1], 'id'))
return 'closed'
`,
);

/** KEYS[1] session hash, KEYS[2] guild open zset. Returns cancelled | closed | already-cancelled | missing. */
export const cancelSessionScript = new RedisScript(
  'cancel-session',
  `
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return 'missing' end
if status == 'cancelled' then return 'already-cancelled' end
if status == 'closed' then return 'closed' end
redis.call('HSET', KEYS[1], 'status', 'cancelled', 'closedAt', ARGV[1])
redis.call('ZREM', KEYS[2], redis.call('HGET', KEYS[1], 'id'))
return 'cancelled'
`,
);

/**
 * Moves a session's times and their indexes together. KEYS[1] session hash, KEYS[2] guild
 * sessions zset (score startsAt), KEYS[3] guild open zset (score endsAt).
 * ARGV[1] mode, ARGV[2] now, ARGV[3] longest allowed length (ms), then by mode:
 *   'reschedule' ARGV[4] new startsAt, ARGV[5] new endsAt: only a scheduled session (an open
 *                one has started: it can be extended, not moved);
 *   'extend'     ARGV[4] ms to add to endsAt: a scheduled or open session. The addition happens
 *                here, so two extends at once both count.
 * Returns { outcome, status, old startsAt, old endsAt, new startsAt, new endsAt }; outcome is
 * moved | too-long | already-over | scheduled-only | <status> (closed, cancelled) | missing.
 * Jobs queued for the old times find "not-due" (or the session moved on) and do nothing.
 */
export const moveSessionScript = new RedisScript(
  'move-session',
  `
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return { 'missing' } end
local oldStart = tonumber(redis.call('HGET', KEYS[1], 'startsAt'))
local oldEnd = tonumber(redis.call('HGET', KEYS[1], 'endsAt'))
local now = tonumber(ARGV[2])
local longest = tonumber(ARGV[3])
local newStart, newEnd
if ARGV[1] == 'reschedule' then
  if status ~= 'scheduled' then
    if status == 'open' then return { 'scheduled-only', status } end
    return { status, status }
  end
  newStart = tonumber(ARGV[4])
  newEnd = tonumber(ARGV[5])
else
  if status ~= 'scheduled' and status ~= 'open' then return { status, status } end
  newStart = oldStart
  newEnd = oldEnd + tonumber(ARGV[4])
end
if newEnd <= now then return { 'already-over', status } end
if newEnd - newStart > longest then return { 'too-long', status } end
local id = redis.call('HGET', KEYS[1], 'id')
redis.call('HSET', KEYS[1], 'startsAt', tostring(newStart), 'endsAt', tostring(newEnd))
redis.call('ZADD', KEYS[2], newStart, id)
if status == 'open' then redis.call('ZADD', KEYS[3], newEnd, id) end
return { 'moved', status, tostring(oldStart), tostring(oldEnd), tostring(newStart), tostring(newEnd) }
`,
);

/** KEYS[1] a lock key, ARGV[1] the holder's token: deletes the lock only if that holder still has it. */
export const releaseLockScript = new RedisScript(
  'release-lock',
  `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`,
);
