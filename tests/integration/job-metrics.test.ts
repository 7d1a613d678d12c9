import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { createMetrics, watchWorker } from '../../bot/metrics.js';
import { createQueues } from '../../jobs/queues.js';
import { JobScheduler, REPUBLISH_ARCHIVE_MS } from '../../jobs/scheduler.js';
import { createWorkerRedis } from '../../storage/redis.js';
import { deleteKeys, TEST_REDIS_TARGET, testRedis, uniquePrefix } from '../support/redis.js';

// Job metrics from real BullMQ workers, and the republish job's coalescing, on a real Redis.

const redis = testRedis();
const prefixes: string[] = [];

afterAll(async () => {
  for (const prefix of prefixes) await deleteKeys(redis, prefix);
  await redis.quit();
});

function prefix(): string {
  const value = uniquePrefix('jobmetrics');
  prefixes.push(value);
  return value;
}

describe('watchWorker', () => {
  it('times completed attempts, and tells a retried failure from a final one', async () => {
    const keyPrefix = prefix();
    const options = { connection: redis, prefix: `{${keyPrefix}}` };
    const queue = new Queue('work', options);
    let calls = 0;
    const workerRedis = createWorkerRedis(TEST_REDIS_TARGET);
    const worker = new Worker(
      'work',
      async (job) => {
        if (job.name === 'flaky' && ++calls === 1) throw new Error('first attempt fails');
        if (job.name === 'doomed') throw new UnrecoverableError('never works');
        return 'ok';
      },
      { ...options, connection: workerRedis },
    );
    const metrics = createMetrics();
    watchWorker(worker, metrics);
    const done = new Promise<void>((resolve) => {
      let finished = 0;
      const settle = () => ++finished === 2 && resolve();
      worker.on('completed', settle);
      worker.on('failed', (job) => job?.name === 'doomed' && settle());
    });
    await queue.add('flaky', {}, { attempts: 2, backoff: { type: 'fixed', delay: 10 } });
    await queue.add('doomed', {}, { attempts: 5 });
    await done;

    const failures = await metrics.registry.getSingleMetricAsString('parley_job_failures_total');
    expect(failures).toContain('parley_job_failures_total{queue="work",job="flaky",final="false"} 1');
    expect(failures).toContain('parley_job_failures_total{queue="work",job="doomed",final="true"} 1');
    const durations = await metrics.registry.getSingleMetricAsString('parley_job_duration_seconds');
    expect(durations).toContain('parley_job_duration_seconds_count{queue="work",job="flaky",outcome="completed"} 1');
    expect(durations).toContain('parley_job_duration_seconds_count{queue="work",job="flaky",outcome="retry"} 1');
    expect(durations).toContain('parley_job_duration_seconds_count{queue="work",job="doomed",outcome="failed"} 1');
    await worker.close();
    await queue.close();
    await workerRedis.quit();
  });
});

describe('JobScheduler.republishArchive', () => {
  it('gathers edits in a burst into one delayed republish of the session', async () => {
    const queues = createQueues(redis, prefix());
    const scheduler = new JobScheduler(queues);
    const ref = { guildId: '100000000000000001', sessionId: 3 };
    await scheduler.republishArchive(ref);
    await scheduler.republishArchive(ref);
    await scheduler.republishArchive({ ...ref, sessionId: 4 });
    const delayed = await queues.discord.getJobs(['delayed']);
    const ordered = delayed.sort((a, b) => (a.data as { sessionId: number }).sessionId - (b.data as { sessionId: number }).sessionId);
    expect(ordered.map((job) => [job.name, job.data])).toEqual([
      ['republish-archive', { guildId: ref.guildId, sessionId: 3 }],
      ['republish-archive', { guildId: ref.guildId, sessionId: 4 }],
    ]);
    expect(delayed.every((job) => job.opts.delay === REPUBLISH_ARCHIVE_MS)).toBe(true);
    await Promise.all([queues.lifecycle.close(), queues.discord.close()]);
  });
});
