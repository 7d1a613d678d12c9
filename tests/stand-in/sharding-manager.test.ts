// The production shape of a sharded bot: discord.js's ShardingManager spawning one child process
// per shard (fixtures/sharded-bot.ts), each a real Client. Each child must see only its shard's
// guilds and get only their interactions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { REST, Routes, ShardingManager } from 'discord.js';
import type { RESTGetAPIGatewayBotResult } from 'discord.js';
import { shardOf, startDiscordStandIn } from '../discord-stand-in/index.js';
import type { DiscordStandIn, StandInGuild, StandInMember } from '../discord-stand-in/index.js';
import { registerPing } from './sharded-clients.js';

const SHARD_SCRIPT = fileURLToPath(new URL('./fixtures/sharded-bot.ts', import.meta.url));

let discord: DiscordStandIn;
let manager: ShardingManager | undefined;
const guilds: Array<{ guild: StandInGuild; channelId: string; member: StandInMember }> = [];

beforeAll(async () => {
  discord = await startDiscordStandIn({ recommendedShards: 2, maxConcurrency: 2 });
  for (const shard of [0, 1, 0, 1]) {
    const guild = discord.createGuild({ name: `Guild on shard ${shard}`, shard: { id: shard, count: 2 } });
    const channelId = discord.createTextChannel(guild.id, { name: 'ama' }).id;
    guilds.push({ guild, channelId, member: discord.createMember(guild.id, { username: `member-${guilds.length}` }) });
  }
  await registerPing(
    discord,
    guilds.map((g) => g.guild.id),
  );
});

afterAll(async () => {
  for (const shard of manager?.shards.values() ?? []) shard.kill();
  await discord?.close();
});

describe('ShardingManager, one process per shard', () => {
  it('spawns both shards as /gateway/bot suggests; each child sees and answers only its own guilds', async () => {
    // A deployment's decision, made from the stand-in's answer: how many shards, and whether the
    // spawns must be spaced (max_concurrency 1 allows one IDENTIFY per 5 s).
    const info = (await new REST({ api: discord.apiUrl }).setToken(discord.token).get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
    const totalShards = info.shards;
    const delay = info.session_start_limit.max_concurrency >= totalShards ? 0 : 5_500;
    expect({ totalShards, delay }).toEqual({ totalShards: 2, delay: 0 });

    manager = new ShardingManager(SHARD_SCRIPT, {
      totalShards,
      token: discord.token,
      shardArgs: [discord.apiUrl],
      execArgv: ['--import', 'tsx'],
      respawn: false,
    });
    await manager.spawn({ delay, timeout: 20_000 });

    const seen = (await manager.broadcastEval((client) => [...client.guilds.cache.keys()].sort())) as string[][];
    const expected = [0, 1].map((shard) =>
      guilds
        .filter((g) => shardOf(g.guild.id, 2) === shard)
        .map((g) => g.guild.id)
        .sort(),
    );
    expect(seen).toEqual(expected);
    expect(expected.map((ids) => ids.length)).toEqual([2, 2]);

    const interactions = await Promise.all(
      guilds.map((g) => discord.runSlashCommand({ guildId: g.guild.id, channelId: g.channelId, userId: g.member.id, command: 'ping' })),
    );
    const answers = await Promise.all(interactions.map((ix) => ix.response({ timeoutMs: 10_000 })));
    expect(answers.map((a) => a.content)).toEqual(['shard 0', 'shard 1', 'shard 0', 'shard 1']);
    expect(interactions.map((ix) => ix.dispatchedTo.map((d) => d.shard))).toEqual([[[0, 2]], [[1, 2]], [[0, 2]], [[1, 2]]]);
    expect(discord.stats.interactions).toMatchObject({ created: 4, answered: 4, alreadyAcknowledged: 0, expired: 0 });
    discord.assertNoViolations();
  });
});
