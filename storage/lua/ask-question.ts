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
 *     per member, and near-duplicates of a waiting question (through the session's duplicate
 *     index, a cache this script keeps: storage/keys.ts);
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

-- HMGET, HSET and HDEL of many fields, a few hundred at a time (Lua's unpack has a limit).
local function inChunks(command, key, items, step)
  local results = {}
  for first = 1, #items, step do
    local last = math.min(#items, first + step - 1)
    local reply = redis.call(command, key, unpack(items, first, last))
    if type(reply) == 'table' then for _, value in ipairs(reply) do results[#results + 1] = value end end
  end
  return results
end

-- The duplicate index of a session (a cache: deleted, it is rebuilt on the next question):
-- field 'list' is the ranked members it was built for, 'f:<n>' a copy of question n's
-- fingerprint, 't:<token>' the numbers among them with that token (' 3 17 '). Brought in line
-- with \`ranked\` by what changed: votes reorder, answers and withdrawals remove, new and
-- approved questions add.
local function syncDuplicateIndex(index, sbase, ranked)
  local list = table.concat(ranked, ' ')
  local cached = redis.call('HGET', index, 'list')
  if cached ~= list then
    local now, before, gone, came = {}, {}, {}, {}
    for _, member in ipairs(ranked) do now[member] = true end
    for member in string.gmatch(cached or '', '%d+') do
      before[member] = true
      if not now[member] then gone[#gone + 1] = tostring(tonumber(member)) end
    end
    for _, member in ipairs(ranked) do
      if not before[member] then came[#came + 1] = tostring(tonumber(member)) end
    end
    local edits, tokens = {}, {}
    local function edit(token, n, adding)
      if not edits[token] then
        edits[token] = {}
        tokens[#tokens + 1] = token
      end
      edits[token][#edits[token] + 1] = { n, adding }
    end
    if #gone > 0 then
      local copyFields = {}
      for i, n in ipairs(gone) do copyFields[i] = 'f:' .. n end
      local copies = inChunks('HMGET', index, copyFields, 500)
      for i, n in ipairs(gone) do
        if copies[i] then for token in string.gmatch(copies[i], '[^${FINGERPRINT_SEPARATOR}]+') do edit(token, n, false) end end
      end
      inChunks('HDEL', index, copyFields, 500)
    end
    if #came > 0 then
      local prints = inChunks('HMGET', sbase .. ':fingerprints', came, 500)
      local copies = {}
      for i, n in ipairs(came) do
        if prints[i] then
          copies[#copies + 1] = 'f:' .. n
          copies[#copies + 1] = prints[i]
          for token in string.gmatch(prints[i], '[^${FINGERPRINT_SEPARATOR}]+') do edit(token, n, true) end
        end
      end
      inChunks('HSET', index, copies, 500)
    end
    if #tokens > 0 then
      local fields = {}
      for i, token in ipairs(tokens) do fields[i] = 't:' .. token end
      local postings = inChunks('HMGET', index, fields, 500)
      local updated, emptied = {}, {}
      for i, token in ipairs(tokens) do
        local posting = postings[i] or ' '
        for _, change in ipairs(edits[token]) do
          if change[2] then
            posting = posting .. change[1] .. ' '
          else
            local from, to = string.find(posting, ' ' .. change[1] .. ' ', 1, true)
            if from then posting = string.sub(posting, 1, from) .. string.sub(posting, to + 1) end
          end
        end
        if posting == ' ' then
          emptied[#emptied + 1] = fields[i]
        else
          updated[#updated + 1] = fields[i]
          updated[#updated + 1] = posting
        end
      end
      inChunks('HSET', index, updated, 500)
      inChunks('HDEL', index, emptied, 500)
    end
    redis.call('HSET', index, 'list', list)
  end
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
local index = sbase .. ':dup-index'
local fingerprint = splitFingerprint(fingerprintText)
local tokenFields, postings = nil, nil
if #fingerprint > 0 then
  -- Splitting all 500 fingerprints on every question cost milliseconds of Redis per question
  -- (README, Performance). The duplicate index holds them by token and follows the 500: only
  -- questions that share enough tokens with this one are compared, exactly as before. It is
  -- brought in line only when marked stale (DUPLICATE_SCAN, storage/lua/helpers.ts).
  if redis.call('HGET', index, 'fresh') ~= '1' then
    syncDuplicateIndex(index, sbase, redis.call('ZRANGE', sbase .. ':pending', 0, DUPLICATE_SCAN - 1))
    redis.call('HSET', index, 'fresh', '1')
  end
  -- A session nobody asks in any more gives its index back; the next question rebuilds it.
  redis.call('PEXPIRE', index, 3600000)
  -- A duplicate shares at least \`needed\` tokens: similarity <= 10s / (9s + 15 + #fingerprint)
  -- for s shared tokens. (Never 0, since a candidate sharing none scores 0.)
  local needed = #fingerprint + 1
  if threshold <= 0 then
    needed = 1
  elseif 10 - 9 * threshold > 0 then
    needed = math.max(1, math.ceil(threshold * (15 + #fingerprint) / (10 - 9 * threshold) - 1e-9))
  end
  tokenFields = {}
  for i, token in ipairs(fingerprint) do tokenFields[i] = 't:' .. token end
  postings = redis.call('HMGET', index, unpack(tokenFields))
  local shared = {}
  for _, posting in ipairs(postings) do
    if posting then
      for n in string.gmatch(posting, '%d+') do shared[n] = (shared[n] or 0) + 1 end
    end
  end
  -- The best score wins; between equal scores, the better-ranked question, as when the 500
  -- were compared in rank order.
  local best, bestNumber, bestRank = 0, nil, nil
  for n, count in pairs(shared) do
    if count >= needed then
      local other = redis.call('HGET', sbase .. ':fingerprints', n)
      local score = other and similarity(fingerprint, splitFingerprint(other)) or 0
      if score > 0 and score >= best then
        local rank = redis.call('ZRANK', sbase .. ':pending', queueMember(n))
        -- (Not waiting any more: not a duplicate of anything waiting.)
        if rank and (score > best or rank < bestRank) then best, bestNumber, bestRank = score, n, rank end
      end
    end
  end
  if bestNumber and best >= threshold then
    return refuse('duplicate', { sessionId = sessionId, number = tonumber(bestNumber), similarity = best })
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
  -- With no votes yet it ranks last: among the 500 compared only while fewer wait. The index,
  -- just brought in line above, then takes it in as syncDuplicateIndex would.
  if redis.call('ZCARD', sbase .. ':pending') <= DUPLICATE_SCAN then
    if postings then
      local list = redis.call('HGET', index, 'list') or ''
      if list ~= '' then list = list .. ' ' end
      local copies = { 'list', list .. queueMember(number), 'f:' .. number, fingerprintText }
      for i, field in ipairs(tokenFields) do
        copies[#copies + 1] = field
        copies[#copies + 1] = (postings[i] or ' ') .. number .. ' '
      end
      redis.call('HSET', index, unpack(copies))
    else
      duplicateIndexStale(sbase)
    end
  end
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
