import { Redis } from 'ioredis';
import { QuestionStore } from '../storage/question-store.js';
import { openSession, askMany } from './lib/sessions.js';
import { questionTexts } from './lib/world.js';
import { fingerprint } from '../storage/question-fingerprint.js';
const redis = new Redis('redis://127.0.0.1:6390');
await redis.flushall();
const prefix = 'probe';
const now = Date.now();
await openSession(redis, prefix, now);
await askMany(new QuestionStore(redis, prefix), questionTexts(600, 7), now, { parallel: 4 });
const sbase = `probe:{100000000000000001}:s:1`;
const fp = fingerprint(questionTexts(1, 99)[0]!).join(' ');
const variants: Record<string, string> = {
  zrange: `local c = redis.call('ZRANGE', KEYS[1]..':pending', 0, 499) return #c`,
  'zrange+hmget': `local c = redis.call('ZRANGE', KEYS[1]..':pending', 0, 499)
    local n = {} for i, m in ipairs(c) do n[i] = tostring(tonumber(m)) end
    local p = redis.call('HMGET', KEYS[1]..':fingerprints', unpack(n)) return #p`,
  'zrange+hmget+concat': `local c = redis.call('ZRANGE', KEYS[1]..':pending', 0, 499)
    local n = {} for i, m in ipairs(c) do n[i] = tostring(tonumber(m)) end
    local p = redis.call('HMGET', KEYS[1]..':fingerprints', unpack(n))
    local k = 0 for i, o in ipairs(p) do local s = ' ' .. o .. ' ' k = k + #s end return k`,
  'zrange+hmget+find': `local c = redis.call('ZRANGE', KEYS[1]..':pending', 0, 499)
    local n = {} for i, m in ipairs(c) do n[i] = tostring(tonumber(m)) end
    local p = redis.call('HMGET', KEYS[1]..':fingerprints', unpack(n))
    local toks = {} for t in string.gmatch(ARGV[1], '[^ ]+') do toks[#toks+1] = ' '..t..' ' end
    local k = 0 for i, o in ipairs(p) do local s = ' ' .. o .. ' ' for j = 1, 21 do if string.find(s, toks[j], 1, true) then k = k + 1 end end end return k`,
  'gsub-table':  `local c = redis.call('ZRANGE', KEYS[1]..':pending', 0, 499)
    local n = {} for i, m in ipairs(c) do n[i] = tostring(tonumber(m)) end
    local p = redis.call('HMGET', KEYS[1]..':fingerprints', unpack(n))
    local marked = {} for t in string.gmatch(ARGV[1], '[^ ]+') do marked[t] = t .. '\\1' end
    local k = 0 for i, o in ipairs(p) do local r, b = string.gsub(o, '[^ ]+', marked) k = k + #r - #o + b end return k`,
  'gmatch-lookup':  `local c = redis.call('ZRANGE', KEYS[1]..':pending', 0, 499)
    local n = {} for i, m in ipairs(c) do n[i] = tostring(tonumber(m)) end
    local p = redis.call('HMGET', KEYS[1]..':fingerprints', unpack(n))
    local mine = {} for t in string.gmatch(ARGV[1], '[^ ]+') do mine[t] = true end
    local k = 0 for i, o in ipairs(p) do for x in string.gmatch(o, '[^ ]+') do if mine[x] then k = k + 1 end end end return k`,
  'gsub-count-only':  `local c = redis.call('ZRANGE', KEYS[1]..':pending', 0, 499)
    local n = {} for i, m in ipairs(c) do n[i] = tostring(tonumber(m)) end
    local p = redis.call('HMGET', KEYS[1]..':fingerprints', unpack(n))
    local k = 0 for i, o in ipairs(p) do local _, b = string.gsub(o, ' ', ' ') k = k + b end return k`,
  'bigstring-space': `local c = redis.call('ZRANGE', KEYS[1]..':pending', 0, 499)
    local n = {} for i, m in ipairs(c) do n[i] = tostring(tonumber(m)) end
    local p = redis.call('HMGET', KEYS[1]..':fingerprints', unpack(n))
    local big = ' ' .. table.concat(p, ' \\n ') .. ' '
    local k = 0
    for t in string.gmatch(ARGV[1], '[^ ]+') do
      local pat = ' ' .. t .. ' '
      local init = 1
      while true do local s = string.find(big, pat, init, true) if not s then break end k = k + 1 init = s + 1 end
    end return k`,
  'bigstring-letter': `local c = redis.call('ZRANGE', KEYS[1]..':pending', 0, 499)
    local n = {} for i, m in ipairs(c) do n[i] = tostring(tonumber(m)) end
    local p = redis.call('HMGET', KEYS[1]..':fingerprints', unpack(n))
    local big = ' ' .. table.concat(p, ' \\n ') .. ' '
    local k = 0
    for t in string.gmatch(ARGV[1], '[^ ]+') do
      local pat = t .. ' '
      local init = 1
      while true do local s = string.find(big, pat, init, true) if not s then break end if string.byte(big, s - 1) == 32 then k = k + 1 end init = s + 1 end
    end return k`,
  'gsub-table-S':  `local c = redis.call('ZRANGE', KEYS[1]..':pending', 0, 499)
    local n = {} for i, m in ipairs(c) do n[i] = tostring(tonumber(m)) end
    local p = redis.call('HMGET', KEYS[1]..':fingerprints', unpack(n))
    local marked = {} for t in string.gmatch(ARGV[1], '%S+') do marked[t] = t .. '\\1' end
    local k = 0 for i, o in ipairs(p) do local r, b = string.gsub(o, '%S+', marked) k = k + #r - #o + b end return k`,
  'gmatch-S-lookup':  `local c = redis.call('ZRANGE', KEYS[1]..':pending', 0, 499)
    local n = {} for i, m in ipairs(c) do n[i] = tostring(tonumber(m)) end
    local p = redis.call('HMGET', KEYS[1]..':fingerprints', unpack(n))
    local mine = {} for t in string.gmatch(ARGV[1], '%S+') do mine[t] = true end
    local k = 0 for i, o in ipairs(p) do for x in string.gmatch(o, '%S+') do if mine[x] then k = k + 1 end end end return k`,
  'zrange+hmget+split': `local c = redis.call('ZRANGE', KEYS[1]..':pending', 0, 499)
    local n = {} for i, m in ipairs(c) do n[i] = tostring(tonumber(m)) end
    local p = redis.call('HMGET', KEYS[1]..':fingerprints', unpack(n))
    local k = 0 for i, o in ipairs(p) do local t = {} for x in string.gmatch(o, '[^ ]+') do t[#t+1] = x end k = k + #t end return k`,
};
const best: Record<string, number> = {};
for (let round = 0; round < 6; round++) {
  for (const [name, lua] of Object.entries(variants)) {
    await redis.config('RESETSTAT');
    for (let i = 0; i < 60; i++) await redis.eval(lua, 1, sbase, fp);
    const line = /cmdstat_eval:calls=(\d+),usec=(\d+)/.exec(await redis.info('commandstats'))!;
    const us = Number(line[2]) / Number(line[1]);
    best[name] = Math.min(best[name] ?? Infinity, us);
  }
}
for (const [name, us] of Object.entries(best)) console.log(name.padEnd(24), us.toFixed(0), 'usec');
await redis.flushall();
await redis.quit();
