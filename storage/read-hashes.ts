import type { RedisClient } from './redis.js';

/** HGETALL of many keys in one round trip; keys that do not exist are left out. */
export async function readHashes(redis: RedisClient, keys: readonly string[]): Promise<Record<string, string>[]> {
  if (keys.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const key of keys) pipeline.hgetall(key);
  const results = (await pipeline.exec()) ?? [];
  return results
    .map(([error, hash]) => {
      if (error) throw error;
      return hash as Record<string, string>;
    })
    .filter((hash) => Object.keys(hash).length > 0);
}
