import { REST } from 'discord.js';
import type { Logger } from 'pino';
import { discordArchivePostsOverRest } from '../../jobs/discord-archive-rest.js';
import { discordEventsOverRest } from '../../jobs/discord-events-rest.js';
import { discordMessagesOverRest } from '../../jobs/discord-rest.js';
import { catchUp } from '../../jobs/recovery.js';
import { createWorkers, type ParleyWorkers } from '../../jobs/workers.js';
import { createWorkerRedis, type RedisClient } from '../../storage/redis.js';
import type { Config } from '../config.js';
import { watchRest, watchWorker } from '../metrics.js';
import type { ParleyCore } from './core.js';

export interface RunningJobWorkers {
  workers: ParleyWorkers;
  /** Their blocking Redis connection, closed last. */
  connection: RedisClient;
}

/**
 * BullMQ workers for every job: they talk to Discord over REST only, so any number of processes
 * can run them side by side (PARLEY_ROLE=worker); each job runs once at a time across all of them
 * and every processor is safe to run again. On start they catch up on whatever fell due while
 * nothing was running.
 */
export async function startJobWorkers(core: ParleyCore, config: Config, log: Logger, generator: string): Promise<RunningJobWorkers> {
  const connection = createWorkerRedis(core.redisTarget);
  connection.on('error', (error) => log.warn({ err: error }, 'redis worker connection error'));

  // Jobs talk to Discord over a REST client of their own, which keeps the bot's global limit
  // (Discord's 50 requests/s unless raised). That limit is per process: several processes share
  // it only through one REST proxy (bot/rest-proxy.ts), reached by pointing DISCORD_API_URL at it.
  const limits = { api: config.discordApiUrl, globalRequestsPerSecond: config.globalRequestsPerSecond };
  const rest = new REST(limits).setToken(config.discordToken);
  // A forum post, unlike a message, cannot carry a nonce, so a request discord.js retried by
  // itself after a lost response would post twice. Archive posts go through a client that never
  // retries; the job retries instead, and looks for the post first (jobs/processors/publish-archive.ts).
  // Scheduled events have no nonce either and go through the same client (jobs/processors/sync-event.ts).
  const noRetryRest = new REST({ ...limits, retries: 0 }).setToken(config.discordToken);
  watchRest(rest, core.metrics);
  watchRest(noRetryRest, core.metrics);

  const { sessions, questions, profiles, scheduler, now } = core.services;
  const workers = createWorkers(
    { connection, keyPrefix: config.keyPrefix, lockDurationMs: config.jobLockMs },
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
      generator,
    },
  );
  watchWorker(workers.lifecycle, core.metrics);
  watchWorker(workers.discord, core.metrics);
  await catchUp({ sessions, questions, scheduler, now, log });
  log.info({ prefix: config.keyPrefix, lockMs: config.jobLockMs }, 'workers running');
  return { workers, connection };
}
