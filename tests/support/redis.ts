import { randomBytes } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import { parseRedisNodes, type RedisNode } from '../../bot/config.js';
import { waitForRedis, type RedisClient, type RedisTarget } from '../../storage/redis.js';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * `host:port,host:port…` of a Redis Cluster to run the suites on instead of the one Redis at
 * TEST_REDIS_URL (`npm run test:cluster` sets it); unset, the tests use TEST_REDIS_URL.
 */
export const TEST_REDIS_CLUSTER_NODES: string | undefined = process.env.PARLEY_TEST_REDIS_CLUSTER_NODES?.trim() || undefined;

const clusterNodes: RedisNode[] | undefined = TEST_REDIS_CLUSTER_NODES === undefined ? undefined : clusterNodesOf(TEST_REDIS_CLUSTER_NODES);

function clusterNodesOf(list: string): RedisNode[] {
  const nodes = parseRedisNodes(list);
  if (!nodes) throw new Error(`PARLEY_TEST_REDIS_CLUSTER_NODES must be host:port pairs separated by commas, not ${list}`);
  return nodes;
}

/** What the tests hand to createCommandRedis/createWorkerRedis: the cluster when there is one. */
export const TEST_REDIS_TARGET: RedisTarget = { url: TEST_REDIS_URL, clusterNodes };

/** The bot's Redis settings for tests that build a config: REDIS_URL, and the cluster when testing on one. */
export function testRedisEnv(): Record<string, string> {
  return { REDIS_URL: TEST_REDIS_URL, ...(TEST_REDIS_CLUSTER_NODES ? { REDIS_CLUSTER_NODES: TEST_REDIS_CLUSTER_NODES } : {}) };
}

/** A key prefix no other test uses, so suites can share one Redis and run in parallel. */
export function uniquePrefix(label = 't'): string {
  return `${label}-${randomBytes(5).toString('hex')}`.toLowerCase();
}

/**
 * Deletes every key of a test: Parley's own keys and BullMQ's `{prefix}` keys. On a cluster SCAN
 * sees only the node it runs on, so every master is scanned, and keys are unlinked one by one
 * (one UNLINK of keys from different slots is refused, even on one node).
 */
export async function deleteKeys(redis: RedisClient, prefix: string): Promise<void> {
  for (const node of await everyMaster(redis)) {
    for (const pattern of [`${prefix}:*`, `{${prefix}}:*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length === 0) continue;
        if (redis instanceof Cluster) {
          const unlink = node.pipeline();
          for (const key of keys) unlink.unlink(key);
          await unlink.exec();
        } else {
          await node.unlink(...keys);
        }
      } while (cursor !== '0');
    }
  }
}

/** Every key under the prefix, from every master: what a test sees of Parley's data. */
export async function keysUnder(redis: RedisClient, prefix: string): Promise<string[]> {
  const found: string[] = [];
  for (const node of await everyMaster(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      found.push(...keys);
    } while (cursor !== '0');
  }
  return found.sort();
}

/** The connections to scan: the one server, or each master of the cluster (once it knows them). */
async function everyMaster(redis: RedisClient): Promise<Redis[]> {
  if (!(redis instanceof Cluster)) return [redis];
  await waitForRedis(redis, 10_000);
  return redis.nodes('master');
}

/** The tests' own connection: to the cluster when PARLEY_TEST_REDIS_CLUSTER_NODES is set. */
export function testRedis(): RedisClient {
  if (clusterNodes) return new Cluster(clusterNodes, { redisOptions: { maxRetriesPerRequest: 1 } });
  return new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
}
