import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisNode } from '../bot/config.js';

/** A connection to Parley's Redis: one server, or a Redis Cluster (every key Parley uses is hash-tagged). */
export type RedisClient = Redis | Cluster;

/** Where Redis is: a URL for one server, or the seed nodes of a cluster (which then wins). */
export interface RedisTarget {
  url: string;
  clusterNodes?: RedisNode[] | undefined;
}

// How long one attempt may take before the command connection gives up on it: a member waits
// on it, and Discord wants an answer within 3 seconds.
const FAIL_FAST: RedisOptions = { maxRetriesPerRequest: 1, connectTimeout: 2_000, commandTimeout: 2_000 };

/** Reconnecting after Redis (or every node of the cluster) went away: quickly, then every 2 s. */
const reconnectDelay = (attempt: number): number => Math.min(attempt * 200, 2_000);

/**
 * How either connection finds its way around a cluster. The ready check (on by default) holds
 * `ready` back until CLUSTER INFO says the cluster is ok. Slots are re-read every 5 s and on
 * every MOVED, so a resharding or failover is followed; a slow node gets 2 s to answer
 * CLUSTER SLOTS (ioredis' 1 s default gives up on a busy node under load).
 */
const CLUSTER_ROUTING: ClusterOptions = {
  enableReadyCheck: true,
  slotsRefreshTimeout: 2_000,
  slotsRefreshInterval: 5_000,
  // After a failover the new master may need a moment before it takes commands for its slots.
  retryDelayOnFailover: 200,
  retryDelayOnClusterDown: 200,
};

/**
 * The connection interaction handlers use. It fails fast when Redis is away (no offline queue,
 * one retry per command), so a member gets "try again in a moment" within Discord's 3 seconds
 * instead of a hung interaction. BullMQ workers get their own blocking connections (createWorkerRedis).
 * On a cluster, `options` apply to the connection to each node.
 */
export function createCommandRedis(target: RedisTarget, options: RedisOptions = {}): RedisClient {
  if (target.clusterNodes === undefined) {
    return new Redis(target.url, { ...FAIL_FAST, enableOfflineQueue: false, retryStrategy: reconnectDelay, lazyConnect: false, ...options });
  }
  return new Cluster(target.clusterNodes, {
    ...CLUSTER_ROUTING,
    // ioredis always queues on the node connections (it overrides the node option), so failing
    // fast is the cluster's offline queue being off, plus the per-command limits on each node.
    enableOfflineQueue: false,
    // A command whose node went away is retried while the cluster fails over, but only for
    // about a second (ioredis' default is 16 tries), so the member still hears back in time.
    maxRedirections: 6,
    clusterRetryStrategy: reconnectDelay,
    redisOptions: { ...FAIL_FAST, ...options },
  });
}

/** BullMQ workers block on Redis and must retry forever rather than fail commands (BullMQ's advice). */
export function createWorkerRedis(target: RedisTarget): RedisClient {
  const options: RedisOptions = { maxRetriesPerRequest: null };
  if (target.clusterNodes === undefined) return new Redis(target.url, options);
  // The cluster's offline queue stays on (the default): a job command waits out a failover.
  return new Cluster(target.clusterNodes, { ...CLUSTER_ROUTING, clusterRetryStrategy: reconnectDelay, redisOptions: options });
}

/** Resolves once the connection is ready, or rejects after `timeoutMs`. */
export async function waitForRedis(redis: RedisClient, timeoutMs = 5_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = (): void => {
      cleanup();
      resolve();
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      redis.off('ready', onReady);
    };
    redis.on('ready', onReady);
  });
}

/**
 * Whether Redis answers PING: the one server, or every master of a cluster (the guilds whose
 * slots a silent master holds can do nothing, so one answering node is not enough).
 */
export async function everyMasterAnswers(redis: RedisClient): Promise<boolean> {
  try {
    const nodes = redis instanceof Cluster ? await slotOwners(redis) : [redis];
    if (nodes === null || nodes.length === 0) return false;
    const answers = await Promise.all(nodes.map((node) => node.ping()));
    return answers.every((answer) => answer === 'PONG');
  } catch {
    return false;
  }
}

/**
 * The connections to the masters serving the slots, as the cluster itself says now; null when
 * one has no connection (ioredis drops the connection to a node that went away).
 */
async function slotOwners(cluster: Cluster): Promise<Redis[] | null> {
  const ranges = await cluster.cluster('SLOTS');
  const connected = new Map(cluster.nodes('master').map((node) => [`${node.options.host}:${node.options.port}`, node]));
  // Each range lists its master first; an unserved range has none, and counts as silent.
  const owners = new Set(ranges.map(([, , master]) => (master ? `${master[0]}:${master[1]}` : 'none')));
  const nodes = [...owners].map((owner) => connected.get(owner));
  return nodes.every((node) => node !== undefined) ? nodes : null;
}
