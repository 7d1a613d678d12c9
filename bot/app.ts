import { Events, REST, type Client } from 'discord.js';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { commands, componentHandlers } from '../commands/index.js';
import type { Services } from '../commands/command.js';
import { discordArchivePostsOverRest } from '../jobs/discord-archive-rest.js';
import { discordEventsOverRest } from '../jobs/discord-events-rest.js';
import { discordMessagesOverRest } from '../jobs/discord-rest.js';
import { createQueues, type ParleyQueues } from '../jobs/queues.js';
import { catchUp } from '../jobs/recovery.js';
import { JobScheduler } from '../jobs/scheduler.js';
import { createWorkers, type ParleyWorkers } from '../jobs/workers.js';
import { GuildSettingsStore } from '../storage/guild-settings.js';
import { ProfileStore } from '../storage/profile-store.js';
import { QuestionStore } from '../storage/question-store.js';
import { createCommandRedis, waitForRedis } from '../storage/redis.js';
import { SessionStore } from '../storage/session-store.js';
import { createDiscordClient } from './client.js';
import type { Config } from './config.js';
import { startParleyHttp } from './http/parley-http.js';
import type { RunningHttpServer } from './http/server.js';
import { countQuestionsAndAnswers, createMetrics, watchRest, watchWorker, type ParleyMetrics } from './metrics.js';
import { createInteractionRouter } from './router.js';
import { runShutdown } from './shutdown.js';

export const GENERATOR = 'Parley 0.1.0';
const SHUTDOWN_DEADLINE_MS = 8_000;

export interface StartOptions {
  config: Config;
  log: Logger;
  now?: () => number;
  /** How long vote changes on a question are gathered into one message edit (default 3 s). */
  voteRefreshMs?: number;
}

export interface RunningParley {
  client: Client;
  services: Services;
  queues: ParleyQueues;
  workers: ParleyWorkers;
  metrics: ParleyMetrics;
  /** The HTTP side, when HTTP_PORT is set. */
  http: RunningHttpServer | null;
  /** Stops taking interactions, lets jobs finish or return to the queue, closes everything. */
  stop(): Promise<boolean>;
}

/** The composition root: builds every part from the config and connects them. */
export async function startParley({ config, log, now = Date.now, voteRefreshMs }: StartOptions): Promise<RunningParley> {
  const redis = createCommandRedis(config.redisUrl);
  redis.on('error', (error) => log.warn({ err: error }, 'redis connection error'));
  await waitForRedis(redis).catch((error: unknown) => {
    redis.disconnect();
    throw new Error(`Parley needs Redis at ${config.redisUrl}: ${(error as Error).message}`);
  });
  // BullMQ workers block on Redis and must retry forever rather than fail commands (BullMQ's advice).
  const workerRedis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  workerRedis.on('error', (error) => log.warn({ err: error }, 'redis worker connection error'));

  const queues = createQueues(redis, config.keyPrefix);
  for (const queue of [queues.lifecycle, queues.discord]) {
    queue.on('error', (error) => log.warn({ err: error, queue: queue.name }, 'queue error'));
  }
  const scheduler = new JobScheduler(queues, now, voteRefreshMs);
  const sessions = new SessionStore(redis, config.keyPrefix);
  const metrics = createMetrics();
  const questions = countQuestionsAndAnswers(new QuestionStore(redis, config.keyPrefix), metrics);
  const profiles = new ProfileStore(redis, config.keyPrefix);
  const settings = new GuildSettingsStore(redis, config.keyPrefix);
  const services: Services = { sessions, questions, profiles, scheduler, settings, now };

  const client = createDiscordClient(config);
  client.rest.setToken(config.discordToken);
  watchRest(client.rest, metrics);
  // Jobs talk to Discord over a REST client of their own (they may run before the gateway is up),
  // which keeps discord.js's default global limit of 50 requests/s, Discord's own.
  const jobRest = new REST({ api: config.discordApiUrl }).setToken(config.discordToken);
  watchRest(jobRest, metrics);
  // A forum post, unlike a message, cannot carry a nonce, so a request discord.js retried by
  // itself after a lost response would post twice. Archive posts go through a client that never
  // retries; the job retries instead, and looks for the post first (jobs/processors/publish-archive.ts).
  // Scheduled events have no nonce either and go through the same client (jobs/processors/sync-event.ts).
  const archiveRest = new REST({ api: config.discordApiUrl, retries: 0 }).setToken(config.discordToken);
  watchRest(archiveRest, metrics);
  const http =
    config.httpPort === undefined
      ? null
      : await startParleyHttp({
          port: config.httpPort,
          log,
          archives: { sessions, questions, generator: GENERATOR, publicBaseUrl: config.publicBaseUrl },
          redis,
          gatewayConnected: () => client.isReady(),
          registry: metrics.registry,
        });
  const workers = createWorkers(
    { connection: workerRedis, keyPrefix: config.keyPrefix, lockDurationMs: config.jobLockMs },
    { sessions, questions, profiles, scheduler, discord: discordMessagesOverRest(jobRest), archivePosts: discordArchivePostsOverRest(archiveRest), events: discordEventsOverRest(archiveRest), publicBaseUrl: config.publicBaseUrl, now, log, generator: GENERATOR },
  );

  watchWorker(workers.lifecycle, metrics);
  watchWorker(workers.discord, metrics);

  const route = createInteractionRouter({ commands, components: componentHandlers, services, redis, keyPrefix: config.keyPrefix, log, onInteractionDone: metrics.interactionDone });
  const onInteraction = (interaction: Parameters<typeof route>[0]): void => {
    route(interaction).catch((error: unknown) => log.error({ err: error }, 'interaction router failed'));
  };
  client.on(Events.InteractionCreate, onInteraction);
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
  client.on(Events.ShardDisconnect, (event, shard) => log.warn({ code: event.code, shard }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'gateway resumed'));
  client.once(Events.ClientReady, (ready) => log.info({ user: ready.user.tag, guilds: ready.guilds.cache.size }, 'connected to Discord'));

  await catchUp({ sessions, questions, scheduler, now, log });
  await client.login(config.discordToken);

  const stop = () =>
    runShutdown(
      [
        { name: 'stop taking interactions', run: async () => client.off(Events.InteractionCreate, onInteraction) },
        { name: 'close the HTTP server', run: async () => http?.close() },
        // close() waits for running jobs; one still running at the deadline is picked up again
        // by another worker once its lock expires (stalled-job recovery).
        { name: 'close workers', run: () => Promise.all([workers.lifecycle.close(), workers.discord.close()]) },
        { name: 'close queues', run: () => Promise.all([queues.lifecycle.close(), queues.discord.close()]) },
        { name: 'disconnect from Discord', run: () => client.destroy() },
        { name: 'close Redis', run: () => Promise.all([redis.quit(), workerRedis.quit()]) },
      ],
      SHUTDOWN_DEADLINE_MS,
      log,
    );

  return { client, services, queues, workers, metrics, http, stop };
}
