import { RedisScript } from '../script.js';
import { QUESTION_LUA_HELPERS } from './helpers.js';

// What happens to a question after it is asked, each change one atomic script. Every script
// that changes what Discord should show adds the question to the session's unsynced set, so
// a crash before its job is queued is repaired at start-up.

/**
 * Answering once. KEYS[1] session hash. ARGV: number, hostId, hostName, hostTitle|'', text, now,
 * interactionId. Any of the session's hosts may answer; the answer credits whoever did.
 * Returns answered | duplicate | missing-session | not-open | not-host | unknown-question |
 * already-answered | not-answerable (in review, hidden, withdrawn or rejected).
 */
export const answerQuestionScript = new RedisScript(
  'answer-question',
  `${QUESTION_LUA_HELPERS}
local skey = KEYS[1]
local number, hostId, hostName, hostTitle, text, now, interactionId =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local session = redis.call('HMGET', skey, 'status', 'hostIds', 'endsAt', 'hostId')
if not session[1] then return 'missing-session' end
if session[1] ~= 'open' or tonumber(session[3]) <= tonumber(now) then return 'not-open' end
if not isHost(session[2] or (' ' .. session[4] .. ' '), hostId) then return 'not-host' end
local qkey = skey .. ':q:' .. number
local question = redis.call('HMGET', qkey, 'status', 'answerInteractionId', 'askerId')
if not question[1] then return 'unknown-question' end
if question[1] == 'answered' then
  if question[2] == interactionId then return 'duplicate' end
  return 'already-answered'
end
if question[1] ~= 'pending' then return 'not-answerable' end
leaveQueue(skey, number, question[3])
redis.call('HSET', qkey, 'status', 'answered', 'answerText', text, 'answeredAt', now, 'answerVersion', 1,
  'answererId', hostId, 'answererName', hostName, 'answerInteractionId', interactionId)
if hostTitle ~= '' then redis.call('HSET', qkey, 'answererTitle', hostTitle) end
redis.call('ZADD', skey .. ':answered', now, number)
redis.call('HINCRBY', skey, 'answeredCount', 1)
redis.call('SADD', skey .. ':unsynced', number)
return 'answered'
`,
);

/**
 * A host rewrites an answer, during the session or after it (the archive is then republished).
 * KEYS[1] session hash. ARGV: number, editorId, text, now.
 * Returns JSON {outcome, status?} with outcome edited | unchanged | missing-session | not-host |
 * unknown-question | not-answered.
 */
export const editAnswerScript = new RedisScript(
  'edit-answer',
  `${QUESTION_LUA_HELPERS}
local skey = KEYS[1]
local number, editorId, text, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local session = redis.call('HMGET', skey, 'status', 'hostIds', 'hostId')
if not session[1] then return cjson.encode({ outcome = 'missing-session' }) end
if not isHost(session[2] or (' ' .. session[3] .. ' '), editorId) then return cjson.encode({ outcome = 'not-host' }) end
local qkey = skey .. ':q:' .. number
local question = redis.call('HMGET', qkey, 'status', 'answerText')
if not question[1] then return cjson.encode({ outcome = 'unknown-question' }) end
if question[1] ~= 'answered' then return cjson.encode({ outcome = 'not-answered' }) end
if question[2] == text then return cjson.encode({ outcome = 'unchanged', status = session[1] }) end
redis.call('HSET', qkey, 'answerText', text, 'answerEditedAt', now)
redis.call('HINCRBY', qkey, 'answerVersion', 1)
redis.call('SADD', skey .. ':unsynced', number)
return cjson.encode({ outcome = 'edited', status = session[1] })
`,
);

/**
 * A member's vote: 'toggle' (the ▲ button: on, or off again) or 'fold' (their near-duplicate
 * question is folded into this one: the vote is on, and they count as "also asked").
 * KEYS[1] session hash. ARGV: number, voterId, now, mode.
 * Returns JSON {outcome, voted?, votes?}: outcome counted | closed | unknown-question |
 * not-votable | own-question.
 */
export const voteScript = new RedisScript(
  'vote',
  `${QUESTION_LUA_HELPERS}
local skey = KEYS[1]
local number, voterId, now, mode = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
local session = redis.call('HMGET', skey, 'status', 'endsAt', 'collectEarly')
if not session[1] or not takesQuestions(session[1], session[2], session[3], now) then
  return cjson.encode({ outcome = 'closed' })
end
local qkey = skey .. ':q:' .. number
local question = redis.call('HMGET', qkey, 'status', 'askerId')
if not question[1] then return cjson.encode({ outcome = 'unknown-question' }) end
if question[1] ~= 'pending' and question[1] ~= 'answered' then return cjson.encode({ outcome = 'not-votable' }) end
if question[2] == voterId then return cjson.encode({ outcome = 'own-question' }) end
local voters = qkey .. ':voters'
local voted = true
if redis.call('SISMEMBER', voters, voterId) == 1 then
  if mode == 'toggle' then
    redis.call('SREM', voters, voterId)
    voted = false
  end
else
  redis.call('SADD', voters, voterId)
end
if mode == 'fold' and redis.call('SADD', qkey .. ':also', voterId) == 1 then
  redis.call('HINCRBY', qkey, 'alsoAskedBy', 1)
end
local votes = redis.call('SCARD', voters)
redis.call('HSET', qkey, 'votes', votes)
if question[1] == 'pending' then
  local member = queueMember(number)
  local before = redis.call('ZRANK', skey .. ':pending', member)
  redis.call('ZADD', skey .. ':pending', -votes, member)
  if amongCompared(before) ~= amongCompared(redis.call('ZRANK', skey .. ':pending', member)) then duplicateIndexStale(skey) end
end
return cjson.encode({ outcome = 'counted', voted = voted, votes = votes })
`,
);

/**
 * Moderation and withdrawal, one script for the state changes they share.
 * KEYS[1] session hash. ARGV: action, number, actorId, now, newText|'' (approve with edits).
 *  approve: review → pending (queued, posted); reject: review → rejected;
 *  hide: review|pending|answered → hidden (out of queue and archive);
 *  withdraw: the asker's own review|pending question → withdrawn.
 * Returns JSON {outcome, askerId?}: done | unknown-question | wrong-state | not-asker | closed.
 */
export const moderateQuestionScript = new RedisScript(
  'moderate-question',
  `${QUESTION_LUA_HELPERS}
local skey = KEYS[1]
local action, number, actorId, now, newText = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local sessionStatus = redis.call('HGET', skey, 'status')
if sessionStatus == 'closed' or sessionStatus == 'cancelled' then
  if action ~= 'hide' then return cjson.encode({ outcome = 'closed' }) end
end
local qkey = skey .. ':q:' .. number
local question = redis.call('HMGET', qkey, 'status', 'askerId', 'votes')
local status, askerId = question[1], question[2]
if not status then return cjson.encode({ outcome = 'unknown-question' }) end

local allowed = {
  approve = { review = true },
  reject = { review = true },
  hide = { review = true, pending = true, answered = true },
  withdraw = { review = true, pending = true },
}
if not allowed[action] or not allowed[action][status] then
  return cjson.encode({ outcome = 'wrong-state', status = status })
end
if action == 'withdraw' and askerId ~= actorId then return cjson.encode({ outcome = 'not-asker' }) end

if action == 'approve' then
  redis.call('ZREM', skey .. ':review', number)
  redis.call('ZADD', skey .. ':pending', -tonumber(question[3] or '0'), queueMember(number))
  if amongCompared(redis.call('ZRANK', skey .. ':pending', queueMember(number))) then duplicateIndexStale(skey) end
  if newText ~= '' then redis.call('HSET', qkey, 'text', newText, 'editedBy', actorId) end
  redis.call('HSET', qkey, 'status', 'pending', 'approvedBy', actorId)
else
  leaveQueue(skey, number, askerId)
  if status == 'answered' then
    redis.call('ZREM', skey .. ':answered', number)
    redis.call('HINCRBY', skey, 'answeredCount', -1)
  end
  local newStatus = ({ reject = 'rejected', hide = 'hidden', withdraw = 'withdrawn' })[action]
  redis.call('HSET', qkey, 'status', newStatus, 'movedBy', actorId, 'movedAt', now)
end
redis.call('SADD', skey .. ':unsynced', number)
return cjson.encode({ outcome = 'done', askerId = askerId })
`,
);

/**
 * Marks a question's Discord side as caught up, but only if it is still in the state the sync
 * saw: a change that arrived during the sync keeps the question listed for start-up catch-up.
 * KEYS[1] question hash, KEYS[2] session unsynced set. ARGV: number, status synced, answer version.
 */
export const markSyncedScript = new RedisScript(
  'mark-synced',
  `
local q = redis.call('HMGET', KEYS[1], 'status', 'answerVersion')
if q[1] ~= ARGV[2] or (q[2] or '0') ~= ARGV[3] then return 0 end
return redis.call('SREM', KEYS[2], ARGV[1])
`,
);

/**
 * What /answer's autocomplete offers, in one round trip (it runs on every keystroke, with up to
 * 100,000 questions waiting). First the session, chosen as commands/answer.ts hostedSession
 * chooses it: among the guild's 50 newest sessions in the wanted states that the caller hosts,
 * the first in this channel (or the thread's parent), else the only one. Then its candidates:
 * question `typed` if it is in the wanted state, then the `limit` best-ranked waiting questions
 * ('pending') or every answered one in answer order ('answered'), each read as the five fields
 * a choice shows, not the whole hash.
 * KEYS[1] guild base. ARGV: userId, channelId, parentChannelId|'', 'pending'|'answered', limit,
 * typed number|''.
 * Returns {} when the caller hosts no such session, else {sessionId, then per question: number,
 * votes, anonymous '1'|'0', askerName, text}.
 */
export const answerCandidatesScript = new RedisScript(
  'answer-candidates',
  `${QUESTION_LUA_HELPERS}
local base = KEYS[1]
local userId, channelId, parentId, list, limit, typed = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5]), ARGV[6]
local statuses = { open = true }
if list == 'answered' then statuses.closed = true end

local here, only, hosting = nil, nil, 0
for _, id in ipairs(redis.call('ZREVRANGE', base .. ':sessions', 0, 49)) do
  local s = redis.call('HMGET', base .. ':s:' .. id, 'status', 'hostIds', 'hostId', 'channelId')
  if s[1] and statuses[s[1]] and isHost(s[2] or (' ' .. (s[3] or '') .. ' '), userId) then
    hosting = hosting + 1
    only = id
    if s[4] == channelId or (parentId ~= '' and s[4] == parentId) then
      here = id
      break
    end
  end
end
local sessionId = here
if not sessionId and hosting == 1 then sessionId = only end
if not sessionId then return {} end

local sbase = base .. ':s:' .. sessionId
local out = { sessionId }
local function add(n, votes, anonymous, askerName, text)
  out[#out + 1] = n
  out[#out + 1] = votes or '0'
  out[#out + 1] = anonymous or '0'
  out[#out + 1] = askerName or ''
  out[#out + 1] = text
end

local exact = nil
if typed ~= '' then
  local q = redis.call('HMGET', sbase .. ':q:' .. typed, 'status', 'votes', 'anonymous', 'askerName', 'text')
  if q[1] == list and q[5] then
    exact = typed
    add(typed, q[2], q[3], q[4], q[5])
  end
end

local members
if list == 'pending' then
  members = redis.call('ZRANGE', sbase .. ':pending', 0, limit - 1)
else
  members = redis.call('ZRANGE', sbase .. ':answered', 0, -1)
end
for _, member in ipairs(members) do
  local n = tostring(tonumber(member))
  if n ~= exact then
    local q = redis.call('HMGET', sbase .. ':q:' .. n, 'votes', 'anonymous', 'askerName', 'text')
    if q[4] then add(n, q[1], q[2], q[3], q[4]) end
  end
end
return out
`,
);
