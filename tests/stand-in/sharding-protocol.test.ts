// Sharding details below discord.js: IDENTIFY `shard` validation (4010), the unsharded default,
// GET /gateway/bot's numbers, shard-placed guild ids, and op 8 across shards — with a raw
// WebSocket client that can send what discord.js never would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REST, Routes } from 'discord.js';
import type { RESTGetAPIGatewayBotResult } from 'discord.js';
import { GatewayCloseCodes, GatewayOpcodes } from 'discord-api-types/v10';
import { shardOf, startDiscordStandIn } from '../discord-stand-in/index.js';
import type { DiscordStandIn, StandInGuild } from '../discord-stand-in/index.js';
import { connectRawGateway } from './raw-gateway-client.js';
import type { RawGatewayClient } from './raw-gateway-client.js';

let discord: DiscordStandIn;
let onZero: StandInGuild;
let onOne: StandInGuild;

beforeAll(async () => {
  discord = await startDiscordStandIn({ precompileValidators: false });
  onZero = discord.createGuild({ name: 'Zero', shard: { id: 0, count: 2 } });
  onOne = discord.createGuild({ name: 'One', shard: { id: 1, count: 2 } });
});

afterAll(async () => {
  await discord?.close();
});

async function identify(shard: unknown): Promise<RawGatewayClient> {
  const c = connectRawGateway(discord.gatewayUrl);
  await c.opened;
  c.send(GatewayOpcodes.Identify, { token: discord.token, intents: 1, properties: {}, ...(shard === undefined ? {} : { shard }) });
  return c;
}

const readyOf = async (c: RawGatewayClient) => (await discord.waitFor(() => c.frames.find((f) => f.t === 'READY'))).d as { shard: number[]; guilds: Array<{ id: string }>; session_id: string };

describe('IDENTIFY shard', () => {
  it.each([[[2, 2]], [[1, 1]], [[-1, 2]], [[0, 0]], [['0', 2]], [[0.5, 2]], [[0]], [[0, 2, 1]], ['0,2']])('%j closes with 4010 Invalid shard', async (shard) => {
    const c = await identify(shard);
    await discord.waitFor(() => c.closeCode());
    expect(c.closeCode()).toBe(GatewayCloseCodes.InvalidShard);
    expect(c.frames.some((f) => f.t === 'READY')).toBe(false);
    expect(discord.takeViolations().map((v) => v.message)).toEqual([`IDENTIFY with invalid shard ${JSON.stringify(shard)}`]);
  });

  it('without shard the session is [0, 1] and sees every guild', async () => {
    const c = await identify(undefined);
    const ready = await readyOf(c);
    expect(ready.shard).toEqual([0, 1]);
    expect(ready.guilds.map((g) => g.id)).toEqual([onZero.id, onOne.id]);
    expect(discord.gatewaySessions.find((s) => s.id === ready.session_id)?.shard).toEqual([0, 1]);
    c.ws.close(1000);
  });

  it('[1, 2] lists only the guilds of shard 1 in READY and GUILD_CREATE', async () => {
    const c = await identify([1, 2]);
    const ready = await readyOf(c);
    expect(ready.shard).toEqual([1, 2]);
    expect(ready.guilds.map((g) => g.id)).toEqual([onOne.id]);
    await discord.waitFor(() => c.frames.some((f) => f.t === 'GUILD_CREATE'));
    expect(c.frames.filter((f) => f.t === 'GUILD_CREATE').map((f) => (f.d as { id: string }).id)).toEqual([onOne.id]);
    c.ws.close(1000);
  });

  it('op 8 for a guild on another shard gets no GUILD_MEMBERS_CHUNK (recorded); its own guild does', async () => {
    const c = await identify([0, 2]);
    await readyOf(c);
    c.send(GatewayOpcodes.RequestGuildMembers, { guild_id: onOne.id, query: '', limit: 0, nonce: 'foreign' });
    c.send(GatewayOpcodes.RequestGuildMembers, { guild_id: onZero.id, query: '', limit: 0, nonce: 'own' });
    const chunk = await discord.waitFor(() => c.frames.find((f) => f.t === 'GUILD_MEMBERS_CHUNK'));
    expect(chunk.d).toMatchObject({ guild_id: onZero.id, nonce: 'own' });
    expect(c.frames.filter((f) => f.t === 'GUILD_MEMBERS_CHUNK')).toHaveLength(1);
    expect(discord.takeViolations().map((v) => v.message)).toEqual([expect.stringContaining(`op 8 for guild ${onOne.id} from shard 0/2`)]);
    c.ws.close(1000);
  });

  it('a client closing with 1000 ends its session; an abnormal close keeps it resumable', async () => {
    await discord.waitFor(() => discord.gatewaySessions.length === 0, { description: 'earlier sessions closed with 1000' });
    const clean = await identify([0, 2]);
    const cleanId = (await readyOf(clean)).session_id;
    const dropped = await identify([1, 2]);
    const droppedId = (await readyOf(dropped)).session_id;
    clean.ws.close(1000);
    dropped.ws.close(4000);
    await discord.waitFor(() => discord.gatewaySessions.every((s) => !s.connected) && !discord.gatewaySessions.some((s) => s.id === cleanId));
    expect(discord.gatewaySessions.map((s) => [s.id, s.shard])).toEqual([[droppedId, [1, 2]]]);

    const back = connectRawGateway(discord.gatewayUrl);
    await back.opened;
    back.send(GatewayOpcodes.Resume, { token: discord.token, session_id: droppedId, seq: 2 });
    await discord.waitFor(() => back.frames.find((f) => f.t === 'RESUMED'));
    expect(discord.gatewaySessions.find((s) => s.id === droppedId)).toMatchObject({ connected: true, shard: [1, 2] });
    back.ws.close(1000);
  });
});

describe('GET /gateway/bot', () => {
  const gatewayBot = (standIn: DiscordStandIn) => new REST({ api: standIn.apiUrl }).setToken(standIn.token).get(Routes.gatewayBot()) as Promise<RESTGetAPIGatewayBotResult>;

  it('defaults to 1 shard and max_concurrency 1; remaining counts IDENTIFYs down', async () => {
    const info = await gatewayBot(discord);
    expect(info.url).toBe(discord.gatewayUrl);
    expect(info.shards).toBe(1);
    expect(info.session_start_limit.max_concurrency).toBe(1);
    expect(info.session_start_limit.total - info.session_start_limit.remaining).toBe(discord.stats.gateway.identifies);
  });

  it('reports recommendedShards and maxConcurrency from the options', async () => {
    const configured = await startDiscordStandIn({ recommendedShards: 4, maxConcurrency: 16, precompileValidators: false });
    try {
      const info = await gatewayBot(configured);
      expect(info.shards).toBe(4);
      expect(info.session_start_limit.max_concurrency).toBe(16);
      expect(info.session_start_limit.remaining).toBe(info.session_start_limit.total);
    } finally {
      await configured.close();
    }
  });

  it('refuses option values Discord could never send', async () => {
    await expect(startDiscordStandIn({ recommendedShards: 0, precompileValidators: false })).rejects.toThrow(/recommendedShards/);
    await expect(startDiscordStandIn({ maxConcurrency: 1.5, precompileValidators: false })).rejects.toThrow(/maxConcurrency/);
  });
});

describe('shardOf and createGuild({ shard })', () => {
  it("is Discord's formula (guild_id >> 22) % num_shards", () => {
    // Discord's documentation snowflake: timestamp part 41944705796.
    expect(shardOf('175928847299117063', 1)).toBe(0);
    expect(shardOf('175928847299117063', 2)).toBe(0);
    expect(shardOf('175928847299117063', 3)).toBe(2);
    expect(shardOf('175928847299117063', 7)).toBe(41944705796 % 7);
    expect(() => shardOf('175928847299117063', 0)).toThrow(/shard count/);
  });

  it('places guilds on the asked shard with unique, increasing, real-looking snowflakes', () => {
    const ids: string[] = [];
    for (let round = 0; round < 5; round++) {
      for (const id of [2, 0, 1, 1]) {
        const guild = discord.createGuild({ name: `g${round}-${id}`, shard: { id, count: 3 } });
        expect(shardOf(guild.id, 3)).toBe(id);
        ids.push(guild.id);
      }
    }
    ids.push(discord.createGuild({ name: 'unplaced' }).id);
    expect(ids.every((id) => /^\d{17,19}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.map(BigInt)).toEqual([...ids.map(BigInt)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    // Within a few ms of now, like every other snowflake (the shard only nudges the timestamp).
    const ms = Number((BigInt(ids.at(-1)!) >> 22n) + 1_420_070_400_000n);
    expect(Math.abs(ms - Date.now())).toBeLessThan(5_000);
  });

  it('refuses a shard Discord could not have', () => {
    expect(() => discord.createGuild({ name: 'x', shard: { id: 2, count: 2 } })).toThrow(/invalid shard/);
    expect(() => discord.createGuild({ name: 'x', shard: { id: 0, count: 0 } })).toThrow(/invalid shard/);
    expect(() => discord.createGuild({ name: 'x', shard: { id: 0.5, count: 2 } })).toThrow(/invalid shard/);
  });
});
