import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArchiveJson } from '../../archive/json.js';
import type { StandInMember } from '../discord-stand-in/index.js';
import { startLocalParley, type LocalParley } from '../support/local-parley.js';

// A moderated session with anonymous questions: review, approve, edit-then-approve, reject with a
// reason told privately, hide, ban; and anonymity that holds everywhere the public can look.

let world: LocalParley;
let host: StandInMember;
let ada: StandInMember;
let grace: StandInMember;
let reviewChannelId: string;

beforeAll(async () => {
  world = await startLocalParley();
  host = world.addMember('host', { globalName: 'Hosting Person' });
  ada = world.addMember('ada', { globalName: 'Ada Secretname' });
  grace = world.addMember('grace', { globalName: 'Grace' });
  reviewChannelId = world.discord.createTextChannel(world.guild.id, { name: 'ama-review' }).id;
  const { reply } = await world.run(
    world.moderator,
    'ama',
    { host: host.id, title: 'Moderated', duration: '2h', moderated: true, review_channel: reviewChannelId, anonymous: true, cooldown: 0 },
    { subcommand: 'schedule' },
  );
  expect(reply).toContain('open now');
});

afterAll(async () => {
  await world?.stop();
});

const reviewMessage = (number: number) =>
  world.discord.waitFor(() => world.discord.channelMessages(reviewChannelId).find((m) => m.content.startsWith(`**Q${number} for review**`)), {
    description: `Q${number} in review`,
  });
const posted = (number: number) => world.discord.channelMessages(world.channelId).find((m) => m.content.startsWith(`**Q${number}**`));

describe('a moderated, anonymous AMA', () => {
  it('posts only approved questions, anonymous ones without any trace of the asker', async () => {
    const asked = await world.run(ada, 'ask', { question: 'Is it safe to speak out where I live?', anonymous: true });
    expect(asked.reply).toContain('The moderators review questions first');
    const review = await reviewMessage(1);
    expect(review.content).toContain('Ada Secretname'); // moderators see who asked
    expect(review.content).toContain('asked anonymously');
    expect(posted(1)).toBeUndefined();

    const approved = await world.press(world.moderator, review, 'review-approve:1:1');
    expect(approved.reply).toContain('Approved **Q1**');
    const message = await world.discord.waitFor(() => posted(1), { description: 'Q1 posted' });
    expect(message.content).toContain('**Anonymous**');
    expect(message.content).not.toContain('Ada');
    expect(message.content).not.toContain(ada.id);
    await world.discord.waitFor(() => world.discord.message(review.id)?.content.includes('✅ Approved') || undefined, { description: 'review updated' });

    await world.run(host, 'answer', { question: 1, answer: 'Safety first: talk to local groups.' });
    const thread = await world.discord.waitFor(() => world.discord.thread(message.id), { description: 'thread' });
    const answer = await world.discord.waitFor(() => world.discord.channelMessages(thread.id)[0], { description: 'answer' });
    expect(answer.content).not.toContain(ada.id);
    expect(answer.pinged.users).toEqual([]);
  });

  it('lets exactly one decision win when approve and reject are pressed together, and tells a rejected asker why', async () => {
    await world.run(grace, 'ask', { question: 'Question pressed two ways at once?' });
    const review = await reviewMessage(2);
    const [approve, reject] = await Promise.all([
      world.press(world.moderator, review, 'review-approve:1:2'),
      world.press(world.moderator, review, 'review-reject:1:2'),
    ]);
    // Reject opens a modal first, so approve wins; submitting the reject afterwards is refused.
    expect(approve.reply).toContain('Approved **Q2**');
    expect(reject.interaction.modal()?.custom_id).toBe('review-reject-modal:1:2');
    const late = await world.submit(world.moderator, reviewChannelId, 'review-reject-modal:1:2', 'Too late');
    expect(late.reply).toBe('Q2 was already decided (it is pending).');

    await world.run(grace, 'ask', { question: 'A question that breaks the rules?' });
    const third = await reviewMessage(3);
    await world.press(world.moderator, third, 'review-reject:1:3');
    const rejected = await world.submit(world.moderator, reviewChannelId, 'review-reject-modal:1:3', 'Off topic for this AMA.');
    expect(rejected.reply).toContain('Rejected **Q3**');
    const dm = await world.discord.waitFor(() => world.discord.dms(grace.id).find((m) => m.content.includes('Off topic')), { description: 'the DM' });
    expect(dm.content).toContain('not accepted');
    expect(posted(3)).toBeUndefined();
  });

  it('edits then approves, hides a posted question, and bans a member from asking', async () => {
    await world.run(grace, 'ask', { question: 'Question with a tpyo in it?' });
    const review = await reviewMessage(4);
    const opened = await world.press(world.moderator, review, 'review-edit:1:4');
    expect(opened.interaction.modal()?.custom_id).toBe('review-edit-modal:1:4');
    await world.submit(world.moderator, reviewChannelId, 'review-edit-modal:1:4', 'Question with a typo in it?');
    const fixed = await world.discord.waitFor(() => posted(4), { description: 'Q4 posted' });
    expect(fixed.content).toContain('typo');

    const hidden = await world.run(world.moderator, 'ama', { question: 4 }, { subcommand: 'hide' });
    expect(hidden.reply).toContain('Hid **Q4**');
    await world.discord.waitFor(() => world.discord.message(fixed.id)?.content.includes('hidden by the moderators') || undefined, {
      description: 'Q4 hidden',
    });

    await world.run(world.moderator, 'ama', { user: grace.id }, { subcommand: 'ban' });
    expect((await world.run(grace, 'ask', { question: 'Can I still ask after a ban?' })).reply).toBe(
      'The moderators have stopped you from asking in AMA #1.',
    );
  });

  it('archives anonymous questions without the asker, the JSON included', async () => {
    await world.run(world.moderator, 'ama', {}, { subcommand: 'end' });
    const archive = await world.discord.waitFor(
      () => world.discord.channelMessages(world.channelId).find((m) => m.attachments.length >= 3),
      { description: 'the archive', timeoutMs: 10_000 },
    );
    const json = archive.attachments.find((a) => a.filename.endsWith('.json'))!.bytes.toString('utf8');
    const doc = parseArchiveJson(json);
    expect(doc.questions.map((q) => q.number)).toEqual([1]);
    expect(doc.questions[0]!.asker).toEqual({ name: 'Anonymous', title: null });
    for (const file of archive.attachments) {
      const text = file.bytes.toString('utf8');
      expect(text).not.toContain('Ada Secretname');
      expect(text).not.toContain(ada.id);
      expect(text).not.toContain('typo'); // hidden questions never reach the archive
    }
    world.discord.assertNoViolations();
  });
});
