// The host's queue with 100,000 questions waiting: how long /queue, /next and /answer's
// autocomplete take inside the bot (storage, ranking and rendering; Discord's transport apart),
// through the same functions the commands call, on a real Redis.
//
// The queue is filled in bulk in the exact shape the ask script writes (copied field for field
// from a question the script stored, then marked posted as the posting job does), since asking
// 100,000 questions one by one would take minutes; votes are spread over 0–20 so ranks differ.
//
//   npx tsx bench/host-queue.ts [--quick] [--size=100000]

import type { AutocompleteInteraction } from 'discord.js';
import type { RedisClient } from '../storage/redis.js';
import pino from 'pino';
import { answerCommand } from '../commands/answer.js';
import type { Services } from '../commands/command.js';
import { nextCard } from '../commands/next.js';
import { queuePage } from '../commands/queue.js';
import { createQueues } from '../jobs/queues.js';
import { JobScheduler } from '../jobs/scheduler.js';
import { sessionKeys } from '../storage/keys.js';
import { fingerprint, FINGERPRINT_SEPARATOR } from '../storage/question-fingerprint.js';
import { GuildSettingsStore } from '../storage/guild-settings.js';
import { ProfileStore } from '../storage/profile-store.js';
import { QuestionStore } from '../storage/question-store.js';
import { SessionStore } from '../storage/session-store.js';
import { deleteKeys, testRedis, uniquePrefix } from '../tests/support/redis.js';
import { benchmarkMain, flag, progress } from './lib/main.js';
import { askInput, BENCH_CHANNEL, BENCH_GUILD, BENCH_HOST, openSession } from './lib/sessions.js';
import { percentiles, type Percentiles } from './lib/stats.js';
import { questionTexts } from './lib/world.js';

const NAME = 'host-queue';

export interface HostQueueResult {
  pending: number;
  fillSeconds: number;
  timings: Record<string, Percentiles>;
}

async function hostQueue(): Promise<HostQueueResult> {
  const quick = flag('quick') !== undefined;
  const size = Number(flag('size') ?? (quick ? 20_000 : 100_000));
  const iterations = quick ? 100 : 300;
  const prefix = uniquePrefix('bench-queue');
  const redis = testRedis();
  const queues = createQueues(redis, prefix);
  try {
    const now = Date.now();
    const sessionId = await openSession(redis, prefix, now);
    const services: Services = {
      sessions: new SessionStore(redis, prefix),
      questions: new QuestionStore(redis, prefix),
      profiles: new ProfileStore(redis, prefix),
      scheduler: new JobScheduler(queues),
      settings: new GuildSettingsStore(redis, prefix),
      now: () => now,
    };
    const started = performance.now();
    await fillQueue(redis, services.questions, prefix, sessionId, size, now);
    const fillSeconds = Math.round((performance.now() - started) / 100) / 10;
    progress(NAME, `${size} questions waiting (filled in ${fillSeconds} s)`);
    const session = (await services.sessions.get(BENCH_GUILD, sessionId))!;
    const caller = { guildId: BENCH_GUILD, channelId: BENCH_CHANNEL, parentChannelId: null, userId: BENCH_HOST.id, displayName: BENCH_HOST.name, permissions: null };

    // Skipping questions makes /next read past them; 50 of the top 100 skipped.
    const keys = sessionKeys(prefix, BENCH_GUILD, sessionId);
    const top = (await redis.zrange(keys.pending, 0, 99)).map(Number);
    const log = pino({ level: 'silent' });
    const timings: Record<string, Percentiles> = {};
    const time = async (label: string, run: () => Promise<unknown>): Promise<void> => {
      for (let i = 0; i < 20; i++) await run();
      const samples: number[] = [];
      for (let i = 0; i < iterations; i++) {
        const begun = performance.now();
        await run();
        samples.push(performance.now() - begun);
      }
      timings[label] = percentiles(samples);
      progress(NAME, `${label}: p50 ${timings[label]!.p50} ms, p99 ${timings[label]!.p99} ms`);
    };

    await time('/queue (first page)', () => queuePage(services, session, 0, true));
    await time('/queue (page 1,000)', () => queuePage(services, session, 1_000, true));
    await time('/next', async () => {
      await services.questions.clearSkipped(BENCH_GUILD, sessionId, BENCH_HOST.id);
      return nextCard(services, caller, session);
    });
    for (let i = 0; i < 100; i += 2) await services.questions.skip(BENCH_GUILD, sessionId, BENCH_HOST.id, top[i]!);
    await time('/next (50 skipped)', () => nextCard(services, caller, session));
    if (flag('parts')) {
      await time('  pending(0, 200)', () => services.questions.pending(BENCH_GUILD, sessionId, 0, 200));
      await time('  sessions.list(50)', () => services.sessions.list(BENCH_GUILD, 50));
    }
    await time('/answer autocomplete (empty)', () => answerCommand.autocomplete!({ interaction: typing(''), services, log }));
    await time('/answer autocomplete ("dor")', () => answerCommand.autocomplete!({ interaction: typing('dor'), services, log }));
    return { pending: size, fillSeconds, timings };
  } finally {
    await queues.lifecycle.close();
    await queues.discord.close();
    await deleteKeys(redis, prefix);
    await redis.quit();
  }
}

/**
 * The host typing into /answer's question option. Only what the handler reads of the
 * interaction (where, who, the focused value); discord.js itself is measured by bench/intake.ts.
 */
function typing(value: string): AutocompleteInteraction {
  return {
    inGuild: () => true,
    guildId: BENCH_GUILD,
    channelId: BENCH_CHANNEL,
    channel: { isThread: () => false },
    user: { id: BENCH_HOST.id, username: 'host', globalName: BENCH_HOST.name },
    member: { nick: null },
    memberPermissions: null,
    options: { getBoolean: () => null, getFocused: () => value },
  } as unknown as AutocompleteInteraction;
}

/**
 * `count` waiting questions, stored as the ask script stores them: the first through the
 * script itself, the rest as copies of its hash and its entries in the session's other keys,
 * then marked posted (message id, rendered votes) as the posting job leaves them.
 */
async function fillQueue(redis: RedisClient, store: QuestionStore, prefix: string, sessionId: number, count: number, now: number): Promise<void> {
  const keys = sessionKeys(prefix, BENCH_GUILD, sessionId);
  const texts = questionTexts(2_000, 5);
  const first = await store.ask(askInput(0, texts[0]!, now));
  if (!first.ok || first.number !== 1) throw new Error('could not ask the template question');
  const template = await redis.hgetall(keys.question(1));
  const expectedFields = Object.keys(template).sort().join(',');
  const fingerprints = texts.map((text) => fingerprint(text).join(FINGERPRINT_SEPARATOR));
  // In Redis, a thousand questions per call: the same writes a pipeline would send, minus the
  // client's per-command work, which made filling take most of a minute.
  const fields = Object.entries(template).flat();
  const batch = 1_000;
  for (let startAt = 2; startAt <= count; startAt += batch) {
    await redis.eval(
      FILL_LUA,
      0,
      keys.base,
      startAt,
      Math.min(count, startAt + batch - 1),
      now,
      JSON.stringify(fields),
      JSON.stringify(texts),
      JSON.stringify(fingerprints),
    );
  }
  await redis.hset(keys.question(1), { messageId: '1500000000000000001', renderedVotes: '0' });
  await redis.srem(keys.unsynced, 1);
  await redis.hset(keys.session, 'questionCount', count);
  const sample = await redis.hgetall(keys.question(Math.max(2, Math.floor(count / 2))));
  const sampleFields = Object.keys(sample).filter((field) => !['messageId', 'renderedVotes'].includes(field)).sort().join(',');
  if (sampleFields !== expectedFields) throw new Error(`bulk questions differ from the script's: ${sampleFields} vs ${expectedFields}`);
  if ((await redis.zcard(keys.pending)) !== count) throw new Error('the queue was not filled');
}

/** Questions startAt…endAt as the ask script writes them, posted, with 0–20 votes. */
const FILL_LUA = `
local sbase, first, last, now = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local template, texts, prints = cjson.decode(ARGV[5]), cjson.decode(ARGV[6]), cjson.decode(ARGV[7])
local index = {}
for i = 1, #template, 2 do index[template[i]] = i + 1 end
for n = first, last do
  local votes = (n * 7919) % 21
  local asker = '5' .. string.format('%017d', n)
  local interactionId = string.format('9%018d', n)
  local text = texts[(n % #texts) + 1] .. ' (' .. n .. ')'
  template[index.number] = tostring(n)
  template[index.askerId] = asker
  template[index.askerName] = 'Member ' .. n
  template[index.text] = text
  template[index.askedAt] = tostring(now + n)
  template[index.interactionId] = interactionId
  template[index.votes] = tostring(votes)
  redis.call('HSET', sbase .. ':q:' .. n, unpack(template))
  redis.call('HSET', sbase .. ':q:' .. n, 'messageId', '15' .. string.format('%017d', n), 'renderedVotes', tostring(votes))
  redis.call('ZADD', sbase .. ':pending', -votes, string.format('%010d', n))
  redis.call('HSET', sbase .. ':fingerprints', n, prints[(n % #prints) + 1])
  redis.call('HINCRBY', sbase .. ':member-pending', asker, 1)
  redis.call('HSET', sbase .. ':last-asked', asker, tostring(now + n))
  redis.call('HSET', sbase .. ':interactions', interactionId, n)
end
return last - first + 1
`;

benchmarkMain(NAME, hostQueue, 4 * 60_000);
