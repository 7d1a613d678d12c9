import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScaledGuild } from '../support/scaled-parley.js';
import { startScaledParley, type ScaledParley } from '../support/scaled-parley.js';

// A shard process of a sharded gateway is killed (SIGKILL: no shutdown). discord.js's
// ShardingManager notices and starts it again; the guild on that shard gets its interactions
// handled again, while the other shard never stopped.

let world: ScaledParley;

beforeAll(async () => {
  world = await startScaledParley({ shards: 2, workers: 1, guildShards: [0, 1] });
}, 120_000);

afterAll(async () => {
  await world?.stop();
}, 30_000);

const connected = (shard: string) => world.gateway.lines.filter((line) => line.msg === 'connected to Discord' && line.shards === shard);

async function ask(where: ScaledGuild, text: string): Promise<string> {
  const member = world.discord.createMember(where.guild.id, { username: `m${Math.random().toString(36).slice(2, 8)}` });
  return (await world.run(where, member, 'ask', { question: text })).reply;
}

describe('a shard process dies', () => {
  it('is restarted by the ShardingManager, and its guild is served again', async () => {
    const [onShard0, onShard1] = world.guilds as [ScaledGuild, ScaledGuild];
    for (const where of world.guilds) {
      const host = world.discord.createMember(where.guild.id, { username: `host-${where.shard}` });
      const scheduled = await world.run(where, where.moderator, 'ama', { host: host.id, title: `Shard ${where.shard}`, duration: '1h' }, 'schedule');
      expect(scheduled.reply).toContain('Scheduled AMA');
    }
    expect(await ask(onShard1, 'What keeps researchers safe in the field?')).toContain('**Q1**');

    const victim = connected('1')[0]!;
    process.kill(Number(victim.pid), 'SIGKILL');
    const started = Date.now();
    await world.gateway.waitForLog((line) => line.msg === 'shard process died; restarting it' && line.shard === 1, 10_000);
    // Shard 0 never stopped answering.
    expect(await ask(onShard0, 'How do volunteers in small towns help?')).toContain('**Q1**');
    await world.gateway.waitForLog((line) => line.msg === 'connected to Discord' && line.shards === '1' && line.pid !== victim.pid, 60_000);
    console.info(`[faults] shard 1 killed; back and connected after ${Date.now() - started} ms`);

    expect(await ask(onShard1, 'Which cases will Amnesty take on next year?')).toContain('**Q2**');
    expect(connected('1').map((line) => line.pid)).toHaveLength(2);
    expect(connected('0')).toHaveLength(1);
    for (const interaction of world.discord.interactions()) expect(interaction.initialResponses).toBe(1);
  });
});
