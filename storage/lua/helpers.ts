// Lua shared by the question scripts, pasted at the top of each (Redis runs every script on its
// own, so there is no other way to share functions between them).

export const QUESTION_LUA_HELPERS = `
local function queueMember(n) return string.format('%010d', tonumber(n)) end

local function isHost(hostIds, userId)
  return string.find(hostIds or '', ' ' .. userId .. ' ', 1, true) ~= nil
end

-- A new question is compared with the DUPLICATE_SCAN best-ranked waiting ones, through the
-- session's duplicate index (storage/keys.ts). Reading those 500 on every question cost more
-- Redis time than the rest of the ask script, so the index carries 'fresh' while it holds
-- exactly them: every script that changes which questions are among them drops the mark (one
-- leaving from among them, one voted across the 500th place, one approved into them), and the
-- next question brings the index in line. A script writing the queue must keep to this.
local DUPLICATE_SCAN = 500

local function amongCompared(rank) return rank ~= false and rank ~= nil and rank < DUPLICATE_SCAN end

local function duplicateIndexStale(sbase) redis.call('HDEL', sbase .. ':dup-index', 'fresh') end

-- Takes question n out of the review list or the host's queue, and out of its asker's count of
-- waiting questions (the per-member limit), and forgets its duplicate fingerprint.
local function leaveQueue(sbase, n, askerId)
  local rank = redis.call('ZRANK', sbase .. ':pending', queueMember(n))
  local removed = redis.call('ZREM', sbase .. ':pending', queueMember(n)) + redis.call('ZREM', sbase .. ':review', n)
  if removed > 0 then redis.call('HINCRBY', sbase .. ':member-pending', askerId, -1) end
  if amongCompared(rank) then duplicateIndexStale(sbase) end
  redis.call('HDEL', sbase .. ':fingerprints', n)
end

-- Open for questions and votes: open and not past its end, or scheduled and collecting early.
local function takesQuestions(status, endsAt, collectEarly, now)
  if tonumber(endsAt) <= now then return false end
  return status == 'open' or (status == 'scheduled' and collectEarly == '1')
end
`;
