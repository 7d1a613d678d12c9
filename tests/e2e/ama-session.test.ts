import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArchiveJson } from '../../archive/json.js';
import type { StandInMember, StandInMessage } from '../discord-stand-in/index.js';
import { startLocalParley, type LocalParley } from '../support/local-parley.js';

// A whole AMA as members see it: schedule → intro → questions → answers in threads → close →
// archive with its three files. Assertions read what the channels hold, not Parley's internals.

let world: LocalParley;
let host: StandInMember;
let ada: StandInMember;
let grace: StandInMember;

const LONG_ANSWER = Array.from(
  { length: 6 },
  (_, i) => `Paragraph ${i + 1}. ${'Human rights work is slow, patient and collective. '.repeat(9).trim()}`,
).join('\n\n');

beforeAll(async () => {
  world = await startLocalParley();
  host = world.addMember('salil', { globalName: 'Salil Shetty' });
  ada = world.addMember('ada', { globalName: 'Ada' });
  grace = world.addMember('grace', { globalName: 'Grace' });
});

afterAll(async () => {
  await world?.stop();
});

const messages = () => world.discord.channelMessages(world.channelId);
const findMessage = (predicate: (m: StandInMessage) => boolean, description: string) =>
  world.discord.waitFor(() => messages().find(predicate), { description, timeoutMs: 10_000 });

describe('a whole AMA', () => {
  it('runs from schedule to published archive', async () => {
    const profile = await world.run(ada, 'profile', { title: 'Researcher @ Harvard' });
    expect(profile.reply).toContain('Researcher @ Harvard');
    expect(profile.ephemeral).toBe(true);

    const scheduled = await world.run(
      world.moderator,
      'ama',
      {
        host: host.id,
        title: 'Human rights today',
        host_title: 'Secretary General @ Amnesty International',
        intro: 'Hi everyone, namaste.',
        duration: '6d',
      },
      { subcommand: 'schedule' },
    );
    expect(scheduled.reply).toMatch(/Scheduled AMA \*\*#1\*\*.*open now/s);
    expect(scheduled.ephemeral).toBe(true);

    const intro = await findMessage((m) => m.content.includes('Salil Shetty') && m.content.includes('namaste'), 'the intro');
    expect(intro.content).toContain('Secretary General @ Amnesty International');
    expect(intro.content).toMatch(/<t:\d+:F>/);
    expect(intro.content).toMatch(/<t:\d+:R>/);

    const asked = await world.run(ada, 'ask', { question: 'Can clicktivism become real action offline? @everyone <@&123456789012345678>' });
    expect(asked.reply).toContain('**Q1**');
    expect(asked.ephemeral).toBe(true);
    const grace1 = await world.run(grace, 'ask', { question: 'How does Amnesty choose which cases to take on?' });
    expect(grace1.reply).toContain('**Q2**');

    const q1 = await findMessage((m) => m.content.includes('**Q1**'), 'Q1 posted');
    expect(q1.content).toContain('Ada');
    expect(q1.content).toContain('Researcher @ Harvard');
    expect(q1.content).toContain('clicktivism');
    expect(q1.pinged).toEqual({ everyone: false, users: [], roles: [] });
    await findMessage((m) => m.content.includes('**Q2**'), 'Q2 posted');

    const answered = await world.run(host, 'answer', { question: 1, answer: LONG_ANSWER });
    expect(answered.reply).toContain('Answered **Q1**');

    const thread = await world.discord.waitFor(() => world.discord.thread(q1.id), { description: 'the answer thread' });
    const parts = await world.discord.waitFor(
      () => {
        const inThread = world.discord.channelMessages(thread.id);
        return inThread.length >= 2 ? inThread : undefined;
      },
      { description: 'the split answer' },
    );
    expect(parts.every((m) => m.content.length <= 2000)).toBe(true);
    expect(parts[0]!.content).toContain('Salil Shetty');
    expect(parts[0]!.content).toContain(`<@${ada.id}>`);
    expect(parts[0]!.pinged).toEqual({ everyone: false, users: [ada.id], roles: [] });
    expect(parts.slice(1).every((m) => m.pinged.users.length === 0)).toBe(true);
    const rejoined = parts.map((m) => m.content).join(' ');
    for (let i = 1; i <= 6; i++) expect(rejoined).toContain(`Paragraph ${i}.`);

    await world.discord.waitFor(() => world.discord.message(q1.id)?.content.includes('Answered'), {
      description: 'Q1 marked answered',
    });

    const ended = await world.run(world.moderator, 'ama', {}, { subcommand: 'end' });
    expect(ended.reply).toContain('has ended');

    const archive = await findMessage((m) => m.attachments.length === 3, 'the archive message');
    expect(archive.content).toContain('Unanswered questions have been hidden');
    expect(archive.content).toMatch(/1 question\b/);
    const byExtension = (ext: string) => archive.attachments.find((a) => a.filename.endsWith(ext))!;
    const doc = parseArchiveJson(byExtension('.json').bytes.toString('utf8'));
    expect(doc.questions.map((q) => q.number)).toEqual([1]);
    expect(doc.questions[0]!.asker).toEqual({ name: 'Ada', title: 'Researcher @ Harvard' });
    expect(doc.askedCount).toBe(2);
    const html = byExtension('.html').bytes.toString('utf8');
    expect(html).toContain('Human rights today');
    expect(html).not.toContain('How does Amnesty choose');
    expect(byExtension('.md').bytes.toString('utf8')).toContain('Researcher @ Harvard');

    await world.discord.waitFor(() => world.discord.message(intro.id)?.content.match(/ended/i), { description: 'intro shows ended' });

    const late = await world.run(grace, 'ask', { question: 'Is it too late to ask something?' });
    expect(late.reply).toMatch(/No AMA is open/);
    world.discord.assertNoViolations();
  });
});
