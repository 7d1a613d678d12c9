// Redis cost of a question: round trips, commands and bytes per /ask (the interaction's path,
// counted inside the real bot), what posting the question then costs (the job), Redis memory
// per stored question, and what the ask script costs as the queue grows (its near-duplicate
// check compares each question with up to 500 waiting ones).
//
// Round trips are counted as writes to the bot's Redis sockets while /ask runs one at a time:
// a write is a command or a whole pipeline, and each is awaited before the next, so one write
// is one round trip. Job workers are paused while /ask is measured.
//
//   npx tsx bench/redis-cost.ts [--quick]

import type { RedisClient } from '../storage/redis.js';
import { QuestionStore } from '../storage/question-store.js';
import { deleteKeys, testRedis, uniquePrefix } from '../tests/support/redis.js';
import { benchmarkMain, flag, progress } from './lib/main.js';
import { meterDelta, type MeterSnapshot, type RoleCounters } from './lib/redis-meter.js';
import { askInput, askMany, BENCH_GUILD, memberId, openSession } from './lib/sessions.js';
import { percentiles, round, sleep } from './lib/stats.js';
import { askPayloadFactory, questionTexts, scheduleAma, startBot, startWorld } from './lib/world.js';

const NAME = 'redis-cost';

export interface PerQuestion {
  roundTrips: number;
  commands: number;
  bytesOut: number;
  bytesIn: number;
  /** Commands per question by name (EVALSHA by script). */
  byCommand: Record<string, number>;
}

export interface RedisCostResult {
  questions: number;
  ask: PerQuestion;
  post: PerQuestion;
  memory: { questionBytes: number; deliveryRecordBytes: number; jobBytes: number; duplicateIndexBytes: number; note: string };
  askScript: Array<{ pending: number; p50Ms: number; p99Ms: number; overPingMs: number }>;
  pingMs: number;
}

async function redisCost(): Promise<RedisCostResult> {
  const quick = flag('quick') !== undefined;
  const count = quick ? 100 : 300;
  const prefix = uniquePrefix('bench-redis');
  const redis = testRedis();
  const world = await startWorld();
  const bot = await startBot(world, 'parley', prefix);
  try {
    await scheduleAma(world);
    const payloads = await askPayloadFactory(world, 'asker');
    await sleep(500);
    await bot.call('pause-workers');
    const memoryBefore = await prefixMemory(redis, prefix);

    // /ask, one at a time, nothing else running in the bot.
    const before = await bot.call<MeterSnapshot>('meter');
    for (const payload of payloads(count)) {
      const handle = world.discord.dispatchInteraction(payload)!;
      const response = await handle.response();
      if (!response.content?.startsWith('Got it')) throw new Error(`not accepted: ${response.content}`);
    }
    const asked = meterDelta(before, await bot.call<MeterSnapshot>('meter'));
    progress(NAME, `${count} questions asked`);

    // Posting them: the jobs, counted on every connection.
    const postedMessages = () => world.discord.requestCount('POST /channels/{channel_id}/messages', 200);
    const postedBefore = postedMessages();
    const beforePosting = await bot.call<MeterSnapshot>('meter');
    await bot.call('resume-workers');
    // Watched from the stand-in's side, so that watching costs the bot no Redis command.
    await world.discord.waitFor(() => postedMessages() - postedBefore >= count || undefined, {
      timeoutMs: 120_000,
      intervalMs: 100,
      description: 'every question posted',
    });
    await sleep(1_500);
    const posted = meterDelta(beforePosting, await bot.call<MeterSnapshot>('meter'));
    progress(NAME, `${count} questions posted`);
    const memoryAfter = await prefixMemory(redis, prefix);

    const askScript = await askScriptCost(redis, quick);
    const pings: number[] = [];
    for (let i = 0; i < 200; i++) {
      const started = performance.now();
      await redis.ping();
      pings.push(performance.now() - started);
    }
    const pingMs = percentiles(pings).p50;
    return {
      questions: count,
      ask: perQuestion(asked, count, ['command']),
      post: perQuestion(posted, count, ['command', 'worker']),
      memory: {
        questionBytes: Math.round(
          (memoryAfter.parley - memoryBefore.parley - (memoryAfter.deliveries - memoryBefore.deliveries) - (memoryAfter.duplicateIndex - memoryBefore.duplicateIndex)) / count,
        ),
        deliveryRecordBytes: Math.round((memoryAfter.deliveries - memoryBefore.deliveries) / count),
        jobBytes: Math.round((memoryAfter.bullmq - memoryBefore.bullmq) / count),
        duplicateIndexBytes: memoryAfter.duplicateIndex,
        note:
          'MEMORY USAGE summed over the keys; delivery records expire after 15 min, finished jobs after 1 h (removeOnComplete); ' +
          'the duplicate index is per session (the 500 best-ranked questions at most), 1 h TTL',
      },
      askScript: askScript.map((row) => ({ ...row, overPingMs: round(row.p50Ms - pingMs, 3) })),
      pingMs,
    };
  } finally {
    await bot.stop().catch(() => undefined);
    await world.close();
    await deleteKeys(redis, prefix);
    await redis.quit();
  }
}

function perQuestion(delta: MeterSnapshot, count: number, roles: Array<keyof MeterSnapshot>): PerQuestion {
  const sum: RoleCounters = { commands: {}, writes: 0, bytesOut: 0, bytesIn: 0 };
  for (const role of roles) {
    const counters = delta[role];
    sum.writes += counters.writes;
    sum.bytesOut += counters.bytesOut;
    sum.bytesIn += counters.bytesIn;
    for (const [name, n] of Object.entries(counters.commands)) sum.commands[name] = (sum.commands[name] ?? 0) + n;
  }
  const byCommand = Object.fromEntries(
    Object.entries(sum.commands)
      .map(([name, n]) => [name, round(n / count, 2)] as const)
      .filter(([, n]) => n >= 0.01)
      .sort((a, b) => b[1] - a[1]),
  );
  return {
    roundTrips: round(sum.writes / count, 2),
    commands: round(Object.values(sum.commands).reduce((a, b) => a + b, 0) / count, 2),
    bytesOut: Math.round(sum.bytesOut / count),
    bytesIn: Math.round(sum.bytesIn / count),
    byCommand,
  };
}

/** MEMORY USAGE of every key of the prefix: Parley's (delivery records and the duplicate index apart) and BullMQ's. */
async function prefixMemory(redis: RedisClient, prefix: string): Promise<{ parley: number; deliveries: number; duplicateIndex: number; bullmq: number }> {
  const total = { parley: 0, deliveries: 0, duplicateIndex: 0, bullmq: 0 };
  for (const [pattern, into] of [
    [`${prefix}:*`, 'parley'],
    [`{${prefix}}:*`, 'bullmq'],
  ] as const) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      const pipeline = redis.pipeline();
      for (const key of keys) pipeline.memory('USAGE', key, 'SAMPLES', 0);
      const sizes = ((await pipeline.exec()) ?? []).map(([, size]) => Number(size ?? 0));
      keys.forEach((key, index) => {
        const bytes = sizes[index] ?? 0;
        if (into === 'parley' && /:interaction:\d+$/.test(key)) total.deliveries += bytes;
        if (into === 'parley' && key.endsWith(':dup-index')) total.duplicateIndex += bytes;
        total[into] += bytes;
      });
    } while (cursor !== '0');
  }
  return total;
}

/**
 * The ask script's latency with 0, 100, 500 and 2,000 questions waiting (in this process, one
 * ask at a time). Each timed question is withdrawn again, so the queue stays at its size.
 */
async function askScriptCost(redis: RedisClient, quick: boolean): Promise<Array<{ pending: number; p50Ms: number; p99Ms: number }>> {
  const prefix = uniquePrefix('bench-askscript');
  const store = new QuestionStore(redis, prefix);
  const now = Date.now();
  const rows = [];
  try {
    const sessionId = await openSession(redis, prefix, now);
    const texts = questionTexts(3_000, 11);
    let asked = 0;
    const sample = quick ? 100 : 300;
    for (const pending of [0, 100, 500, 2_000]) {
      if (pending > asked) {
        await askMany(store, texts.slice(asked, pending), now, { parallel: 8, firstMember: asked });
        asked = pending;
      }
      const times: number[] = [];
      for (let i = 0; i < sample; i++) {
        const n = 100_000 + asked + i;
        const started = performance.now();
        const result = await store.ask(askInput(n, texts[(asked + i) % texts.length]!, now));
        times.push(performance.now() - started);
        if (!result.ok) throw new Error(`refused: ${result.reason}`);
        await store.moderate(BENCH_GUILD, sessionId, result.number, 'withdraw', memberId(n), now);
      }
      const stats = percentiles(times);
      rows.push({ pending, p50Ms: stats.p50, p99Ms: stats.p99 });
      progress(NAME, `ask script with ${pending} waiting: p50 ${stats.p50} ms, p99 ${stats.p99} ms`);
    }
  } finally {
    await deleteKeys(redis, prefix);
  }
  return rows;
}

benchmarkMain(NAME, redisCost, 4 * 60_000);
