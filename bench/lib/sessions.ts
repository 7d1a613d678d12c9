// Sessions and questions straight in Redis, through Parley's own stores and scripts, for the
// benchmarks that time storage without Discord in the way.

import type { RedisClient } from '../../storage/redis.js';
import { DEFAULT_LIMITS, type AskLimits } from '../../storage/model.js';
import type { AskInput, QuestionStore } from '../../storage/question-store.js';
import { SessionStore } from '../../storage/session-store.js';
import { sessionInput } from '../../tests/support/sessions.js';

export const BENCH_GUILD = '100000000000000001';
export const BENCH_CHANNEL = '200000000000000001';
export const BENCH_HOST = { id: '300000000000000001', name: 'Host', title: null };

/** An open session in `prefix`, as /ama schedule start:now makes it. */
export async function openSession(redis: RedisClient, prefix: string, now: number, limits: Partial<AskLimits> = {}): Promise<number> {
  const sessions = new SessionStore(redis, prefix);
  const session = await sessions.create(
    sessionInput({
      guildId: BENCH_GUILD,
      channelId: BENCH_CHANNEL,
      title: 'Benchmark',
      host: BENCH_HOST,
      limits: { ...DEFAULT_LIMITS, ...limits },
      startsAt: now,
      endsAt: now + 86_400_000,
      createdBy: '1',
      createdAt: now - 1,
    }),
  );
  await sessions.open(BENCH_GUILD, session.id, now, 'due');
  return session.id;
}

/** Member n's id: distinct members, so per-member limits never refuse a benchmark question. */
export const memberId = (n: number): string => String(500_000_000_000_000_000n + BigInt(n));

/** Member n asking `text` now, in the benchmark channel (the session open there). */
export function askInput(n: number, text: string, now: number): AskInput {
  return {
    guildId: BENCH_GUILD,
    interactionId: `9${String(n).padStart(18, '0')}`,
    channelId: BENCH_CHANNEL,
    parentChannelId: null,
    sessionId: null,
    asker: { id: memberId(n), name: `Member ${n}` },
    text,
    anonymous: false,
    now,
  };
}

/** Asks `texts` through QuestionStore.ask (the real script), `parallel` at a time. */
export async function askMany(
  questions: QuestionStore,
  texts: readonly string[],
  now: number,
  options: { parallel?: number; firstMember?: number; onAsked?: (index: number, ms: number) => void } = {},
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < texts.length) {
      const index = next++;
      const started = performance.now();
      const result = await questions.ask(askInput((options.firstMember ?? 0) + index, texts[index]!, now));
      options.onAsked?.(index, performance.now() - started);
      if (!result.ok) throw new Error(`question ${index} refused: ${result.reason}`);
    }
  };
  await Promise.all(Array.from({ length: options.parallel ?? 1 }, worker));
}
