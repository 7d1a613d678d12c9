import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { everyMasterAnswers } from '../storage/redis.js';
import { loadConfig } from './config.js';

// The container's HEALTHCHECK, exiting 0 (healthy) or 1. The REST proxy answers its own /healthz.
// With HTTP_PORT set it asks the process's /healthz, ready only when Redis answers (and, where the
// process runs one, the gateway is connected); without it, it
// checks that Parley's Redis (every master, on a cluster) answers a PING within 2 seconds.
const config = loadConfig(process.env);

// One try, no reconnecting: the probe's answer is whether Redis answers now.
const PROBE: RedisOptions = { lazyConnect: true, connectTimeout: 2_000, commandTimeout: 2_000, maxRetriesPerRequest: 0, retryStrategy: () => null };

async function healthy(): Promise<boolean> {
  // The REST proxy has no Redis of its own to check: it is healthy when it answers.
  if (config.role === 'rest-proxy') {
    const response = await fetch(`http://127.0.0.1:${config.restProxyPort}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  }
  if (config.httpPort) {
    const response = await fetch(`http://127.0.0.1:${config.httpPort}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  }
  const redis = config.redisClusterNodes
    ? new Cluster(config.redisClusterNodes, { lazyConnect: true, enableOfflineQueue: false, clusterRetryStrategy: () => null, redisOptions: PROBE })
    : new Redis(config.redisUrl, PROBE);
  redis.on('error', () => undefined); // the refusal itself is the answer: unhealthy
  try {
    // A cluster connects once it has the slot map and CLUSTER INFO says the cluster is not failed.
    await redis.connect();
    return await everyMasterAnswers(redis);
  } finally {
    redis.disconnect();
  }
}

process.exitCode = (await healthy().catch(() => false)) ? 0 : 1;
