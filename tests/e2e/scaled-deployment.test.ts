import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandInMember, StandInMessage } from '../discord-stand-in/index.js';
import { startScaledParley, type ScaledGuild, type ScaledParley } from '../support/scaled-parley.js';

// The proof for a scaled deployment: two gateway shards (discord.js's ShardingManager) and three
// job workers, each its own process, all reaching Discord through one REST proxy, run whole AMAs
// in two guilds that live on different shards. Guild A's session closes on its own when its time
// is up (the workers race for that job); guild B's moderator ends it by hand. Counted afterwards:
// every interaction handled once and by its guild's shard, every question posted once, every
// close and every archive done once.

const QUESTIONS_PER_GUILD = 6;
let world: ScaledParley;

beforeAll(async () => {
  world = await startScaledParley({ shards: 2, workers: 3, guildShards: [0, 1] });
}, 120_000);

afterAll(async () => {
  await world?.stop();
}, 30_000);

const questionMessages = (where: ScaledGuild) => world.discord.channelMessages(where.channelId).filter((m) => /^\*\*Q\d+\*\* · /.test(m.content));
const archiveMessages = (where: ScaledGuild): StandInMessage[] => world.discord.channelMessages(where.channelId).filter((m) => m.attachments.length === 3);

async function runSession(where: ScaledGuild, label: string, closing: 'on time' | 'by hand'): Promise<void> {
  const host = world.discord.createMember(where.guild.id, { username: `host-${label}`, globalName: `Host ${label}` });
  const members: StandInMember[] = Array.from({ length: QUESTIONS_PER_GUILD }, (_, index) =>
    world.discord.createMember(where.guild.id, { username: `member-${label}-${index + 1}` }),
  );
  const scheduled = await world.run(where, where.moderator, 'ama', { host: host.id, title: `AMA in ${label}`, intro: 'Welcome.', duration: '1m' }, 'schedule');
  expect(scheduled.reply).toMatch(/Scheduled AMA \*\*#1\*\*.*open now/s);

  const asked = await Promise.all(
    members.map((member, index) => world.run(where, member, 'ask', { question: `Question ${index + 1} from ${label}: how do communities ${'grow '.repeat(index + 1).trim()}?` })),
  );
  expect(asked.map((run) => run.reply.match(/\*\*Q(\d+)\*\*/)?.[1]).sort()).toEqual(members.map((_, index) => String(index + 1)).sort());
  await world.discord.waitFor(() => questionMessages(where).length >= QUESTIONS_PER_GUILD, { description: `${label}: questions posted`, timeoutMs: 20_000 });

  for (const number of [1, 2]) {
    const answered = await world.run(where, host, 'answer', { question: number, answer: `Answer ${number} in ${label}: patiently, together.` });
    expect(answered.reply).toContain(`Answered **Q${number}**`);
  }
  if (closing === 'by hand') {
    const ended = await world.run(where, where.moderator, 'ama', {}, 'end');
    expect(ended.reply).toContain('has ended');
  }
  // A one-minute window: guild A's close is the workers' scheduled job.
  await world.discord.waitFor(() => archiveMessages(where).length > 0, { description: `${label}: the archive`, timeoutMs: 90_000, intervalMs: 100 });
}

describe('a scaled deployment: 2 shards, 3 workers, 1 REST proxy', () => {
  it('runs two guilds on different shards through whole sessions, doing everything exactly once', async () => {
    const [onShard0, onShard1] = world.guilds as [ScaledGuild, ScaledGuild];
    await Promise.all([runSession(onShard0, 'A', 'on time'), runSession(onShard1, 'B', 'by hand')]);
    // Let any duplicate a second worker might make surface before counting.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const lines = world.allLines();
    // Every interaction the stand-in delivered was handled by exactly one process, and that was
    // the shard its guild belongs to.
    const interactions = world.discord.interactions().filter((interaction) => interaction.type === 2);
    expect(interactions.length).toBe(2 * (1 + QUESTIONS_PER_GUILD + 2) + 1);
    const handled = lines.filter((line) => line.msg === 'interaction done');
    for (const interaction of interactions) {
      const handlers = handled.filter((line) => line.interactionId === interaction.id);
      expect(handlers, `interaction ${interaction.id}`).toHaveLength(1);
      const where = world.guilds.find((g) => g.guild.id === interaction.guildId)!;
      expect(interaction.dispatchedTo.map((delivery) => delivery.shard)).toEqual([[where.shard, 2]]);
      expect(handlers[0]!.shards).toBe(String(where.shard));
    }
    for (const interaction of world.discord.interactions()) expect(interaction.initialResponses, `responses to ${interaction.id}`).toBe(1);

    for (const where of world.guilds) {
      const numbers = questionMessages(where).map((m) => m.content.match(/\*\*Q(\d+)\*\*/)?.[1]);
      expect(numbers.sort()).toEqual(Array.from({ length: QUESTIONS_PER_GUILD }, (_, index) => String(index + 1)).sort());
      expect(archiveMessages(where)).toHaveLength(1);
      expect(world.discord.threadsOf(where.channelId)).toHaveLength(2);
    }
    const jobs = lines.filter((line) => line.msg === 'job done');
    const closedOnTime = jobs.filter((line) => line.job === 'close-session' && line.outcome === 'closed');
    expect(closedOnTime).toHaveLength(1);
    const published = jobs.filter((line) => line.job === 'publish-archive' && line.outcome === 'published');
    expect(published).toHaveLength(2);

    // The work was shared: report it, and check that more than one worker took jobs.
    const byWorker = Object.fromEntries(world.workers.map((worker) => [worker.name, worker.jobsDone().length]));
    console.info('jobs per worker', byWorker);
    expect(Object.values(byWorker).filter((count) => count > 0).length).toBeGreaterThan(1);

    // The web process serves what the workers archived.
    const health = await fetch(`${world.webUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ready', checks: { redis: true } });
    world.discord.assertNoViolations();
  }, 150_000);
});
