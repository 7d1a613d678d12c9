import { Redis } from 'ioredis';
import { loadConfig } from './config.js';

// The container's HEALTHCHECK, exiting 0 (healthy) or 1. With HTTP_PORT set it asks the bot's own
// /healthz, which is ready only when Redis answers and the gateway is connected; without it, it
// checks that Parley's Redis answers a PING within 2 seconds.
const config = loadConfig(process.env);

async function healthy(): Promise<boolean> {
  if (config.httpPort) {
    const response = await fetch(`http://127.0.0.1:${config.httpPort}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  }
  const redis = new Redis(config.redisUrl, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined); // the refusal itself is the answer: unhealthy
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } finally {
    redis.disconnect();
  }
}

process.exitCode = (await healthy().catch(() => false)) ? 0 : 1;
