import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandInMember } from '../discord-stand-in/index.js';
import { MALFORMED_INTERACTION_MESSAGE } from '../../bot/errors.js';
import { forgeInteraction, visibleReply, withOption } from '../support/forge.js';
import { startLocalParley, type LocalParley } from '../support/local-parley.js';

// Everything Parley refuses, and how: a short ephemeral reply that says why, and nothing
// changed in the channel.

let world: LocalParley;
let host: StandInMember;
let member: StandInMember;

beforeAll(async () => {
  world = await startLocalParley();
  host = world.addMember('host', { globalName: 'Hosting Person' });
  member = world.addMember('member', { globalName: 'Member' });
});

afterAll(async () => {
  await world?.stop();
});

const channelMessageCount = () => world.discord.channelMessages(world.channelId).length;

async function scheduleOpenSession(title: string): Promise<void> {
  const { reply } = await world.run(world.moderator, 'ama', { host: host.id, title, duration: '2h', cooldown: 0 }, { subcommand: 'schedule' });
  expect(reply).toContain('open now');
}

describe('refusals', () => {
  it('refuses /ask when no session is open, saying when the next one starts', async () => {
    const later = new Date(Date.now() + 3 * 3_600_000).toISOString();
    await world.run(world.moderator, 'ama', { host: host.id, title: 'Later', start: later }, { subcommand: 'schedule' });
    const before = channelMessageCount();
    const { reply, ephemeral } = await world.run(member, 'ask', { question: 'Is anybody there to answer?' });
    expect(ephemeral).toBe(true);
    expect(reply).toMatch(/No AMA is open in this channel\..*AMA #1, opens <t:\d+:R>/s);
    expect(channelMessageCount()).toBe(before);
  });

  it('refuses questions that are too short or too long, even from a forged client', async () => {
    await scheduleOpenSession('Limits');
    // A real client enforces min_length/max_length; a forged payload skips that, so the router
    // checks every option against the registered definition and refuses, changing nothing.
    const genuine = await world.run(member, 'ask', { question: 'A genuine question to copy?' });
    expect(genuine.reply).toContain('**Q1**');
    const short = forgeInteraction(world.discord, genuine.interaction, withOption('question', 'Why?'));
    expect(await visibleReply(short)).toBe(MALFORMED_INTERACTION_MESSAGE);
    const long = forgeInteraction(world.discord, genuine.interaction, withOption('question', 'x'.repeat(1501)));
    expect(await visibleReply(long)).toBe(MALFORMED_INTERACTION_MESSAGE);
    const queue = await world.run(world.moderator, 'queue');
    expect(queue.reply).toMatch(/1 question waiting/);
  });

  it('lets only the host answer, and refuses unknown and already answered questions', async () => {
        const notHost = await world.run(member, 'answer', { question: 1, answer: 'I am not the host' });
    expect(notHost.reply).toMatch(/Only the hosts can answer/);
    const unknown = await world.run(host, 'answer', { question: 99, answer: 'Nothing to answer' });
    expect(unknown.ephemeral).toBe(true);
    expect(unknown.reply).toBe('There is no Q99 in AMA #2.');
    expect((await world.run(host, 'answer', { question: 1, answer: 'Yes.' })).reply).toContain('Answered **Q1**');
    const again = await world.run(host, 'answer', { question: 1, answer: 'Twice?' });
    expect(again.reply).toBe('Q1 has already been answered. To change the answer, use its Edit button or `/answer edit:True`.');
  });

  it('checks moderator rights on the server even when an admin opened /ama to everyone', async () => {
    const before = channelMessageCount();
    const { reply } = await world.run(
      member,
      'ama',
      { host: member.id, title: 'Sneaky' },
      { subcommand: 'schedule', bypassCommandPermissions: true },
    );
    expect(reply).toBe('Only moderators (Manage Events) can schedule AMAs.');
    const ended = await world.run(member, 'ama', {}, { subcommand: 'end', bypassCommandPermissions: true });
    expect(ended.reply).toMatch(/Only moderators/);
    const queue = await world.run(member, 'queue');
    expect(queue.reply).toBe('Only the host and moderators can see the queue.');
    expect(channelMessageCount()).toBe(before);
  });

  it('creates one question when Discord delivers the same interaction twice', async () => {
    const first = await world.discord.runSlashCommand({
      guildId: world.guild.id,
      channelId: world.channelId,
      userId: member.id,
      command: 'ask',
      options: { question: 'Delivered twice, stored once?' },
    });
    await first.response();
    world.discord.dispatchInteraction(first.payload);
    const postedCopies = () => world.discord.channelMessages(world.channelId).filter((m) => m.content.includes('Delivered twice'));
    await world.discord.waitFor(() => postedCopies().length > 0 || undefined, { description: 'the question posted' });
    // Give a second copy every chance to appear before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(postedCopies()).toHaveLength(1);
    const queue = await world.run(world.moderator, 'queue');
    expect(queue.reply.match(/Delivered twice/g)).toHaveLength(1);
  });

  it('refuses /ask after the session ended', async () => {
    await world.run(world.moderator, 'ama', {}, { subcommand: 'end' });
    const { reply } = await world.run(member, 'ask', { question: 'Still time for one more?', session: 2 });
    expect(reply).toBe('AMA #2 has ended and takes no more questions.');
  });

  it('never reaches a session of another server by its number', async () => {
    const { guild: otherGuild, channelId: otherChannelId } = await world.addGuild('Elsewhere');
    const stranger = world.discord.createMember(otherGuild.id, { username: 'stranger', permissions: PermissionFlagsBits.ManageEvents });
    const interaction = await world.discord.runSlashCommand({
      guildId: otherGuild.id,
      channelId: otherChannelId,
      userId: stranger.id,
      command: 'ama',
      subcommand: 'cancel',
      options: { session: 1 },
    });
    expect(await visibleReply(interaction)).toBe('There is no session #1 in this server.');
    expect(await world.parley.services.sessions.get(world.guild.id, 1)).toMatchObject({ status: 'scheduled' });
    world.discord.assertNoViolations();
  });
});
