import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isRedisUnavailable } from '../../bot/errors.js';
import { createCommandRedis, type RedisClient } from '../../storage/redis.js';

// The command connection fails fast when nothing answers, on one server and on a cluster, and
// the router recognises the failure as "storage unreachable" (a clear answer to the member).

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let redis: RedisClient | undefined;
afterEach(() => redis?.disconnect());

async function firstCommandFailure(client: RedisClient): Promise<{ error: unknown; ms: number }> {
  client.on('error', () => undefined);
  const started = performance.now();
  const error = await client.get('anything').then(
    () => null,
    (failure: unknown) => failure,
  );
  return { error, ms: performance.now() - started };
}

describe('the command connection with Redis away', () => {
  it('refuses at once on one server, with an error the router calls "unavailable"', async () => {
    redis = createCommandRedis({ url: `redis://127.0.0.1:${await closedPort()}` });
    const { error, ms } = await firstCommandFailure(redis);
    expect(isRedisUnavailable(error)).toBe(true);
    expect(ms).toBeLessThan(1_000);
  });

  it('refuses at once on a cluster none of whose nodes answers', async () => {
    redis = createCommandRedis({ url: 'redis://unused', clusterNodes: [{ host: '127.0.0.1', port: await closedPort() }] });
    const { error, ms } = await firstCommandFailure(redis);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/Cluster isn't ready/);
    expect(isRedisUnavailable(error)).toBe(true);
    expect(ms).toBeLessThan(1_000);
  });
});
