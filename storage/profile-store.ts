import type { Redis } from 'ioredis';
import { guildKeys } from './keys.js';

/** Members' title lines, kept per guild: a title set in one server never shows in another. */
export class ProfileStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async getTitle(guildId: string, userId: string): Promise<string | null> {
    return this.redis.hget(guildKeys(this.prefix, guildId).profiles, userId);
  }

  async setTitle(guildId: string, userId: string, title: string): Promise<void> {
    await this.redis.hset(guildKeys(this.prefix, guildId).profiles, userId, title);
  }

  async clearTitle(guildId: string, userId: string): Promise<void> {
    await this.redis.hdel(guildKeys(this.prefix, guildId).profiles, userId);
  }
}
