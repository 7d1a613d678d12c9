import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandInInteraction, StandInMember } from '../discord-stand-in/index.js';
import { nextSnowflake } from '../discord-stand-in/snowflake.js';
import { distinctQuestion, finalReply, startFaultWorld, type FaultWorld } from './support/fault-world.js';

// Discord misbehaving while an AMA runs: 429s with retry_after (a long shared-scope one on
// thread creation among them), 5xx, slow responses, a dropped gateway connection, an
// INTERACTION_CREATE delivered twice. Nothing is lost or doubled, every interaction is answered
// inside its 3 seconds, and invalid requests stay far below Discord's ban threshold.

const QUESTIONS = 40;
const BAN_THRESHOLD = 10_000; // invalid requests (401/403/429) per 10 minutes

let world: FaultWorld;
let host: StandInMember;
let members: StandInMember[];

beforeAll(async () => {
  world = await startFaultWorld('discord-misbehaves');
  await world.startBot();
  host = world.addMember('host');
  members = Array.from({ length: 10 }, (_, index) => world.addMember(`member${index}`));
  const reply = await world.run(world.moderator, 'ama', { host: host.id, title: 'Unreliable Discord', duration: '2h', cooldown: 0, max_pending: 50 }, 'schedule');
  expect(reply).toContain('open now');
});

afterAll(async () => {
  await world?.stop();
});

describe('Discord misbehaves', () => {
  it('loses and doubles nothing, and answers every interaction in time', async () => {
    const { faults } = world.discord;
    faults.add({ method: 'POST', path: /\/channels\/\d+\/messages$/, status: 500, times: 6 });
    faults.add({ method: 'POST', path: /\/channels\/\d+\/messages$/, status: 429, retryAfterSeconds: 1, scope: 'user', times: 3 });
    faults.add({ method: 'POST', path: /\/messages\/\d+\/threads$/, status: 429, retryAfterSeconds: 5, scope: 'shared', times: 2 });
    faults.add({ method: 'PATCH', path: /\/channels\/\d+\/messages\/\d+$/, delayMs: 1_500, times: 5 });
    faults.add({ method: 'POST', path: /\/channels\/\d+\/messages$/, status: 500, afterHandling: true, times: 2 }); // the post lands, the response is lost

    const interactions: StandInInteraction[] = [];
    for (let i = 0; i < QUESTIONS; i++) {
      if (i === QUESTIONS / 2) world.discord.dropGatewayConnections();
      interactions.push(await world.dispatch(members[i % members.length]!, 'ask', { question: distinctQuestion(i) }));
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    // The same INTERACTION_CREATE delivered twice.
    const twice = structuredClone(interactions[0]!.payload) as { id: string; token: string; data: { options: { value: unknown }[] } };
    twice.id = nextSnowflake();
    twice.token = `twice-${randomBytes(8).toString('hex')}`;
    twice.data.options[0]!.value = distinctQuestion(999);
    const doubled = world.discord.dispatchInteraction(twice, { times: 2 })!;

    const replies = await Promise.all([...interactions, doubled].map((interaction) => finalReply(interaction, 8_000).catch(() => 'no answer')));
    const late = [...interactions, doubled].filter((interaction) => !interaction.acknowledged);
    // Interactions dispatched while the gateway was down never reached the bot (as on Discord);
    // every one that did was answered in time.
    const delivered = [...interactions, doubled].filter((interaction) => interaction.deliveredTo > 0);
    for (const interaction of delivered) expect((await interaction.response()).latencyMs).toBeLessThan(3_000);
    expect(world.discord.violations.filter((v) => v.code === 10062 || v.code === 40060)).toEqual([]);
    const numbers = replies.map((reply) => Number(/\*\*Q(\d+)\*\*/.exec(reply)?.[1])).filter((n) => n > 0);

    // Answer half of them, through the thread-creation 429s.
    for (const number of numbers.slice(0, 10)) await world.run(host, 'answer', { question: number, answer: `Answer to ${number}.` });

    const posted = () => world.discord.channelMessages(world.channelId).filter((m) => /^\*\*Q\d+\*\*/.test(m.content));
    await world.discord.waitFor(() => new Set(posted().map((m) => m.content.split(' ')[0])).size >= numbers.length || undefined, {
      timeoutMs: 60_000,
      description: 'every question posted',
    });
    await world.discord.waitFor(() => world.discord.threadsOf(world.channelId).length >= 10 || undefined, { timeoutMs: 60_000, description: 'ten answer threads' });
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    const byNumber = new Map<string, number>();
    for (const message of posted()) byNumber.set(message.content.split(' ')[0]!, (byNumber.get(message.content.split(' ')[0]!) ?? 0) + 1);
    expect([...byNumber.values()].every((count) => count === 1)).toBe(true);
    expect(posted().filter((m) => m.content.includes(distinctQuestion(999).slice(0, 30)))).toHaveLength(1);
    for (const thread of world.discord.threadsOf(world.channelId)) expect(world.discord.channelMessages(thread.id)).toHaveLength(1);

    const stats = world.discord.stats;
    console.log(
      `[faults] Discord misbehaving: ${delivered.length} interactions delivered, all answered in < 3 s; ${late.length} not acknowledged (sent while the gateway was down); ` +
        `${byNumber.size} questions posted once each; ${stats.invalidRequests} invalid requests of ${stats.requests} (ban threshold ${BAN_THRESHOLD}/10 min); gateway resumes: ${stats.gateway.resumes}`,
    );
    expect(stats.invalidRequests).toBeLessThan(BAN_THRESHOLD / 100);
    expect(stats.gateway.resumes).toBeGreaterThanOrEqual(1);
    expect(world.bot.crashes).toEqual([]);
  });
});
