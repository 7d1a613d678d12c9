import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandInMember } from '../discord-stand-in/index.js';
import { distinctQuestion, finalReply, KEY_PREFIX, startFaultWorld, type FaultWorld } from './support/fault-world.js';

// Redis goes away for 10 s and for 60 s in the middle of a session. Members get a clear answer
// within Discord's 3 seconds; workers come back (proved by a question actually getting posted, a
// canary through the real path, not a PING); a close that fell due during the outage happens once.

let world: FaultWorld;
let host: StandInMember;
let asker: StandInMember;
let questionIndex = 0;

beforeAll(async () => {
  world = await startFaultWorld('redis-outage');
  await world.startBot();
  host = world.addMember('host');
  asker = world.addMember('asker');
  const reply = await world.run(world.moderator, 'ama', { host: host.id, title: 'Stays open', duration: '2h', cooldown: 0, max_pending: 50 }, 'schedule');
  expect(reply).toContain('open now');
});

afterAll(async () => {
  await world?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sessionKey = (id: number) => `${KEY_PREFIX}:{${world.guild.id}}:s:${id}`;

/** Schedules a one-minute session (the shortest there is) in a channel of its own. */
async function oneMinuteSession(title: string): Promise<{ id: number; channelId: string; endsAt: number }> {
  const channelId = world.discord.createTextChannel(world.guild.id, { name: title }).id;
  const reply = await world.run(world.moderator, 'ama', { host: host.id, title, duration: '1m', channel: channelId }, 'schedule');
  const id = Number(/AMA \*\*#(\d+)\*\*/.exec(reply)?.[1]);
  expect(id).toBeGreaterThan(0);
  return { id, channelId, endsAt: Number(await world.redis.hget(sessionKey(id), 'endsAt')) };
}

/** Asks until Parley takes the question, then measures until it is posted in the channel. */
async function canary(): Promise<{ acceptedAfterMs: number; postedAfterMs: number }> {
  const started = Date.now();
  const text = distinctQuestion(9_000 + questionIndex++);
  for (;;) {
    const reply = await finalReply(await world.dispatch(asker, 'ask', { question: text, session: 1 }));
    if (reply.startsWith('Got it')) break;
    await sleep(250);
  }
  const acceptedAfterMs = Date.now() - started;
  await world.discord.waitFor(() => world.discord.channelMessages(world.channelId).some((m) => m.content.includes(text.slice(0, 40))) || undefined, {
    timeoutMs: 45_000,
    intervalMs: 50,
    description: 'the canary question posted',
  });
  return { acceptedAfterMs, postedAfterMs: Date.now() - started };
}

/**
 * Stops Redis for `seconds`. With `closing`, a one-minute session is scheduled first so that its
 * end falls inside the outage (Redis stops 5 s before the session ends).
 */
async function outage(seconds: number, options: { closeDuringOutage: boolean }): Promise<void> {
  const closing = options.closeDuringOutage ? await oneMinuteSession(`closes-during-${seconds}s`) : null;
  if (closing) {
    await sleep(Math.max(0, closing.endsAt - 5_000 - Date.now()));
    expect(closing.endsAt - Date.now()).toBeLessThan(seconds * 1_000);
  }
  await world.redisServer.stop();
  const downAt = Date.now();

  // While Redis is away, /ask answers in time, and says what is going on.
  const during = await world.dispatch(asker, 'ask', { question: distinctQuestion(8_000 + seconds), session: 1 });
  const first = await during.response({ timeoutMs: 3_000 });
  expect(first.latencyMs).toBeLessThan(3_000);
  expect(await finalReply(during)).toMatch(/^Parley can't take questions for a moment/);

  await sleep(Math.max(0, seconds * 1_000 - (Date.now() - downAt)));
  await world.redisServer.resume();
  const { acceptedAfterMs, postedAfterMs } = await canary();
  console.log(`[faults] Redis away ${seconds} s: /ask answered in ${first.latencyMs} ms during it; after it, asking worked in ${acceptedAfterMs} ms and the canary question was posted ${postedAfterMs} ms after Redis returned`);
  expect(postedAfterMs).toBeLessThan(30_000);
  if (!closing) return;

  // The close that fell due while Redis was away happened, once.
  const archives = () => world.discord.channelMessages(closing.channelId).filter((m) => m.attachments.length >= 3);
  await world.discord.waitFor(() => archives().length > 0 || undefined, { timeoutMs: 30_000, description: 'the overdue close' });
  await sleep(2_000);
  expect(archives()).toHaveLength(1);
  expect(await world.redis.hget(sessionKey(closing.id), 'status')).toBe('closed');
  const closedAt = Number(await world.redis.hget(sessionKey(closing.id), 'closedAt'));
  console.log(`[faults] the close due ${Math.round((Date.now() - closing.endsAt) / 1000)} s ago, during the outage, happened ${closedAt - closing.endsAt} ms after its due time, once`);
}

describe('Redis goes away', () => {
  it('for 10 seconds', () => outage(10, { closeDuringOutage: false }));
  it('for 60 seconds, with a close falling due during it', () => outage(60, { closeDuringOutage: true }));

  it('never crashed the bot', () => {
    expect(world.bot.running).toBe(true);
    expect(world.bot.crashes).toEqual([]);
  });
});
