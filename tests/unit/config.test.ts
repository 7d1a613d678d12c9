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
      httpPort: undefined,
      publicBaseUrl: undefined,
      jobLockMs: 30_000,
    });
  });

  it('turns the HTTP side on with a port, and takes its public address without a trailing slash', () => {
    const config = loadConfig({ DISCORD_TOKEN: 'x', HTTP_PORT: '8080', PUBLIC_BASE_URL: 'https://ama.example.org/' });
    expect(config.httpPort).toBe(8080);
    expect(config.publicBaseUrl).toBe('https://ama.example.org');
    expect(loadConfig({ DISCORD_TOKEN: 'x', HTTP_PORT: '', PUBLIC_BASE_URL: ' ' }).httpPort).toBeUndefined();
    expect(loadConfig({ DISCORD_TOKEN: 'x', HTTP_PORT: '0' }).httpPort).toBe(0);
  });

  it('refuses a port that is not one, and a base URL that is not http(s)', () => {
    expect(() => loadConfig({ DISCORD_TOKEN: 'x', HTTP_PORT: 'eighty', PUBLIC_BASE_URL: 'ftp://x.example' })).toThrow(
      /HTTP_PORT must be a port number[\s\S]*PUBLIC_BASE_URL must be an http\(s\) URL/,
    );
    expect(() => loadConfig({ DISCORD_TOKEN: 'x', HTTP_PORT: '70000' })).toThrow(/HTTP_PORT/);
    expect(() => loadConfig({ DISCORD_TOKEN: 'x', HTTP_PORT: '80.5' })).toThrow(/HTTP_PORT/);
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
