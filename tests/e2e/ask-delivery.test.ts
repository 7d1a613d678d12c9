import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandInInteraction, StandInMember } from '../discord-stand-in/index.js';
import { forgeInteraction, visibleReply, withOption } from '../support/forge.js';
import { startLocalParley, type LocalParley } from '../support/local-parley.js';

// /ask records its own deliveries (in the script that stores the question, or before refusing
// text it cannot use) instead of the router checking first: a copy of any /ask, stored or
// refused, still gets no second answer, and the router's check still covers other commands.

let world: LocalParley;
let member: StandInMember;

beforeAll(async () => {
  world = await startLocalParley();
  member = world.addMember('member', { globalName: 'Member' });
});

afterAll(async () => {
  await world?.stop();
});

/** Delivers the interaction's payload again and gives the bot time to (wrongly) answer twice. */
async function deliverAgain(interaction: StandInInteraction): Promise<void> {
  world.discord.dispatchInteraction(interaction.payload);
  await new Promise((resolve) => setTimeout(resolve, 400));
}

describe('a copy of an /ask', () => {
  it('is answered once when the script refused it', async () => {
    const first = await world.discord.runSlashCommand({ guildId: world.guild.id, channelId: world.channelId, userId: member.id, command: 'ask', options: { question: 'Is any AMA open right now?' } });
    expect(await visibleReply(first)).toMatch(/No AMA is open in this channel/);
    await deliverAgain(first);
    expect(first.rejectedCallbacks).toEqual([]);
    expect(first.visible()).toHaveLength(1);
    world.discord.assertNoViolations();
  });

  it('is answered once when its text was refused before the script', async () => {
    const { reply } = await world.run(world.moderator, 'ama', { host: member.id, title: 'Copies', duration: '1h', cooldown: 0 }, { subcommand: 'schedule' });
    expect(reply).toContain('open now');
    const genuine = await world.run(member, 'ask', { question: 'A genuine question to copy from?' });
    expect(genuine.reply).toContain('**Q1**');
    const blank = forgeInteraction(world.discord, genuine.interaction, withOption('question', '           x'));
    expect(await visibleReply(blank)).toBe('Your question is too short: 1 characters, at least 10 needed.');
    await deliverAgain(blank);
    expect(blank.rejectedCallbacks).toEqual([]);
    expect(blank.visible()).toHaveLength(1);
    world.discord.assertNoViolations();
  });

  it('is answered once when the router refused its options', async () => {
    const genuine = await world.run(member, 'ask', { question: 'How do volunteers choose which campaigns to join?' });
    expect(genuine.reply).toContain('**Q2**');
    const malformed = forgeInteraction(world.discord, genuine.interaction, withOption('question', 42));
    expect(await visibleReply(malformed)).toMatch(/couldn't read that command's options/);
    await deliverAgain(malformed);
    expect(malformed.rejectedCallbacks).toEqual([]);
    expect(malformed.visible()).toHaveLength(1);
    world.discord.assertNoViolations();
  });

  it('counts and posts a stored question once, and other commands are still checked by the router', async () => {
    const asked = await world.run(member, 'ask', { question: 'Will this be posted only once?' });
    expect(asked.reply).toContain('**Q3**');
    await deliverAgain(asked.interaction);
    const queue = await world.run(world.moderator, 'queue');
    await deliverAgain(queue.interaction);
    expect(queue.interaction.visible()).toHaveLength(1);
    const posted = () => world.discord.channelMessages(world.channelId).filter((m) => m.content.includes('posted only once'));
    await world.discord.waitFor(() => posted().length > 0 || undefined, { description: 'the question posted' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(posted()).toHaveLength(1);
    expect(asked.interaction.visible()).toHaveLength(1);
    const metrics = await world.parley.metrics.registry.getSingleMetricAsString('parley_interactions_total');
    expect(metrics).toMatch(/parley_interactions_total\{command="ask",outcome="ok"\} 3\b/);
    world.discord.assertNoViolations();
  });
});
