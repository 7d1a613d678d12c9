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
      role: 'all',
      shardCount: undefined,
      isShardProcess: false,
      shardIds: undefined,
      redisClusterNodes: undefined,
      restProxyPort: 8080,
      globalRequestsPerSecond: 50,
    });
  });

  it('reads the role, the shard count and the Redis Cluster seed nodes of a scaled deployment', () => {
    const gateway = loadConfig({ DISCORD_TOKEN: 'x', PARLEY_ROLE: 'gateway', SHARD_COUNT: '4', REDIS_CLUSTER_NODES: ' 10.0.0.1:7000, redis-b:7001 ,' });
    expect(gateway.role).toBe('gateway');
    expect(gateway.shardCount).toBe(4);
    expect(gateway.redisClusterNodes).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: 'redis-b', port: 7001 },
    ]);
    expect(loadConfig({ DISCORD_TOKEN: 'x', PARLEY_ROLE: 'gateway', SHARD_COUNT: 'auto' }).shardCount).toBe('auto');
    // What discord.js's ShardingManager sets in each shard process it starts.
    const shard = loadConfig({ DISCORD_TOKEN: 'x', PARLEY_ROLE: 'gateway', SHARD_COUNT: '2', SHARDING_MANAGER: 'true', SHARDS: '1' });
    expect(shard).toMatchObject({ isShardProcess: true, shardIds: '1', shardCount: 2 });
    expect(loadConfig({ DISCORD_TOKEN: 'x', PARLEY_ROLE: 'rest-proxy', REST_PROXY_PORT: '9090' }).restProxyPort).toBe(9090);
  });

  it('refuses roles, shard counts and cluster nodes that cannot work', () => {
    expect(() => loadConfig({ DISCORD_TOKEN: 'x', PARLEY_ROLE: 'everything' })).toThrow(/PARLEY_ROLE must be one of all, gateway, worker, web, rest-proxy/);
    expect(() => loadConfig({ DISCORD_TOKEN: 'x', PARLEY_ROLE: 'gateway', SHARD_COUNT: '0' })).toThrow(/SHARD_COUNT must be a number of shards \(1–9999\) or auto/);
    expect(() => loadConfig({ DISCORD_TOKEN: 'x', REDIS_CLUSTER_NODES: 'redis://a:7000' })).toThrow(/REDIS_CLUSTER_NODES must be host:port pairs/);
    expect(() => loadConfig({ DISCORD_TOKEN: 'x', SHARD_COUNT: '2' })).toThrow(/SHARD_COUNT needs PARLEY_ROLE=gateway/);
    expect(() => loadConfig({ DISCORD_TOKEN: 'x', PARLEY_ROLE: 'web' })).toThrow(/PARLEY_ROLE=web needs HTTP_PORT/);
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
