import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandInMember, StandInMessage } from '../discord-stand-in/index.js';
import { startLocalParley, type LocalParley } from '../support/local-parley.js';

// Votes, the host's queue and /next, editing answers, withdrawing, duplicates and notifications,
// as members and hosts meet them in Discord.

let world: LocalParley;
let host: StandInMember;
let ada: StandInMember;
let grace: StandInMember;
let bob: StandInMember;
let carl: StandInMember;

beforeAll(async () => {
  world = await startLocalParley();
  host = world.addMember('host', { globalName: 'Hosting Person' });
  ada = world.addMember('ada', { globalName: 'Ada' });
  grace = world.addMember('grace', { globalName: 'Grace' });
  bob = world.addMember('bob', { globalName: 'Bob' });
  carl = world.addMember('carl', { globalName: 'Carl' });
  const { reply } = await world.run(world.moderator, 'ama', { host: host.id, title: 'Community', duration: '2h', cooldown: 0 }, { subcommand: 'schedule' });
  expect(reply).toContain('open now');
});

afterAll(async () => {
  await world?.stop();
});

const questionMessage = (number: number) =>
  world.discord.waitFor(
    () => world.discord.channelMessages(world.channelId).find((m) => m.content.startsWith(`**Q${number}**`)),
    { description: `Q${number} posted` },
  );
const buttonOn = (message: StandInMessage | undefined, prefix: string) =>
  ((message?.components ?? []) as { components: { custom_id?: string; label?: string }[] }[])
    .flatMap((row) => row.components)
    .find((button) => button.custom_id?.startsWith(prefix));
const voteLabel = (number: number) =>
  buttonOn(world.discord.channelMessages(world.channelId).find((m) => m.content.startsWith(`**Q${number}**`)), 'vote:')?.label;

describe('voting', () => {
  it('counts votes from the ▲ button, coalesces the count on the message, and ranks the queue', async () => {
    expect((await world.run(ada, 'ask', { question: 'How do you pick which campaigns to run?' })).reply).toContain('**Q1**');
    expect((await world.run(grace, 'ask', { question: 'What should a student read first about human rights?' })).reply).toContain('**Q2**');
    const q2 = await questionMessage(2);
    const vote = buttonOn(q2, 'vote:')!;
    expect(vote.label).toBe('▲ 0');

    // Three members press at the same moment; the asker's own vote is refused.
    const presses = await Promise.all([bob, carl, ada].map((member) => world.press(member, q2, vote.custom_id!)));
    expect(presses.every((p) => p.ephemeral && p.reply.includes('You voted for **Q2**'))).toBe(true);
    expect((await world.press(grace, q2, vote.custom_id!)).reply).toBe('You asked this question, so you cannot vote for it.');
    await world.discord.waitFor(() => voteLabel(2) === '▲ 3' || undefined, { description: 'the count to follow' });
    // Coalesced: three votes, at most two edits of the message (one per window).
    expect(world.discord.message(q2.id)!.contentHistory.length).toBeLessThanOrEqual(3);

    const queue = await world.run(host, 'queue');
    expect(queue.reply.indexOf('`Q2` ▲ 3')).toBeLessThan(queue.reply.indexOf('`Q1` ▲ 0'));

    expect((await world.press(bob, q2, vote.custom_id!)).reply).toContain('withdrawn (▲ 2)');
    await world.discord.waitFor(() => voteLabel(2) === '▲ 2' || undefined, { description: 'the count to drop' });
  });
});

describe("the host's flow", () => {
  it('shows the top question with /next; Skip moves on; Answer opens a modal that posts the answer', async () => {
    const next = await world.run(host, 'next');
    expect(next.reply).toMatch(/^\*\*Q2\*\* · ▲ 2/);
    const card = next.interaction.original()!;
    const skipped = await world.press(host, card, buttonOn(card, 'next-skip:')!.custom_id!);
    expect(skipped.reply).toMatch(/^\*\*Q1\*\*/);

    const answerButton = buttonOn(world.discord.message(card.id), 'next-answer:')!;
    const opened = await world.press(host, card, answerButton.custom_id!);
    expect(opened.interaction.modal()?.custom_id).toBe('answer-modal:1:1');
    const submitted = await world.submit(host, world.channelId, 'answer-modal:1:1', 'We pick campaigns where we can make a difference.');
    expect(submitted.reply).toContain('Answered **Q1**');

    const q1 = await questionMessage(1);
    const thread = await world.discord.waitFor(() => world.discord.thread(q1.id), { description: 'the thread' });
    const first = await world.discord.waitFor(() => world.discord.channelMessages(thread.id)[0], { description: 'the answer' });
    expect(first.content).toContain('We pick campaigns');
    expect(first.pinged.users).toEqual([ada.id]);
  });

  it('lets only a host edit an answer from its thread, and the thread shows the new text', async () => {
    const q1 = await questionMessage(1);
    const first = world.discord.channelMessages(world.discord.thread(q1.id)!.id)[0]!;
    const edit = buttonOn(first, 'edit-answer:')!;
    expect((await world.press(bob, first, edit.custom_id!)).reply).toBe('Only the hosts can do that.');
    const opened = await world.press(host, first, edit.custom_id!);
    expect(opened.interaction.modal()?.components).toBeDefined();
    const edited = await world.submit(host, first.channel_id, 'edit-answer-modal:1:1', 'We pick campaigns with partners on the ground.');
    expect(edited.reply).toContain('Edited **Q1**');
    await world.discord.waitFor(() => world.discord.message(first.id)?.content.includes('partners on the ground') || undefined, {
      description: 'the thread message edited',
    });
  });

  it('lets a co-host answer', async () => {
    const cohost = world.addMember('cohost', { globalName: 'Co Host' });
    const added = await world.run(world.moderator, 'ama', { user: cohost.id, title: 'Field researcher' }, { subcommandGroup: 'cohost', subcommand: 'add' });
    expect(added.reply).toContain('now co-hosts');
    const answered = await world.run(cohost, 'answer', { question: 2, answer: 'Start with the Universal Declaration.' });
    expect(answered.reply).toContain('Answered **Q2**');
    const q2 = await questionMessage(2);
    const part = await world.discord.waitFor(() => world.discord.channelMessages(q2.id)[0], { description: 'co-host answer' });
    expect(part.content).toContain('Co Host');
    expect(part.content).toContain('Field researcher');
  });
});

describe('members', () => {
  it('can withdraw their own question from the acknowledgement', async () => {
    const asked = await world.run(carl, 'ask', { question: 'Should I withdraw this question later?' });
    const number = Number(/\*\*Q(\d+)\*\*/.exec(asked.reply)![1]);
    const posted = await questionMessage(number);
    const ack = asked.interaction.original()!;
    const withdrawn = await world.press(carl, ack, `withdraw:1:${number}`);
    expect(withdrawn.reply).toContain(`You withdrew **Q${number}**`);
    await world.discord.waitFor(() => world.discord.channelMessages(world.channelId).every((m) => m.id !== posted.id) || undefined, {
      description: 'the question gone from the channel',
    });
  });

  it('are offered the waiting question instead of a duplicate, and counted as asking it too', async () => {
    const asked = await world.run(bob, 'ask', { question: 'How can online activism turn into real action offline?' });
    const number = Number(/\*\*Q(\d+)\*\*/.exec(asked.reply)![1]);
    await questionMessage(number);
    const duplicate = await world.run(carl, 'ask', { question: 'How can online activism be turned into real offline action?' });
    expect(duplicate.reply).toContain(`A very similar question is already waiting: **Q${number}**`);
    const folded = await world.press(carl, duplicate.interaction.original()!, `fold:1:${number}`);
    expect(folded.reply).toContain('count as having asked it too');
    await world.discord.waitFor(
      () => world.discord.channelMessages(world.channelId).find((m) => m.content.startsWith(`**Q${number}**`))?.content.includes('Also asked by 1 member') || undefined,
      { description: 'also asked by' },
    );
  });

  it('who opted in get a direct message when a question they voted for is answered', async () => {
    expect((await world.run(grace, 'profile', { notify: true })).reply).toContain("you'll get a direct message");
    const asked = await world.run(ada, 'ask', { question: 'What is the hardest part of your job?' });
    const number = Number(/\*\*Q(\d+)\*\*/.exec(asked.reply)![1]);
    const message = await questionMessage(number);
    await world.press(grace, message, `vote:1:${number}`);
    await world.press(bob, message, `vote:1:${number}`);
    await world.run(host, 'answer', { question: number, answer: 'Saying no to good causes.' });
    const dm = await world.discord.waitFor(() => world.discord.dms(grace.id).find((m) => m.content.includes(`**Q${number}**`)), {
      description: 'the DM',
    });
    expect(dm.content).toContain('was answered');
    expect(world.discord.dms(bob.id)).toHaveLength(0);
    world.discord.assertNoViolations();
  });
});

describe('autocomplete', () => {
  it('offers the host the best-ranked waiting questions, and finds one by its number', async () => {
    const asked = await world.run(bob, 'ask', { question: 'An autocomplete candidate about field research?' });
    const number = Number(/\*\*Q(\d+)\*\*/.exec(asked.reply)![1]);
    const choices = await world.discord.autocomplete({
      guildId: world.guild.id,
      channelId: world.channelId,
      userId: host.id,
      command: 'answer',
      focused: 'question',
      value: String(number),
    });
    expect(choices[0]).toMatchObject({ value: number });
    expect(String(choices[0]!.name)).toContain('field research');
    const none = await world.discord.autocomplete({ guildId: world.guild.id, channelId: world.channelId, userId: bob.id, command: 'answer', focused: 'question', value: '' });
    expect(none).toEqual([]); // not a host: nothing to offer
  });
});
