import type { Logger } from 'pino';
import type { Services } from '../../commands/command.js';
import { createQueues, type ParleyQueues } from '../../jobs/queues.js';
import { JobScheduler } from '../../jobs/scheduler.js';
import { GuildSettingsStore } from '../../storage/guild-settings.js';
import { ProfileStore } from '../../storage/profile-store.js';
import { QuestionStore } from '../../storage/question-store.js';
import { createCommandRedis, waitForRedis, type RedisClient, type RedisTarget } from '../../storage/redis.js';
import { SessionStore } from '../../storage/session-store.js';
import type { Config } from '../config.js';
import { countQuestionsAndAnswers, createMetrics, type ParleyMetrics } from '../metrics.js';

/** What every role shares: Redis, the stores on it, the queues jobs go into, and the metrics. */
export interface ParleyCore {
  redis: RedisClient;
  redisTarget: RedisTarget;
  queues: ParleyQueues;
  services: Services;
  metrics: ParleyMetrics;
}

export interface CoreOptions {
  config: Config;
  log: Logger;
  now: () => number;
  voteRefreshMs: number | undefined;
}

export async function connectCore({ config, log, now, voteRefreshMs }: CoreOptions): Promise<ParleyCore> {
  const redisTarget: RedisTarget = { url: config.redisUrl, clusterNodes: config.redisClusterNodes };
  const where = config.redisClusterNodes ? `the Redis Cluster at ${config.redisClusterNodes.map((node) => `${node.host}:${node.port}`).join(', ')}` : config.redisUrl;
  const redis = createCommandRedis(redisTarget);
  redis.on('error', (error) => log.warn({ err: error }, 'redis connection error'));
  await waitForRedis(redis).catch((error: unknown) => {
    redis.disconnect();
    throw new Error(`Parley needs Redis at ${where}: ${(error as Error).message}`);
  });

  const queues = createQueues(redis, config.keyPrefix);
  for (const queue of [queues.lifecycle, queues.discord]) {
    queue.on('error', (error) => log.warn({ err: error, queue: queue.name }, 'queue error'));
  }
  const metrics = createMetrics();
  const services: Services = {
    sessions: new SessionStore(redis, config.keyPrefix),
    questions: countQuestionsAndAnswers(new QuestionStore(redis, config.keyPrefix), metrics),
    profiles: new ProfileStore(redis, config.keyPrefix),
    settings: new GuildSettingsStore(redis, config.keyPrefix),
    scheduler: new JobScheduler(queues, now, voteRefreshMs),
    now,
  };
  return { redis, redisTarget, queues, services, metrics };
}
