import { REST } from 'discord.js';
import { Routes } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.js';
import { createLogger } from '../../bot/logger.js';
import { startRestProxy, type RunningRestProxy } from '../../bot/rest-proxy.js';
import { startDiscordStandIn, type DiscordStandIn } from '../discord-stand-in/index.js';

// The shared REST proxy (PARLEY_ROLE=rest-proxy) in front of the stand-in, with the bot's global
// limit set low so it shows: requests with the bot token wait their turn together, requests
// without one (interaction callbacks and follow-ups, which Discord exempts) do not.

const GLOBAL_PER_SECOND = 5;
let discord: DiscordStandIn;
let proxy: RunningRestProxy;
let viaProxy: string;

beforeAll(async () => {
  discord = await startDiscordStandIn();
  const config = loadConfig({ DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, PARLEY_ROLE: 'rest-proxy', REST_PROXY_PORT: '0', DISCORD_GLOBAL_REQUESTS_PER_SECOND: String(GLOBAL_PER_SECOND) });
  proxy = await startRestProxy({ config, log: createLogger('silent') });
  viaProxy = `http://127.0.0.1:${proxy.port}/api`;
});

afterAll(async () => {
  await proxy?.stop();
  await discord?.close();
});

/** Several processes' REST clients, each with no limit of its own worth speaking of. */
function processes(count: number, token?: string): REST[] {
  return Array.from({ length: count }, () => {
    const rest = new REST({ api: viaProxy, globalRequestsPerSecond: 10_000 });
    return token ? rest.setToken(token) : rest;
  });
}

describe('the shared REST proxy', () => {
  it('forwards requests with the bot token and answers as Discord does', async () => {
    const [rest] = processes(1, discord.token);
    const me = (await rest!.get(Routes.user('@me'))) as { id: string; bot: boolean };
    expect(me.bot).toBe(true);
    await expect(rest!.get(Routes.channel('1'.repeat(18)))).rejects.toMatchObject({ status: 404 });
    discord.assertNoViolations((violation) => violation.status !== 404);
  });

  it('keeps the bot-token requests of several processes together under one global limit', async () => {
    const started = Date.now();
    const clients = processes(3, discord.token);
    await Promise.all(Array.from({ length: 20 }, (_, index) => clients[index % 3]!.get(Routes.user('@me'))));
    // 20 requests at 5 a second: the first 5 at once, the other 15 over at least 3 more seconds.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_500);
  });

  it('lets requests without the bot token past the global limit', async () => {
    const started = Date.now();
    const clients = processes(3);
    await Promise.all(Array.from({ length: 20 }, (_, index) => clients[index % 3]!.get(Routes.gateway(), { auth: false })));
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('answers its own health check', async () => {
    const response = await fetch(`http://127.0.0.1:${proxy.port}/healthz`);
    expect(response.status).toBe(200);
  });
});

describe('the shared REST proxy when Discord cannot be reached', () => {
  it('answers 502, never a success', async () => {
    const config = loadConfig({ DISCORD_TOKEN: 'x', DISCORD_API_URL: 'http://127.0.0.1:9/api', PARLEY_ROLE: 'rest-proxy', REST_PROXY_PORT: '0' });
    const unreachable = await startRestProxy({ config, log: createLogger('silent') });
    try {
      const response = await fetch(`http://127.0.0.1:${unreachable.port}/api/v10/users/@me`, { headers: { Authorization: 'Bot x' } });
      expect(response.status).toBe(502);
    } finally {
      await unreachable.stop();
    }
  });
});
