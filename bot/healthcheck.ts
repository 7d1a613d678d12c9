import { Redis } from 'ioredis';
import { loadConfig } from './config.js';

// The container's HEALTHCHECK: healthy when Parley's Redis answers a PING within 2 seconds.
// Exits 0 or 1, as Docker expects.
const config = loadConfig(process.env);
const redis = new Redis(config.redisUrl, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0 });
try {
  await redis.connect();
  const answer = await redis.ping();
  process.exitCode = answer === 'PONG' ? 0 : 1;
} catch {
  process.exitCode = 1;
} finally {
  redis.disconnect();
}
