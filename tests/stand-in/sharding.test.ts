// Gateway sharding with the real discord.js Client: a guild lives on shard (id >> 22) % count,
// and a session only hears about the guilds its shard owns — READY, GUILD_CREATE, channel events
// and interactions alike. Guilds are placed on shards with createGuild({ shard }).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { Client, Events, GatewayIntentBits, REST, Routes } from 'discord.js';
import type { APIDMChannel } from 'discord.js';
import { shardOf, startDiscordStandIn } from '../discord-stand-in/index.js';
import type { DiscordStandIn, StandInGuild, StandInInteraction, StandInMember } from '../discord-stand-in/index.js';
import { loginShardedClient, registerPing } from './sharded-clients.js';
import type { ShardedClient } from './sharded-clients.js';

let discord: DiscordStandIn;
let guildA: StandInGuild; // shard 0 of 2
let guildB: StandInGuild; // shard 1 of 2
let channelA: string;
let channelB: string;
let memberA: StandInMember;
let memberB: StandInMember;

beforeAll(async () => {
  // max_concurrency 2: shards 0 and 1 are in different identify buckets, so one Client may
  // IDENTIFY both at once instead of 5 s apart.
  discord = await startDiscordStandIn({ recommendedShards: 2, maxConcurrency: 2 });
  guildA = discord.createGuild({ name: 'On shard zero', shard: { id: 0, count: 2 } });
  guildB = discord.createGuild({ name: 'On shard one', shard: { id: 1, count: 2 } });
  channelA = discord.createTextChannel(guildA.id, { name: 'ama' }).id;
  channelB = discord.createTextChannel(guildB.id, { name: 'ama' }).id;
  memberA = discord.createMember(guildA.id, { username: 'ann' });
  memberB = discord.createMember(guildB.id, { username: 'bob' });
  await registerPing(discord, [guildA.id, guildB.id]);
});

afterAll(async () => {
  await discord?.close();
});

afterEach(() => {
  discord.assertNoViolations();
});

const pingIn = (guild: 'A' | 'B'): Promise<StandInInteraction> =>
  guild === 'A'
    ? discord.runSlashCommand({ guildId: guildA.id, channelId: channelA, userId: memberA.id, command: 'ping' })
    : discord.runSlashCommand({ guildId: guildB.id, channelId: channelB, userId: memberB.id, command: 'ping' });

const sessionOn = (shardId: number, shardCount: number): string => {
  const sessions = discord.gatewaySessions.filter((s) => s.connected && s.shard[0] === shardId && s.shard[1] === shardCount);
  expect(sessions).toHaveLength(1);
  return sessions[0]!.id;
};

describe('two Clients, shards [0] and [1] of 2', () => {
  let zero: ShardedClient;
  let one: ShardedClient;

  beforeAll(async () => {
    [zero, one] = await Promise.all([
      loginShardedClient(discord, { label: 'zero', shards: [0], shardCount: 2 }),
      loginShardedClient(discord, { label: 'one', shards: [1], shardCount: 2 }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([zero?.close(), one?.close()]);
  });

  it('each gets READY and GUILD_CREATE for its own guilds only', () => {
    expect(shardOf(guildA.id, 2)).toBe(0);
    expect(shardOf(guildB.id, 2)).toBe(1);
    expect(zero.readyGuilds(0)).toEqual([guildA.id]);
    expect(one.readyGuilds(1)).toEqual([guildB.id]);
    expect(zero.guildCreates()).toEqual([guildA.id]);
    expect(one.guildCreates()).toEqual([guildB.id]);
    expect([...zero.client.guilds.cache.keys()]).toEqual([guildA.id]);
    expect([...one.client.guilds.cache.keys()]).toEqual([guildB.id]);
    expect((zero.events('READY')[0] as { shard: number[] }).shard).toEqual([0, 2]);
    expect((one.events('READY')[0] as { shard: number[] }).shard).toEqual([1, 2]);
    expect(discord.gatewaySessions.map((s) => s.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });

  it("routes each guild's interactions to its shard only, each answered exactly once", async () => {
    const before = discord.stats.interactions;
    const order = ['A', 'B', 'A', 'B', 'B', 'A'] as const;
    const interactions = await Promise.all(order.map(pingIn));
    const answers = await Promise.all(interactions.map((ix) => ix.response()));
    expect(answers.map((a) => a.content)).toEqual(order.map((g) => (g === 'A' ? 'zero' : 'one')));

    const shardZeroSession = sessionOn(0, 2);
    const shardOneSession = sessionOn(1, 2);
    interactions.forEach((ix, i) => {
      const expected = order[i] === 'A' ? { sessionId: shardZeroSession, shard: [0, 2] } : { sessionId: shardOneSession, shard: [1, 2] };
      expect(ix.dispatchedTo).toEqual([expected]);
      expect(ix.guildId).toBe(order[i] === 'A' ? guildA.id : guildB.id);
      expect(ix.initialResponses).toBe(1);
    });
    const after = discord.stats.interactions;
    expect(after.created - before.created).toBe(6);
    expect(after.answered - before.answered).toBe(6);
    expect(after.alreadyAcknowledged).toBe(before.alreadyAcknowledged);
    expect(zero.events('INTERACTION_CREATE').map((d) => (d as { guild_id: string }).guild_id)).toEqual(Array(3).fill(guildA.id));
    expect(one.events('INTERACTION_CREATE').map((d) => (d as { guild_id: string }).guild_id)).toEqual(Array(3).fill(guildB.id));
  });

  it('guild-scoped dispatches follow the guild: CHANNEL_CREATE, GUILD_ROLE_CREATE, a guild joined later', async () => {
    // Shard one's events first: had any leaked to shard zero, they would arrive before its own.
    const channelOnB = discord.createTextChannel(guildB.id, { name: 'only-one' });
    const roleOnB = discord.createRole(guildB.id, { name: 'only-one' });
    const joinedOnB = discord.createGuild({ name: 'Joined later', shard: { id: 1, count: 2 } });
    const channelOnA = discord.createTextChannel(guildA.id, { name: 'only-zero' });
    await discord.waitFor(() => zero.client.channels.cache.has(channelOnA.id));
    await discord.waitFor(() => one.client.guilds.cache.has(joinedOnB.id) && one.client.channels.cache.has(channelOnB.id));

    const idsOf = (c: ShardedClient, type: string) => c.events(type).map((d) => (d as { id?: string; role?: { id: string } }).id ?? (d as { role: { id: string } }).role.id);
    expect(idsOf(zero, 'CHANNEL_CREATE')).toEqual([channelOnA.id]);
    expect(idsOf(one, 'CHANNEL_CREATE')).toEqual([channelOnB.id]);
    expect(idsOf(zero, 'GUILD_ROLE_CREATE')).toEqual([]);
    expect(idsOf(one, 'GUILD_ROLE_CREATE')).toEqual([roleOnB.id]);
    expect(zero.guildCreates()).toEqual([guildA.id]);
    expect(one.guildCreates()).toEqual([guildB.id, joinedOnB.id]);
    expect(zero.client.guilds.cache.has(joinedOnB.id)).toBe(false);
  });

  it('an interaction without a guild (a DM) goes to shard 0 only', async () => {
    const rest = new REST({ api: discord.apiUrl }).setToken(discord.token);
    const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: memberB.id } })) as APIDMChannel;
    const ix = discord.dispatchInteraction(dmPing(dm.id, memberB.user));
    expect(ix).toBeDefined();
    expect((await ix!.response()).content).toBe('zero');
    expect(ix!.guildId).toBeUndefined();
    expect(ix!.dispatchedTo).toEqual([{ sessionId: sessionOn(0, 2), shard: [0, 2] }]);
    expect(one.events('INTERACTION_CREATE').some((d) => (d as { id: string }).id === ix!.id)).toBe(false);
  });

  it('RESUME keeps the session on its shard', async () => {
    const sessionsBefore = { zero: sessionOn(0, 2), one: sessionOn(1, 2) };
    const identifies = discord.stats.gateway.identifies;
    const resumes = discord.stats.gateway.resumes;
    expect(discord.dropGatewayConnections()).toBe(2);
    // Dispatched while both are away: buffered in the shard-one session, replayed on RESUME.
    const missed = await pingIn('B');
    expect((await missed.response()).content).toBe('one');
    expect(missed.dispatchedTo).toEqual([{ sessionId: sessionsBefore.one, shard: [1, 2] }]);
    await discord.waitFor(() => discord.stats.gateway.resumes === resumes + 2);

    const later = await pingIn('A');
    expect((await later.response()).content).toBe('zero');
    expect(later.dispatchedTo).toEqual([{ sessionId: sessionsBefore.zero, shard: [0, 2] }]);
    expect(discord.stats.gateway.identifies).toBe(identifies);
  });

  it('two sessions on one shard (a misconfiguration) both get its interactions; the second answer is refused with 40060', async () => {
    const twin = await loginShardedClient(discord, { label: 'twin', shards: [1], shardCount: 2 });
    try {
      const before = discord.stats.interactions;
      const ix = await pingIn('B');
      await discord.waitFor(() => ix.rejectedCallbacks.length === 1);
      expect(ix.dispatchedTo.map((d) => d.shard)).toEqual([
        [1, 2],
        [1, 2],
      ]);
      expect(new Set(ix.dispatchedTo.map((d) => d.sessionId)).size).toBe(2);
      expect(['one', 'twin']).toContain((await ix.response()).content);
      expect(ix.rejectedCallbacks[0]?.code).toBe(40060);
      expect(ix.initialResponses).toBe(2);
      const after = discord.stats.interactions;
      expect(after.answered - before.answered).toBe(1);
      expect(after.alreadyAcknowledged - before.alreadyAcknowledged).toBe(1);
      expect(discord.takeViolations().map((v) => v.code)).toEqual([40060]);
      const losers = [...one.handlerErrors.splice(0), ...twin.handlerErrors.splice(0)];
      expect(losers.map((e) => (e as { code?: number }).code)).toEqual([40060]);
    } finally {
      await twin.close();
    }
    // destroy() closes with 1000, which ends the session on Discord: the shard has one listener again.
    await discord.waitFor(() => discord.gatewaySessions.filter((s) => s.shard[0] === 1).length === 1);
    const alone = await pingIn('B');
    expect((await alone.response()).content).toBe('one');
    expect(alone.dispatchedTo).toHaveLength(1);
  });
});

describe('one Client with both shards', () => {
  beforeEach(async () => {
    // Earlier Clients were destroyed (close 1000), which ends their sessions like on Discord.
    await discord.waitFor(() => discord.gatewaySessions.length === 0, { description: 'no sessions left from earlier Clients' });
  });

  it('shards: [0, 1], shardCount: 2 sees every guild and answers both guilds, each on its shard', async () => {
    const both = await loginShardedClient(discord, { label: 'both', shards: [0, 1], shardCount: 2 });
    try {
      expect(both.client.ws.shards.size).toBe(2);
      expect(both.client.guilds.cache.has(guildA.id)).toBe(true);
      expect(both.client.guilds.cache.has(guildB.id)).toBe(true);
      for (const guild of both.client.guilds.cache.values()) expect(guild.shardId).toBe(shardOf(guild.id, 2));
      expect(both.readyGuilds(0)).toEqual([guildA.id]);
      expect(both.readyGuilds(1)).toContain(guildB.id);

      const [a, b] = await Promise.all([pingIn('A'), pingIn('B')]);
      expect((await a.response()).content).toBe('both');
      expect((await b.response()).content).toBe('both');
      expect(a.dispatchedTo).toEqual([{ sessionId: sessionOn(0, 2), shard: [0, 2] }]);
      expect(b.dispatchedTo).toEqual([{ sessionId: sessionOn(1, 2), shard: [1, 2] }]);
      // discord.js itself saw each one arrive on the guild's shard.
      const arrivedOn = new Map(both.raw.filter((r) => r.payload.t === 'INTERACTION_CREATE').map((r) => [(r.payload.d as { id: string }).id, r.shardId]));
      expect(arrivedOn).toEqual(
        new Map([
          [a.id, 0],
          [b.id, 1],
        ]),
      );

      // max_concurrency 2 let discord.js IDENTIFY both shards together (with 1: 5 s apart).
      const [first, second] = discord.gatewaySessions.filter((s) => s.connected).map((s) => s.identifiedAt);
      expect(Math.abs(first! - second!)).toBeLessThan(2500);
    } finally {
      await both.close();
    }
  });

  it("shards: 'auto' follows GET /gateway/bot's recommended shard count", async () => {
    const auto = await loginShardedClient(discord, { label: 'auto', shards: 'auto' });
    try {
      expect(auto.client.options.shardCount).toBe(2);
      expect(auto.client.options.shards).toEqual([0, 1]);
      expect(discord.gatewaySessions.filter((s) => s.connected).map((s) => s.shard).sort()).toEqual([
        [0, 2],
        [1, 2],
      ]);
      expect(auto.client.guilds.cache.has(guildA.id) && auto.client.guilds.cache.has(guildB.id)).toBe(true);
    } finally {
      await auto.close();
    }
  });

  it('a shard id outside the shard count is refused with close code 4010 Invalid shard', async () => {
    const bad = await startDiscordStandIn({ precompileValidators: false });
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: bad.apiUrl }, shards: [2], shardCount: 2 });
    try {
      const disconnected = new Promise<number>((resolve) => client.once(Events.ShardDisconnect, (event) => resolve(event.code)));
      void client.login(bad.token).catch(() => undefined);
      expect(await disconnected).toBe(4010);
      expect(bad.gatewaySessions).toEqual([]);
      expect(bad.takeViolations().map((v) => v.message)).toEqual(['IDENTIFY with invalid shard [2,2]']);
    } finally {
      await client.destroy();
      await bad.close();
    }
  });
});

/** A raw DM INTERACTION_CREATE for /ping: `user` instead of `member`, no guild. */
function dmPing(channelId: string, user: StandInMember['user']): unknown {
  return {
    id: ((BigInt(Date.now()) - 1_420_070_400_000n) << 22n).toString(),
    application_id: discord.applicationId,
    type: 2,
    token: randomBytes(24).toString('base64url'),
    version: 1,
    data: { id: discord.commands(guildA.id)[0]!.id, name: 'ping', type: 1 },
    channel_id: channelId,
    channel: { id: channelId, type: 1, recipients: [user] },
    user,
    locale: 'en-US',
    app_permissions: '0',
    entitlements: [],
    authorizing_integration_owners: { '1': user.id },
    context: 1,
    attachment_size_limit: 10_485_760,
  };
}
