import { REST } from 'discord.js';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { discordArchivePostsOverRest } from '../jobs/discord-archive-rest.js';
import { discordEventsOverRest } from '../jobs/discord-events-rest.js';
import { discordMessagesOverRest } from '../jobs/discord-rest.js';
import { createQueues } from '../jobs/queues.js';
import { catchUp } from '../jobs/recovery.js';
import { JobScheduler } from '../jobs/scheduler.js';
import { createWorkers, type ParleyWorkers } from '../jobs/workers.js';
import { ProfileStore } from '../storage/profile-store.js';
import { QuestionStore } from '../storage/question-store.js';
import { createCommandRedis, waitForRedis } from '../storage/redis.js';
import { SessionStore } from '../storage/session-store.js';
import { GENERATOR } from './app.js';
import type { Config } from './config.js';
import { runShutdown } from './shutdown.js';

const SHUTDOWN_DEADLINE_MS = 8_000;

export interface WorkerProcessOptions {
  config: Config;
  log: Logger;
  now?: () => number;
}

export interface RunningWorkerProcess {
  workers: ParleyWorkers;
  /** Lets running jobs finish (or return to the queue) and closes every connection. */
  stop(): Promise<boolean>;
}

/**
 * A process that only runs jobs: BullMQ workers on the same queues as the bot, talking to
 * Discord over REST, with no gateway connection and no interactions. Run as many as you like
 * beside the bot (bot/worker-main.ts); each job runs once at a time across all of them, and every
 * processor is safe to run again, so opens, closes and archives still happen exactly once.
 * On start it catches up, like the bot, on whatever fell due while nothing was running.
 */
export async function startWorkerProcess({ config, log, now = Date.now }: WorkerProcessOptions): Promise<RunningWorkerProcess> {
  const redis = createCommandRedis(config.redisUrl);
  redis.on('error', (error) => log.warn({ err: error }, 'redis connection error'));
  await waitForRedis(redis).catch((error: unknown) => {
    redis.disconnect();
    throw new Error(`Parley's workers need Redis at ${config.redisUrl}: ${(error as Error).message}`);
  });
  const workerRedis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  workerRedis.on('error', (error) => log.warn({ err: error }, 'redis worker connection error'));

  const queues = createQueues(redis, config.keyPrefix);
  for (const queue of [queues.lifecycle, queues.discord]) {
    queue.on('error', (error) => log.warn({ err: error, queue: queue.name }, 'queue error'));
  }
  const scheduler = new JobScheduler(queues, now);
  const sessions = new SessionStore(redis, config.keyPrefix);
  const questions = new QuestionStore(redis, config.keyPrefix);
  const profiles = new ProfileStore(redis, config.keyPrefix);
  const rest = new REST({ api: config.discordApiUrl }).setToken(config.discordToken);
  // Forum posts and scheduled events carry no nonce: their requests are never retried by the
  // client itself (see bot/app.ts); the jobs retry and look for what a lost attempt made.
  const noRetryRest = new REST({ api: config.discordApiUrl, retries: 0 }).setToken(config.discordToken);

  const workers = createWorkers(
    { connection: workerRedis, keyPrefix: config.keyPrefix, lockDurationMs: config.jobLockMs },
    {
      sessions,
      questions,
      profiles,
      scheduler,
      discord: discordMessagesOverRest(rest),
      archivePosts: discordArchivePostsOverRest(noRetryRest),
      events: discordEventsOverRest(noRetryRest),
      publicBaseUrl: config.publicBaseUrl,
      now,
      log,
      generator: GENERATOR,
    },
  );
  await catchUp({ sessions, questions, scheduler, now, log });
  log.info({ prefix: config.keyPrefix, lockMs: config.jobLockMs }, 'workers running');

  const stop = () =>
    runShutdown(
      [
        { name: 'close workers', run: () => Promise.all([workers.lifecycle.close(), workers.discord.close()]) },
        { name: 'close queues', run: () => Promise.all([queues.lifecycle.close(), queues.discord.close()]) },
        { name: 'close Redis', run: () => Promise.all([redis.quit(), workerRedis.quit()]) },
      ],
      SHUTDOWN_DEADLINE_MS,
      log,
    );
  return { workers, stop };
}
