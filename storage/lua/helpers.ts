// Lua shared by the question scripts, pasted at the top of each (Redis runs every script on its
// own, so there is no other way to share functions between them).

export const QUESTION_LUA_HELPERS = `
local function queueMember(n) return string.format('%010d', tonumber(n)) end

local function isHost(hostIds, userId)
  return string.find(hostIds or '', ' ' .. userId .. ' ', 1, true) ~= nil
end

-- Takes question n out of the review list or the host's queue, and out of its asker's count of
-- waiting questions (the per-member limit), and forgets its duplicate fingerprint.
local function leaveQueue(sbase, n, askerId)
  local removed = redis.call('ZREM', sbase .. ':pending', queueMember(n)) + redis.call('ZREM', sbase .. ':review', n)
  if removed > 0 then redis.call('HINCRBY', sbase .. ':member-pending', askerId, -1) end
  redis.call('HDEL', sbase .. ':fingerprints', n)
end

-- Open for questions and votes: open and not past its end, or scheduled and collecting early.
local function takesQuestions(status, endsAt, collectEarly, now)
  if tonumber(endsAt) <= now then return false end
  return status == 'open' or (status == 'scheduled' and collectEarly == '1')
end
`;
