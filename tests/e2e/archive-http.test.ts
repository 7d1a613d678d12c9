import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCHIVE_CONTENT_SECURITY_POLICY } from '../../archive/html.js';
import { parseArchiveJson } from '../../archive/json.js';
import type { StandInMember, StandInMessage } from '../discord-stand-in/index.js';
import { startLocalParley, type LocalParley } from '../support/local-parley.js';

// The archive as readers and operators meet it: the bot with its HTTP side on, the archive
// message linking to the page, the page, Markdown and JSON served as published, the archive
// of an AMA whose archive channel is a forum posted there, and /healthz and /metrics telling
// what happened.

const BASE_URL = 'https://ama.example.org';
let world: LocalParley;
let host: StandInMember;
let ada: StandInMember;
let grace: StandInMember;
let baseUrl: string;

beforeAll(async () => {
  world = await startLocalParley({ env: { HTTP_PORT: '0', PUBLIC_BASE_URL: `${BASE_URL}/` } });
  baseUrl = world.parley.http!.url;
  host = world.addMember('salil', { globalName: 'Salil Shetty' });
  ada = world.addMember('ada', { globalName: 'Ada' });
  grace = world.addMember('grace', { globalName: 'Grace' });
});

afterAll(async () => {
  await world?.stop();
});

const get = (path: string) => fetch(`${baseUrl}${path}`);
const byExtension = (message: StandInMessage, extension: string) =>
  message.attachments.find((attachment) => attachment.filename.endsWith(extension))!.bytes.toString('utf8');

async function runSession(title: string, extra: Record<string, string> = {}): Promise<void> {
  const scheduled = await world.run(world.moderator, 'ama', { host: host.id, title, duration: '2h', ...extra }, { subcommand: 'schedule' });
  expect(scheduled.reply).toMatch(/Scheduled AMA/);
  await world.run(ada, 'ask', { question: 'Can **clicktivism** become real action offline?' });
  await world.run(grace, 'ask', { question: 'How does Amnesty choose which cases to take on?' });
  const answered = await world.run(host, 'answer', {
    question: 1,
    answer: 'Yes:\n- **organise** locally\n- read [our report](https://example.org/report)\n\n> quoted\n\n||spoiler||',
  });
  expect(answered.reply).toContain('Q1');
}

describe('the archive online', () => {
  it('links the archive message to its page, and serves the page, Markdown and JSON as published', async () => {
    await runSession('Human rights today');
    const guildId = world.guild.id;
    const path = `/archives/${guildId}/1`;
    expect((await get(path)).status).toBe(404); // still open: nothing is public yet

    // A 429 on the archive post is waited out by discord.js, and counted.
    world.discord.faults.add({ method: 'POST', path: new RegExp(`^/channels/${world.channelId}/messages$`), status: 429, retryAfterSeconds: 0.05 });
    await world.run(world.moderator, 'ama', {}, { subcommand: 'end' });
    const archive = await world.discord.waitFor(
      () => world.discord.channelMessages(world.channelId).find((message) => message.attachments.length === 3),
      { description: 'the archive message', timeoutMs: 10_000 },
    );
    expect(archive.content).toContain(`Read it online: <${BASE_URL}${path}>`);

    const page = await get(path);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('content-security-policy')).toBe(`${ARCHIVE_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
    const html = await page.text();
    expect(html).toBe(byExtension(archive, '.html'));
    expect(html).toContain('<strong>organise</strong>');
    expect(html).not.toContain('How does Amnesty choose');

    expect(await (await get(`${path}.md`)).text()).toBe(byExtension(archive, '.md'));
    const json = await (await get(`${path}.json`)).text();
    expect(json).toBe(byExtension(archive, '.json'));
    const doc = parseArchiveJson(json);
    expect(doc.askedCount).toBe(2);
    expect(doc.timeline?.askedAt).toHaveLength(2);
    expect(JSON.stringify(doc)).not.toContain(ada.id);

    expect((await get(`/archives/${guildId}/2`)).status).toBe(404);
    world.discord.assertNoViolations();
  });

  it('republishes when the host edits an answer after the close: message, files and page', async () => {
    const archive = world.discord.channelMessages(world.channelId).find((message) => message.attachments.length === 3)!;
    const oldFiles = archive.attachments.map((attachment) => attachment.id);
    const edited = await world.run(host, 'answer', { question: 1, answer: 'EDITED after the close: **still** yes.', edit: true });
    expect(edited.reply).toContain('published archive');

    // Edits in a burst are gathered for a few seconds (REPUBLISH_ARCHIVE_MS) before one republish.
    const republished = await world.discord.waitFor(
      () => {
        const message = world.discord.message(archive.id)!;
        return message.attachments.some((attachment) => oldFiles.includes(attachment.id)) ? undefined : message;
      },
      { description: 'the archive files replaced', timeoutMs: 15_000 },
    );
    expect(republished.attachments).toHaveLength(3);
    expect(byExtension(republished, '.md')).toContain('EDITED after the close: **still** yes.');
    const page = await world.discord.waitFor(
      async () => {
        const html = await (await get(`/archives/${world.guild.id}/1`)).text();
        return html.includes('EDITED after the close') ? html : undefined;
      },
      { description: 'the page online updated', timeoutMs: 10_000 },
    );
    expect(page).toBe(byExtension(republished, '.html'));
    world.discord.assertNoViolations();
  });

  it('posts the archive of an AMA whose archive channel is a forum as a post of its own', async () => {
    const forum = world.discord.createForumChannel(world.guild.id, { name: 'ama-archive', tags: ['News', 'AMA'] });
    const amaTag = forum.available_tags.find((tag) => tag.name === 'AMA')!;
    await runSession('Forum edition', { archive_channel: forum.id });
    await world.run(world.moderator, 'ama', {}, { subcommand: 'end' });

    const post = await world.discord.waitFor(() => world.discord.threadsOf(forum.id)[0], { description: 'the forum post', timeoutMs: 10_000 });
    expect(post.name).toBe('Forum edition');
    expect(post.applied_tags).toEqual([amaTag.id]);
    const starter = world.discord.message(post.id)!;
    expect(starter.attachments).toHaveLength(3);
    expect(starter.content).toContain('### The answer');
    expect(starter.content).toContain(`<${BASE_URL}/archives/${world.guild.id}/2>`);
    expect((await get(`/archives/${world.guild.id}/2`)).status).toBe(200);
    world.discord.assertNoViolations();
  });

  it('is healthy, and its metrics count interactions, questions, answers, jobs and Discord’s answers', async () => {
    const health = await get('/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ready', checks: { redis: true, gateway: true } });

    const metrics = await (await get('/metrics')).text();
    expect(metrics).toContain('parley_interactions_total{command="ask",outcome="ok"} 4');
    expect(metrics).toContain('parley_interactions_total{command="ama schedule",outcome="ok"} 2');
    expect(metrics).toMatch(/^parley_questions_asked_total 4$/m);
    expect(metrics).toMatch(/^parley_answers_total 2$/m);
    expect(metrics).toMatch(/^parley_job_duration_seconds_count\{queue="discord",job="publish-archive",outcome="completed"\} 2$/m);
    expect(metrics).toMatch(/^parley_discord_responses_total\{method="POST",route="\/channels\/:id\/messages",status="200"\} \d+$/m);
    expect(metrics).toMatch(/^parley_discord_responses_total\{method="POST",route="\/channels\/:id\/messages",status="429"\} 1$/m);
    expect(metrics).toMatch(/^parley_discord_rate_limited_total\{route="\/channels\/:id\/messages",scope="user",global="false"\} 1$/m);
  });
});
