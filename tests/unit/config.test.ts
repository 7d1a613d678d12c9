import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.js';

describe('loadConfig', () => {
  it('fills defaults around the one required variable', () => {
    expect(loadConfig({ DISCORD_TOKEN: 'abc' })).toEqual({
      discordToken: 'abc',
      discordApiUrl: 'https://discord.com/api',
      redisUrl: 'redis://127.0.0.1:6379',
      logLevel: 'info',
      devGuildId: undefined,
      keyPrefix: 'parley',
    });
  });

  it('names every missing or invalid variable at once', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://nope', DEV_GUILD_ID: '12', LOG_LEVEL: 'loud' })).toThrow(
      /DISCORD_TOKEN is required[\s\S]*REDIS_URL must be a redis:\/\/[\s\S]*LOG_LEVEL[\s\S]*DEV_GUILD_ID must be a Discord id/,
    );
  });

  it('accepts a local REST base for the stand-in and trims its trailing slash', () => {
    expect(loadConfig({ DISCORD_TOKEN: 'x', DISCORD_API_URL: 'http://127.0.0.1:5050/api/' }).discordApiUrl).toBe(
      'http://127.0.0.1:5050/api',
    );
  });
});
