import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandInInteraction, StandInMember } from '../discord-stand-in/index.js';
import { distinctQuestion, finalReply, KEY_PREFIX, startFaultWorld, type FaultWorld } from './support/fault-world.js';

// Crashes and deploys: SIGKILL in the middle of a burst of questions and in the middle of a
// close, SIGTERM under load. The promise: every question acknowledged to a member is stored,
// every stored question is posted exactly once, a session closes once and publishes once.

let world: FaultWorld;
let members: StandInMember[];
let host: StandInMember;

beforeAll(async () => {
  world = await startFaultWorld('crash');
  await world.startBot();
  host = world.addMember('host');
  members = Array.from({ length: 50 }, (_, index) => world.addMember(`member${index}`));
  const reply = await world.run(world.moderator, 'ama', { host: host.id, title: 'Crash test', duration: '2h', cooldown: 0, max_pending: 50 }, 'schedule');
  expect(reply).toContain('open now');
});

afterAll(async () => {
  await world?.stop();
});

const sessionKey = `${KEY_PREFIX}:{GUILD}:s:1`;
const key = (suffix = '') => sessionKey.replace('GUILD', world.guild.id) + suffix;
const storedCount = async () => Number((await world.redis.hget(key(), 'questionCount')) ?? 0);
const postedNumbers = () =>
  world.discord
    .channelMessages(world.channelId)
    .map((m) => /^\*\*Q(\d+)\*\*/.exec(m.content)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);

/** Fires `count` /ask interactions `gapMs` apart, calling `during(i)` before each. */
async function burst(first: number, count: number, gapMs: number, during: (i: number) => void): Promise<StandInInteraction[]> {
  const sent: StandInInteraction[] = [];
  for (let i = 0; i < count; i++) {
    during(i);
    const member = members[(first + i) % members.length]!;
    sent.push(await world.dispatch(member, 'ask', { question: distinctQuestion(first + i) }));
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  return sent;
}

/** The question numbers members were told ("Got it: … **Q12**"). */
async function acknowledged(interactions: StandInInteraction[]): Promise<number[]> {
  const numbers = await Promise.all(
    interactions.map(async (interaction) => {
      const reply = await finalReply(interaction, 3_500).catch(() => '');
      const match = /^Got it: your question is \*\*Q(\d+)\*\*/.exec(reply);
      return match ? Number(match[1]) : null;
    }),
  );
  return numbers.filter((n): n is number => n !== null);
}

async function everyStoredQuestionPostedOnce(): Promise<{ stored: number; posted: number }> {
  const stored = await storedCount();
  await world.discord.waitFor(() => new Set(postedNumbers()).size === stored || undefined, {
    timeoutMs: 60_000,
    description: `all ${stored} stored questions posted`,
  });
  // Let any duplicate that was going to appear appear.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const posted = postedNumbers();
  const counts = new Map<number, number>();
  for (const n of posted) counts.set(n, (counts.get(n) ?? 0) + 1);
  expect([...counts.values()].every((c) => c === 1)).toBe(true);
  expect([...counts.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: stored }, (_, i) => i + 1));
  return { stored, posted: posted.length };
}

describe('SIGKILL during a burst of 500 questions', () => {
  it('keeps every acknowledged question and posts every stored one exactly once', async () => {
    const sent = await burst(0, 500, 4, (i) => {
      if (i === 250) world.bot.kill('SIGKILL');
    });
    const acked = await acknowledged(sent);
    await world.startBot();
    const { stored, posted } = await everyStoredQuestionPostedOnce();
    for (const number of acked) expect(await world.redis.exists(key(`:q:${number}`))).toBe(1);
    console.log(`[faults] crash burst: 500 sent, ${acked.length} acknowledged, ${stored} stored, ${posted} posted (each once)`);
    expect(acked.length).toBeGreaterThan(100);
    expect(stored).toBeGreaterThanOrEqual(acked.length);
  });
});

describe('SIGTERM under load', () => {
  it('exits within 8 seconds and loses nothing acknowledged', async () => {
    const before = await storedCount();
    let exitMs = 0;
    let stopping: Promise<number> | undefined;
    const sent = await burst(1000, 200, 5, (i) => {
      if (i === 100) stopping = world.bot.stop('SIGTERM').then((ms) => (exitMs = ms));
    });
    await stopping;
    const acked = await acknowledged(sent);
    expect(exitMs).toBeLessThan(8_000);
    expect(world.bot.exitCode).toBe(0);
    await world.startBot();
    const { stored } = await everyStoredQuestionPostedOnce();
    for (const number of acked) expect(await world.redis.exists(key(`:q:${number}`))).toBe(1);
    console.log(`[faults] SIGTERM under load: exited in ${exitMs} ms; ${acked.length} acknowledged, ${stored - before} stored in this burst`);
  });
});

describe('SIGKILL in the middle of a close', () => {
  it('closes once and publishes the archive once', async () => {
    await world.run(host, 'answer', { question: 1, answer: 'One answer, so the archive has something in it.' });
    await world.discord.waitFor(() => world.discord.channelMessages(world.channelId).some((m) => m.content.includes('✅')) || undefined, {
      description: 'the answer posted',
      timeoutMs: 20_000,
    });
    // Hold the archive's post for 3 s at Discord, and kill the bot while it waits.
    const slowArchive = world.discord.faults.add({ method: 'POST', path: /\/channels\/\d+\/messages$/, delayMs: 3_000, times: 1 });
    expect(await world.run(world.moderator, 'ama', {}, 'end')).toContain('has ended');
    await world.discord.waitFor(() => slowArchive.hits > 0 || undefined, { description: 'the archive post under way', timeoutMs: 20_000 });
    world.bot.kill('SIGKILL');
    await world.startBot();
    const archives = () => world.discord.channelMessages(world.channelId).filter((m) => m.attachments.length >= 3);
    await world.discord.waitFor(() => archives().length > 0 || undefined, { description: 'the archive', timeoutMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 5_000)); // a stalled duplicate would land by now
    expect(archives()).toHaveLength(1);
    expect(await world.redis.hget(key(), 'status')).toBe('closed');
    expect(await world.redis.hget(key(), 'archiveMessageId')).toBe(archives()[0]!.id);
    expect(world.bot.crashes).toEqual([]);
  });
});
