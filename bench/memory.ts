// The bot's memory: resident set size (RSS) of a real Parley process idle, and after 10,000
// questions asked through the Discord stand-in, each read after two full garbage collections;
// the bare discord.js floor measured the same way; and what discord.js keeps in its caches
// (Parley keeps only what it needs: bot/client.ts).
//
//   npx tsx bench/memory.ts [--quick] [--questions=10000]

import { deleteKeys, testRedis, uniquePrefix } from '../tests/support/redis.js';
import type { ChildHandle } from './lib/child.js';
import { benchmarkMain, flag, progress } from './lib/main.js';
import { round, sleep } from './lib/stats.js';
import { askPayloadFactory, scheduleAma, startBot, startWorld, type BotKind } from './lib/world.js';

const NAME = 'memory';

interface Snapshot {
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
}

export interface MemoryRow {
  idle: Snapshot;
  after: Snapshot;
  questions: number;
  seconds: number;
  caches?: Record<string, number>;
}

export interface MemoryResult {
  parley: MemoryRow;
  floor: MemoryRow;
}

async function memory(): Promise<MemoryResult> {
  const count = Number(flag('questions') ?? (flag('quick') ? 2_000 : 10_000));
  return { parley: await measure('parley', count), floor: await measure('floor', count) };
}

async function measure(kind: BotKind, count: number): Promise<MemoryRow> {
  const prefix = uniquePrefix('bench-memory');
  const redis = testRedis();
  const world = await startWorld();
  let bot: ChildHandle | undefined;
  try {
    bot = await startBot(world, kind, prefix);
    if (kind === 'parley') await scheduleAma(world);
    const payloads = (await askPayloadFactory(world, `${kind}-asker`))(count);
    await sleep(2_000);
    const idle = await bot.call<Snapshot>('memory');
    // As fast as the bot answers, 32 at a time.
    const started = performance.now();
    let next = 0;
    let refused = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < payloads.length) {
          const response = await world.discord.dispatchInteraction(payloads[next++])!.response({ timeoutMs: 10_000 });
          if (!response.content?.startsWith('Got it')) refused += 1;
        }
      }),
    );
    const seconds = round((performance.now() - started) / 1_000, 1);
    if (refused > 0) throw new Error(`${kind}: ${refused} questions not accepted`);
    await sleep(1_000);
    const after = await bot.call<Snapshot>('memory');
    const caches = kind === 'parley' ? await bot.call<Record<string, number>>('caches') : undefined;
    progress(NAME, `${kind}: idle ${idle.rssMb} MB, after ${count} questions (${seconds} s) ${after.rssMb} MB RSS, heap ${after.heapUsedMb} MB`);
    return { idle, after, questions: count, seconds, ...(caches ? { caches } : {}) };
  } finally {
    await bot?.stop().catch(() => undefined);
    await world.close();
    await deleteKeys(redis, prefix);
    await redis.quit();
  }
}

benchmarkMain(NAME, memory, 5 * 60_000);
