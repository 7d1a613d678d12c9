import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueues, type ParleyQueues } from '../../jobs/queues.js';
import { JobScheduler } from '../../jobs/scheduler.js';
import type { Session } from '../../storage/model.js';
import { SessionStore } from '../../storage/session-store.js';
import { startDiscordStandIn, type DiscordStandIn } from '../discord-stand-in/index.js';
import { WorkerProcess } from '../support/parley-process.js';
import { RedisServer } from './support/redis-server.js';
import { sessionInput } from '../support/sessions.js';

// Redis restarts across the due time of a close: two worker processes (bot/worker-main.ts) have
// the close jobs delayed in Redis; Redis stops (writing its append-only file, as on a restart)
// before the sessions are due and comes back after. The jobs survive, the workers reconnect, and
// every session closes once and publishes its archive once, late only by the outage.

const PREFIX = 'restart';
let redisServer: RedisServer;
let redis: Redis;
let discord: DiscordStandIn;
let queues: ParleyQueues;
let workers: WorkerProcess[];
let guildId: string;
let channelId: string;

beforeAll(async () => {
  redisServer = await RedisServer.start();
  redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  discord = await startDiscordStandIn();
  guildId = discord.createGuild({ name: 'Restart' }).id;
  channelId = discord.createTextChannel(guildId, { name: 'ama' }).id;
  queues = createQueues(redis, PREFIX);
  // Refused connections while Redis is down are expected here.
  for (const queue of [queues.lifecycle, queues.discord]) queue.on('error', () => undefined);
  const env = { DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, REDIS_URL: redisServer.url, PARLEY_KEY_PREFIX: PREFIX, JOB_LOCK_MS: '2000' };
  workers = [new WorkerProcess('w1', env), new WorkerProcess('w2', env)];
  await Promise.all(workers.map((worker) => worker.start()));
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await Promise.all([queues.lifecycle.close(), queues.discord.close()]);
  redis.disconnect();
  await discord.close();
  await redisServer.destroy();
});

describe('Redis restarting across the due time', () => {
  it('closes every session once and publishes each archive once when Redis is back', async () => {
    const sessions = new SessionStore(redis, PREFIX);
    const scheduler = new JobScheduler(queues);
    const closeAt = Date.now() + 3_000;
    const created: Session[] = [];
    for (let index = 0; index < 10; index++) {
      const session = await sessions.create(sessionInput({ guildId, channelId, title: `Restart ${index + 1}`, startsAt: Date.now(), endsAt: closeAt, createdAt: Date.now(), reminderOffsets: [] }));
      await sessions.open(guildId, session.id, Date.now(), 'due');
      await scheduler.scheduleLifecycle({ ...session, status: 'open' });
      created.push(session);
    }

    await redisServer.stop();
    await new Promise((resolve) => setTimeout(resolve, closeAt - Date.now() + 3_000));
    expect(workers.every((worker) => worker.jobsDone().every((done) => done.job !== 'close-session'))).toBe(true);
    await redisServer.resume();

    const closed = await discord.waitFor(
      async () => {
        const now = await Promise.all(created.map((session) => sessions.get(guildId, session.id).catch(() => null)));
        return now.every((session) => session?.archiveMessageId) ? (now as Session[]) : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, description: 'every archive published after the restart' },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const done = workers.flatMap((worker) => worker.jobsDone());
    for (const session of closed) {
      expect(session.status).toBe('closed');
      expect(session.closedAt! - session.endsAt).toBeGreaterThanOrEqual(3_000);
      expect(done.filter((d) => d.job === 'close-session' && d.outcome === 'closed' && d.jobId.startsWith(`close-${guildId}-${session.id}-`))).toHaveLength(1);
      expect(done.filter((d) => d.job === 'publish-archive' && d.outcome === 'published' && d.jobId === `archive-${guildId}-${session.id}`)).toHaveLength(1);
    }
    const archives = discord.channelMessages(channelId).filter((message) => message.attachments.length > 0);
    expect(archives).toHaveLength(created.length);
    expect(new Set(archives.map((message) => message.attachments[0]!.filename.split('-')[1])).size).toBe(created.length);
    discord.assertNoViolations();
  });
});
