import { FINGERPRINT_SEPARATOR, SIMILARITY_LUA } from '../question-fingerprint.js';
import { RedisScript } from '../script.js';
import { QUESTION_LUA_HELPERS } from './helpers.js';

/**
 * Asking, in one round trip and atomically:
 *  0. record the interaction's delivery (the router leaves /ask's duplicate check to this
 *     script, saving a round trip), so a copy of it is answered with `repeated: true`;
 *  1. find the session: the one named, else the one taking questions in this channel (or the
 *     thread's parent): open, or scheduled and collecting early;
 *  2. return the earlier result for an interaction delivered twice;
 *  3. apply the session's rules: bans, anonymity allowed, length, cooldown, waiting questions
 *     per member, and near-duplicates of a waiting question;
 *  4. store the question, queue it (or send it to review in a moderated session), and mark it
 *     unsynced so a job posts it.
 *
 * KEYS[1] guild base. ARGV: interactionId, channelId, parentChannelId|'', sessionId|'', askerId,
 * askerName, text, textLength (characters, as Lua counts bytes), now, anonymous '1'|'0',
 * fingerprint (tokens joined by spaces), duplicate threshold.
 * Returns JSON, see AskResult in storage/question-store.ts.
 */
export const askQuestionScript = new RedisScript(
  'ask-question',
  `${QUESTION_LUA_HELPERS}
${SIMILARITY_LUA}
local base = KEYS[1]
local interactionId, channelId, parentId, wanted = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local askerId, askerName, text, textLength = ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8])
local nowText, anonymous, fingerprintText, threshold = ARGV[9], ARGV[10], ARGV[11], tonumber(ARGV[12])
local now = tonumber(nowText)

-- Discord may deliver an interaction twice; tokens live 15 minutes, so remembering ids that long
-- is enough. Every answer to a copy carries repeated = true, and its handler stays silent.
local repeated = not redis.call('SET', base .. ':interaction:' .. interactionId, '1', 'EX', 900, 'NX')

local function summary(id)
  local s = redis.call('HMGET', base .. ':s:' .. id, 'title', 'channelId', 'startsAt', 'endsAt', 'status', 'collectEarly')
  return { id = tonumber(id), title = s[1], channelId = s[2], startsAt = s[3], endsAt = s[4], status = s[5], collectEarly = s[6] }
end

local function open(s) return takesQuestions(s.status, s.endsAt, s.collectEarly, now) end

local function openSessions()
  local list = {}
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', base .. ':open', '(' .. nowText, '+inf')) do
    list[#list + 1] = summary(id)
  end
  return list
end

-- Scheduled sessions starting next (some of them may be collecting questions early).
local function upcoming()
  local list = {}
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', base .. ':sessions', nowText, '+inf', 'LIMIT', 0, 20)) do
    local s = summary(id)
    if s.status == 'scheduled' then list[#list + 1] = s end
  end
  return list
end

local function refuse(reason, extra)
  local result = extra or {}
  result.ok = false
  result.reason = reason
  if repeated then result.repeated = true end
  return cjson.encode(result)
end

local chosen
if wanted ~= '' then
  local s = summary(wanted)
  if not s.status then return refuse('unknown-session', { sessionId = tonumber(wanted), open = openSessions() }) end
  if s.status == 'scheduled' and not open(s) then
    return refuse('not-open', { sessionId = s.id, startsAt = s.startsAt, open = openSessions() })
  end
  if not open(s) then return refuse('ended', { sessionId = s.id, open = openSessions() }) end
  chosen = s
else
  local inChannel = function(s) return s.channelId == channelId or (parentId ~= '' and s.channelId == parentId) end
  local here = {}
  local sessions = openSessions()
  for _, s in ipairs(sessions) do if inChannel(s) then here[#here + 1] = s end end
  if #here == 0 then
    local soon = upcoming()
    for _, s in ipairs(soon) do if inChannel(s) and open(s) then here[#here + 1] = s end end
    if #here == 0 then return refuse('no-session-here', { open = sessions, next = soon[1] }) end
  end
  if #here > 1 then return refuse('ambiguous', { open = here }) end
  chosen = here[1]
end

local sessionId = chosen.id
local sbase = base .. ':s:' .. sessionId
local earlier = redis.call('HGET', sbase .. ':interactions', interactionId)
if earlier then
  local status = redis.call('HGET', sbase .. ':q:' .. earlier, 'status')
  return cjson.encode({ ok = true, sessionId = sessionId, channelId = chosen.channelId, number = tonumber(earlier), status = status, duplicate = true, repeated = repeated or nil })
end
-- A copy of an interaction that stored nothing the first time stores nothing now either.
if repeated then return refuse('repeated-delivery', { sessionId = sessionId }) end

local rules = redis.call('HMGET', sbase, 'moderated', 'allowAnonymous', 'minLength', 'maxLength', 'maxPending', 'cooldownSeconds')
if redis.call('SISMEMBER', sbase .. ':banned', askerId) == 1 then return refuse('banned', { sessionId = sessionId }) end
if anonymous == '1' and rules[2] ~= '1' then return refuse('anonymous-not-allowed', { sessionId = sessionId }) end
local minLength, maxLength = tonumber(rules[3] or 10), tonumber(rules[4] or 1500)
if textLength < minLength then return refuse('too-short', { sessionId = sessionId, limit = minLength }) end
if textLength > maxLength then return refuse('too-long', { sessionId = sessionId, limit = maxLength }) end
local cooldown = tonumber(rules[6] or 30) * 1000
local last = tonumber(redis.call('HGET', sbase .. ':last-asked', askerId) or '0')
if cooldown > 0 and now - last < cooldown then
  return refuse('cooldown', { sessionId = sessionId, limit = cooldown / 1000, retryAt = last + cooldown })
end
local maxPending = tonumber(rules[5] or 3)
if tonumber(redis.call('HGET', sbase .. ':member-pending', askerId) or '0') >= maxPending then
  return refuse('too-many-pending', { sessionId = sessionId, limit = maxPending })
end

-- Near-duplicates: compared with the 500 best-ranked waiting questions, which bounds the cost
-- on a huge queue while still catching the questions members actually see and vote on.
local fingerprint = splitFingerprint(fingerprintText)
if #fingerprint > 0 then
  local candidates = redis.call('ZRANGE', sbase .. ':pending', 0, 499)
  if #candidates > 0 then
    local numbers = {}
    for i, member in ipairs(candidates) do numbers[i] = tostring(tonumber(member)) end
    local prints = redis.call('HMGET', sbase .. ':fingerprints', unpack(numbers))
    -- Splitting every candidate into a table made this loop the costliest part of asking (about
    -- 4 ms of Redis at 500 candidates; README, Performance). One gsub per candidate instead
    -- counts its tokens and how many of them are the new question's (each such token gains a
    -- character). The similarity those counts allow is at least the real one, so only a
    -- candidate whose bound reaches the threshold is compared exactly: same outcome, same order.
    local marked = {}
    for _, token in ipairs(fingerprint) do marked[token] = token .. '+' end
    local mine = #fingerprint
    local best, bestNumber = 0, nil
    for i, other in ipairs(prints) do
      if other then
        local withMarks, theirs = string.gsub(other, '[^${FINGERPRINT_SEPARATOR}]+', marked)
        local shared = #withMarks - #other
        local shorter, longer = math.min(mine, theirs), math.max(mine, theirs)
        if shared > 0 and (10 * shared) / (10 * shorter + 15 + (longer - shared)) >= threshold then
          local score = similarity(fingerprint, splitFingerprint(other))
          if score > best then best, bestNumber = score, numbers[i] end
        end
      end
    end
    if bestNumber and best >= threshold then
      return refuse('duplicate', { sessionId = sessionId, number = tonumber(bestNumber), similarity = best })
    end
  end
end

local number = redis.call('HINCRBY', sbase, 'questionCount', 1)
local status = 'pending'
if rules[1] == '1' then status = 'review' end
local fields = {
  'guildId', string.match(base, '{(.-)}'), 'sessionId', tostring(sessionId), 'number', tostring(number),
  'askerId', askerId, 'askerName', askerName, 'text', text, 'askedAt', nowText,
  'status', status, 'interactionId', interactionId, 'votes', '0', 'anonymous', anonymous,
}
local title = redis.call('HGET', base .. ':profiles', askerId)
if title then
  fields[#fields + 1] = 'askerTitle'
  fields[#fields + 1] = title
end
redis.call('HSET', sbase .. ':q:' .. number, unpack(fields))
if status == 'pending' then
  redis.call('ZADD', sbase .. ':pending', 0, queueMember(number))
else
  redis.call('ZADD', sbase .. ':review', nowText, number)
end
if fingerprintText ~= '' then redis.call('HSET', sbase .. ':fingerprints', number, fingerprintText) end
redis.call('HINCRBY', sbase .. ':member-pending', askerId, 1)
redis.call('HSET', sbase .. ':last-asked', askerId, nowText)
redis.call('SADD', sbase .. ':unsynced', number)
redis.call('HSET', sbase .. ':interactions', interactionId, number)
return cjson.encode({ ok = true, sessionId = sessionId, channelId = chosen.channelId, number = number, status = status, duplicate = false, repeated = repeated or nil })
`,
);
