import { Events, type Client } from 'discord.js';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { commands } from '../commands/index.js';
import type { Services } from '../commands/command.js';
import { discordMessagesOverRest } from '../jobs/discord-rest.js';
import { createQueues, type ParleyQueues } from '../jobs/queues.js';
import { catchUp } from '../jobs/recovery.js';
import { JobScheduler } from '../jobs/scheduler.js';
import { createWorkers, type ParleyWorkers } from '../jobs/workers.js';
import { ProfileStore } from '../storage/profile-store.js';
import { QuestionStore } from '../storage/question-store.js';
import { createCommandRedis, waitForRedis } from '../storage/redis.js';
import { SessionStore } from '../storage/session-store.js';
import { createDiscordClient } from './client.js';
import type { Config } from './config.js';
import { createInteractionRouter } from './router.js';
import { runShutdown } from './shutdown.js';

export const GENERATOR = 'Parley 0.1.0';
const SHUTDOWN_DEADLINE_MS = 8_000;

export interface StartOptions {
  config: Config;
  log: Logger;
  now?: () => number;
}

export interface RunningParley {
  client: Client;
  services: Services;
  queues: ParleyQueues;
  workers: ParleyWorkers;
  /** Stops taking interactions, lets jobs finish or return to the queue, closes everything. */
  stop(): Promise<boolean>;
}

/** The composition root: builds every part from the config and connects them. */
export async function startParley({ config, log, now = Date.now }: StartOptions): Promise<RunningParley> {
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
  const scheduler = new JobScheduler(queues, now);
  const sessions = new SessionStore(redis, config.keyPrefix);
  const questions = new QuestionStore(redis, config.keyPrefix);
  const profiles = new ProfileStore(redis, config.keyPrefix);
  const services: Services = { sessions, questions, profiles, scheduler, now };

  const client = createDiscordClient(config);
  // Jobs talk to Discord over REST and may run before the gateway is up: give REST its token now.
  client.rest.setToken(config.discordToken);
  const workers = createWorkers(
    { connection: workerRedis, keyPrefix: config.keyPrefix },
    { sessions, questions, scheduler, discord: discordMessagesOverRest(client.rest), now, log, generator: GENERATOR },
  );

  const route = createInteractionRouter({ commands, services, redis, keyPrefix: config.keyPrefix, log });
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

  return { client, services, queues, workers, stop };
}
