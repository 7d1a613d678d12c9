import { RedisScript } from '../script.js';

/**
 * Asking, in one round trip: find the session (the one named, or the one open in this channel or
 * the thread's parent), refuse unless it is open and not past its end, return the earlier result
 * for an interaction delivered twice, then store the question, queue it and mark it unsynced.
 *
 * KEYS[1] guild base. ARGV: interactionId, channelId, parentChannelId|'', sessionId|'', askerId,
 * askerName, text, now. Returns JSON: {ok:true, sessionId, channelId, number, duplicate} or
 * {ok:false, reason, sessionId?, startsAt?, open:[…], next?} where reason is one of
 * unknown-session | not-open | ended | no-session-here | ambiguous.
 */
export const askQuestionScript = new RedisScript(
  'ask-question',
  `
local base = KEYS[1]
local interactionId, channelId, parentId, wanted = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local askerId, askerName, text, now = ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8])

local function summary(id)
  local s = redis.call('HMGET', base .. ':s:' .. id, 'title', 'channelId', 'startsAt', 'endsAt', 'status')
  return { id = tonumber(id), title = s[1], channelId = s[2], startsAt = s[3], endsAt = s[4], status = s[5] }
end

local function openSessions()
  local list = {}
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', base .. ':open', '(' .. ARGV[8], '+inf')) do
    list[#list + 1] = summary(id)
  end
  return list
end

local function nextScheduled()
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', base .. ':sessions', ARGV[8], '+inf', 'LIMIT', 0, 20)) do
    local s = summary(id)
    if s.status == 'scheduled' then return s end
  end
  return nil
end

local sessionId, sessionChannel
if wanted ~= '' then
  local s = summary(wanted)
  if not s.status then
    return cjson.encode({ ok = false, reason = 'unknown-session', sessionId = tonumber(wanted), open = openSessions() })
  end
  if s.status == 'scheduled' then
    return cjson.encode({ ok = false, reason = 'not-open', sessionId = s.id, startsAt = s.startsAt, open = openSessions() })
  end
  if s.status ~= 'open' or tonumber(s.endsAt) <= now then
    return cjson.encode({ ok = false, reason = 'ended', sessionId = s.id, open = openSessions() })
  end
  sessionId, sessionChannel = s.id, s.channelId
else
  local open = openSessions()
  local here = {}
  for _, s in ipairs(open) do
    if s.channelId == channelId or (parentId ~= '' and s.channelId == parentId) then here[#here + 1] = s end
  end
  if #here == 0 then
    return cjson.encode({ ok = false, reason = 'no-session-here', open = open, next = nextScheduled() })
  end
  if #here > 1 then return cjson.encode({ ok = false, reason = 'ambiguous', open = here }) end
  sessionId, sessionChannel = here[1].id, here[1].channelId
end

local sbase = base .. ':s:' .. sessionId
local earlier = redis.call('HGET', sbase .. ':interactions', interactionId)
if earlier then
  return cjson.encode({ ok = true, sessionId = sessionId, channelId = sessionChannel, number = tonumber(earlier), duplicate = true })
end

local number = redis.call('HINCRBY', sbase, 'questionCount', 1)
local fields = {
  'guildId', string.match(base, '{(.-)}'), 'sessionId', tostring(sessionId), 'number', tostring(number),
  'askerId', askerId, 'askerName', askerName, 'text', text, 'askedAt', ARGV[8],
  'status', 'pending', 'interactionId', interactionId,
}
local title = redis.call('HGET', base .. ':profiles', askerId)
if title then
  fields[#fields + 1] = 'askerTitle'
  fields[#fields + 1] = title
end
redis.call('HSET', sbase .. ':q:' .. number, unpack(fields))
redis.call('ZADD', sbase .. ':pending', ARGV[8], number)
redis.call('SADD', sbase .. ':unsynced', number)
redis.call('HSET', sbase .. ':interactions', interactionId, number)
return cjson.encode({ ok = true, sessionId = sessionId, channelId = sessionChannel, number = number, duplicate = false })
`,
);

/**
 * Answering once. KEYS[1] session hash. ARGV: number, hostId, hostName, hostTitle|'', text, now,
 * interactionId. Returns answered | duplicate | missing-session | not-open | not-host |
 * unknown-question | already-answered.
 */
export const answerQuestionScript = new RedisScript(
  'answer-question',
  `
local skey = KEYS[1]
local number, hostId, hostName, hostTitle, text, now, interactionId =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local session = redis.call('HMGET', skey, 'status', 'hostId', 'endsAt')
if not session[1] then return 'missing-session' end
if session[1] ~= 'open' or tonumber(session[3]) <= tonumber(now) then return 'not-open' end
if session[2] ~= hostId then return 'not-host' end
local qkey = skey .. ':q:' .. number
local question = redis.call('HMGET', qkey, 'status', 'answerInteractionId')
if not question[1] then return 'unknown-question' end
if question[1] == 'answered' then
  if question[2] == interactionId then return 'duplicate' end
  return 'already-answered'
end
redis.call('HSET', qkey, 'status', 'answered', 'answerText', text, 'answeredAt', now,
  'answererId', hostId, 'answererName', hostName, 'answerInteractionId', interactionId)
if hostTitle ~= '' then redis.call('HSET', qkey, 'answererTitle', hostTitle) end
redis.call('ZREM', skey .. ':pending', number)
redis.call('ZADD', skey .. ':answered', now, number)
redis.call('HINCRBY', skey, 'answeredCount', 1)
redis.call('SADD', skey .. ':unsynced', number)
return 'answered'
`,
);

/**
 * Marks a question's Discord side as caught up, but only if it is still in the state the sync
 * saw: an answer that arrived during the sync keeps the question listed for start-up catch-up.
 * KEYS[1] question hash, KEYS[2] session unsynced set. ARGV: number, status synced.
 */
export const markSyncedScript = new RedisScript(
  'mark-synced',
  `
if redis.call('HGET', KEYS[1], 'status') ~= ARGV[2] then return 0 end
return redis.call('SREM', KEYS[2], ARGV[1])
`,
);
