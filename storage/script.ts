import { createHash } from 'node:crypto';
import type { RedisClient } from './redis.js';

/**
 * A Lua script run by its SHA, loaded on first use: one round trip in the common case, and it
 * survives a Redis restart (which empties the script cache) by falling back to EVAL once.
 */
export class RedisScript {
  readonly sha: string;

  constructor(
    readonly name: string,
    readonly lua: string,
  ) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(redis: RedisClient, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('NOSCRIPT')) {
        return redis.eval(this.lua, keys.length, ...keys, ...args);
      }
      throw error;
    }
  }
}
