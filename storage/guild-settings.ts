import type { RedisClient } from './redis.js';
import { guildKeys } from './keys.js';

/** A guild's own Parley settings; each is null until a moderator sets it. */
export interface GuildSettings {
  /** IANA zone in which times typed without an offset are read (UTC when null). */
  timeZone: string | null;
}

/** The per-guild settings hash (`<p>:{<g>}:settings`). Values are checked by the commands that set them. */
export class GuildSettingsStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async get(guildId: string): Promise<GuildSettings> {
    const hash = await this.redis.hgetall(guildKeys(this.prefix, guildId).settings);
    return { timeZone: hash.timeZone || null };
  }

  async setTimeZone(guildId: string, timeZone: string): Promise<void> {
    await this.redis.hset(guildKeys(this.prefix, guildId).settings, 'timeZone', timeZone);
  }
}
