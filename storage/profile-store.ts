import type { RedisClient } from './redis.js';
import { guildKeys } from './keys.js';

/** Members' title lines, kept per guild: a title set in one server never shows in another. */
export class ProfileStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async getTitle(guildId: string, userId: string): Promise<string | null> {
    return this.redis.hget(guildKeys(this.prefix, guildId).profiles, userId);
  }

  async setTitle(guildId: string, userId: string, title: string): Promise<void> {
    await this.redis.hset(guildKeys(this.prefix, guildId).profiles, userId, title);
  }

  /** Whether the member wants a DM when a question they voted for is answered. */
  async wantsNotifications(guildId: string, userId: string): Promise<boolean> {
    return (await this.redis.sismember(guildKeys(this.prefix, guildId).notify, userId)) === 1;
  }

  async setNotifications(guildId: string, userId: string, on: boolean): Promise<void> {
    const key = guildKeys(this.prefix, guildId).notify;
    await (on ? this.redis.sadd(key, userId) : this.redis.srem(key, userId));
  }

  /** Of these users, the ones who opted in to notifications. */
  async whoWantsNotifications(guildId: string, userIds: readonly string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const flags = await this.redis.smismember(guildKeys(this.prefix, guildId).notify, ...userIds);
    return userIds.filter((_, index) => flags[index] === 1);
  }

  async clearTitle(guildId: string, userId: string): Promise<void> {
    await this.redis.hdel(guildKeys(this.prefix, guildId).profiles, userId);
  }
}
