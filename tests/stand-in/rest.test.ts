import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DiscordAPIError,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  GuildScheduledEventStatus,
  PermissionFlagsBits,
  RESTEvents,
  RESTJSONErrorCodes,
  Routes,
} from 'discord.js';
import type { RateLimitData, TextChannel ,
  ForumChannel} from 'discord.js';
import { startHarness } from './harness.js';
import type { Harness } from './harness.js';

let h: Harness;
let channel: TextChannel;

beforeAll(async () => {
  h = await startHarness();
  channel = (await h.client.channels.fetch(h.channelId)) as TextChannel;
});

afterAll(async () => {
  await h?.close();
});

afterEach(() => {
  h.discord.faults.clear();
  // Every test leaves no unexpected violations behind (intentional ones are taken by the test).
  h.discord.assertNoViolations();
});

describe('channel messages', () => {
  it('send with files goes multipart; payload_json is validated; bytes and URL are kept', async () => {
    const checksBefore = h.discord.stats.openapiChecks;
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const sent = await channel.send({
      content: 'Transcript attached',
      files: [
        { attachment: Buffer.from('Q: hi\nA: hello\n'), name: 'transcript.md', description: 'AMA transcript' },
        { attachment: png, name: 'cover.png' },
      ],
    });
    expect(h.discord.stats.openapiChecks).toBe(checksBefore + 1);
    const stored = h.discord.message(sent.id)!;
    expect(stored.attachments.map((a) => [a.filename, a.bytes.toString('hex'), a.content_type])).toEqual([
      ['transcript.md', Buffer.from('Q: hi\nA: hello\n').toString('hex'), 'text/markdown; charset=utf-8'],
      ['cover.png', png.toString('hex'), 'image/png'],
    ]);
    expect(stored.attachments[0]!.description).toBe('AMA transcript');
    expect(sent.attachments.first()!.name).toBe('transcript.md');
    const served = await fetch(sent.attachments.first()!.url);
    expect(await served.text()).toBe('Q: hi\nA: hello\n');
  });

  it('content over 2000 characters is refused with 50035', async () => {
    const err = await channel.send('x'.repeat(2001)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect((err as DiscordAPIError).code).toBe(RESTJSONErrorCodes.InvalidFormBodyOrContentType);
    expect(h.discord.takeViolations().map((v) => [v.kind, v.code])).toEqual([['enforcement', 50035]]);
  });

  it('nonce + enforce_nonce: a retried send returns the same message', async () => {
    const before = h.discord.channelMessages(h.channelId).length;
    const a = await channel.send({ content: 'idempotent', nonce: 'reminder-42', enforceNonce: true });
    const b = await channel.send({ content: 'idempotent', nonce: 'reminder-42', enforceNonce: true });
    const c = await channel.send({ content: 'not enforced', nonce: 'reminder-42' });
    expect(b.id).toBe(a.id);
    expect(c.id).not.toBe(a.id);
    expect(h.discord.channelMessages(h.channelId).length).toBe(before + 2);
  });

  it('allowed_mentions decides who is pinged', async () => {
    const role = h.discord.createRole(h.guild.id, { name: 'AMA fans', mentionable: true });
    const content = `@everyone <@&${role.id}> <@${h.member.id}> new AMA!`;
    const quiet = await channel.send({ content, allowedMentions: { parse: [] } });
    const loud = await channel.send({ content });
    const onlyUser = await channel.send({ content, allowedMentions: { users: [h.member.id] } });
    expect(h.discord.message(quiet.id)!.pinged).toEqual({ everyone: false, users: [], roles: [] });
    expect(h.discord.message(loud.id)!.pinged).toEqual({ everyone: true, users: [h.member.id], roles: [role.id] });
    expect(h.discord.message(onlyUser.id)!.pinged).toEqual({ everyone: false, users: [h.member.id], roles: [] });
    // Discord refuses parse: ['users'] together with an explicit users list.
    const bad = await channel.send({ content, allowedMentions: { parse: ['users'], users: [h.member.id] } }).catch((e: unknown) => e);
    expect((bad as DiscordAPIError).code).toBe(50035);
    expect(h.discord.takeViolations().map((v) => v.code)).toEqual([50035]);
    // A reply pings the replied-to author only with replied_user.
    const question = h.discord.postMessage({ channelId: h.channelId, userId: h.member.id, content: 'question?' });
    const answer = await channel.send({ content: 'answer', reply: { messageReference: question.id }, allowedMentions: { parse: [], repliedUser: false } });
    expect(h.discord.message(answer.id)!.pinged.users).toEqual([]);
  });

  it('an OpenAPI-invalid body is rejected like Discord and recorded', async () => {
    const err = await h.client.rest.post(Routes.channelMessages(h.channelId), { body: { content: 42, embeds: 'nope' } }).catch((e: unknown) => e);
    expect((err as DiscordAPIError).code).toBe(50035);
    expect((err as DiscordAPIError).status).toBe(400);
    const [v] = h.discord.takeViolations();
    expect(v).toMatchObject({ kind: 'openapi', method: 'POST', route: '/channels/{channel_id}/messages' });
    expect(v!.ajvErrors?.[0]?.instancePath).toBe('/content');
  });

  it('unknown routes fail loudly', async () => {
    const err = await h.client.rest.get('/channels/123456789012345678/nonsense').catch((e: unknown) => e);
    expect((err as DiscordAPIError).status).toBe(404);
    expect(h.discord.takeViolations().map((v) => v.kind)).toEqual(['unknown-route']);
  });

  it('a 429 with retry_after is waited out and retried by discord.js', async () => {
    const rateLimited: RateLimitData[] = [];
    h.client.rest.on(RESTEvents.RateLimited, (d) => rateLimited.push(d));
    const fault = h.discord.faults.add({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 429, retryAfterSeconds: 0.2, scope: 'user', times: 1 });
    const started = Date.now();
    const sent = await channel.send('after a rate limit');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(fault.hits).toBe(1);
    expect(h.discord.message(sent.id)?.content).toBe('after a rate limit');
    expect(rateLimited.length).toBeGreaterThanOrEqual(1);
    expect(h.discord.stats.invalidRequests).toBeGreaterThanOrEqual(1);
  });

  it('a lost response (afterHandling 500) plus nonce retry does not duplicate', async () => {
    h.discord.faults.add({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 500, afterHandling: true, times: 1 });
    const before = h.discord.channelMessages(h.channelId).length;
    // discord.js retries 5xx itself; the nonce makes the retry land on the first message.
    const sent = await channel.send({ content: 'exactly once', nonce: 'once-1', enforceNonce: true });
    expect(h.discord.channelMessages(h.channelId).length).toBe(before + 1);
    expect(h.discord.channelMessages(h.channelId).at(-1)?.id).toBe(sent.id);
  });
});

describe('threads and forums', () => {
  it('startThread: thread id == message id; a second attempt → 160004', async () => {
    const starter = await channel.send('AMA starts now');
    const thread = await starter.startThread({ name: 'AMA: questions' });
    expect(thread.id).toBe(starter.id);
    expect(h.discord.thread(starter.id)).toMatchObject({ type: 11, parent_id: h.channelId, name: 'AMA: questions' });
    await thread.send('first question');
    expect(h.discord.channelMessages(thread.id).map((m) => m.content)).toEqual(['first question']);

    const err = await h.client.rest.post(Routes.threads(h.channelId, starter.id), { body: { name: 'again' } }).catch((e: unknown) => e);
    expect((err as DiscordAPIError).code).toBe(RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage);
    expect(h.discord.takeViolations().map((v) => v.code)).toEqual([160004]);
    expect(h.discord.threadsOf(h.channelId).map((t) => t.id)).toContain(starter.id);
  });

  it('forum posts carry tags and a starter message with the thread id', async () => {
    const forum = (await h.client.channels.fetch(h.forumId)) as ForumChannel;
    expect(forum.availableTags.map((t) => t.name)).toEqual(['AMA', 'Answered']);
    const post = await forum.threads.create({ name: 'AMA archive: Security', message: { content: 'Full transcript below' }, appliedTags: [h.forumTagId] });
    expect(post.appliedTags).toEqual([h.forumTagId]);
    expect(h.discord.channelMessages(post.id).map((m) => [m.id, m.content])).toEqual([[post.id, 'Full transcript below']]);
  });
});

describe('scheduled events and DMs', () => {
  it('creates, starts and lists scheduled events', async () => {
    const guild = h.client.guilds.cache.get(h.guild.id)!;
    const start = new Date(Date.now() + 3600_000);
    const event = await guild.scheduledEvents.create({
      name: 'AMA with Alice',
      scheduledStartTime: start,
      scheduledEndTime: new Date(start.getTime() + 3600_000),
      privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
      entityType: GuildScheduledEventEntityType.External,
      entityMetadata: { location: 'https://discord.com/channels/thread' },
    });
    expect(h.discord.scheduledEvents(h.guild.id).map((e) => [e.id, e.name, e.status])).toEqual([[event.id, 'AMA with Alice', GuildScheduledEventStatus.Scheduled]]);
    await event.setStatus(GuildScheduledEventStatus.Active);
    expect(h.discord.scheduledEvents(h.guild.id)[0]!.status).toBe(GuildScheduledEventStatus.Active);

    const past = await guild.scheduledEvents
      .create({ name: 'too late', scheduledStartTime: new Date(Date.now() - 60_000), scheduledEndTime: new Date(), privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly, entityType: GuildScheduledEventEntityType.External, entityMetadata: { location: 'x' } })
      .catch((e: unknown) => e);
    expect((past as DiscordAPIError).code).toBe(50035);
    expect(h.discord.takeViolations().map((v) => v.code)).toEqual([50035]);
  });

  it('DMs land in dms(user); closed DMs give 50007', async () => {
    const user = await h.client.users.fetch(h.member.id);
    await user.send('Your AMA starts in 10 minutes');
    expect(h.discord.dms(h.member.id).map((m) => m.content)).toEqual(['Your AMA starts in 10 minutes']);
    const shy = h.discord.createMember(h.guild.id, { username: 'shy', acceptsDms: false });
    const err = await (await h.client.users.fetch(shy.id)).send('hi').catch((e: unknown) => e);
    expect((err as DiscordAPIError).code).toBe(RESTJSONErrorCodes.CannotSendMessagesToThisUser);
    // Closed DMs are a normal outcome the bot must handle, not a violation.
    expect(h.discord.violations).toEqual([]);
  });

  it('missing bot permissions → 50013', async () => {
    // Channel overwrite denying Send Messages to the bot's role (the @everyone role would allow it).
    const locked = h.discord.createTextChannel(h.guild.id, {
      name: 'read-only',
      permissionOverwrites: [{ id: h.guild.botRoleId, type: 0, allow: '0', deny: PermissionFlagsBits.SendMessages.toString() }],
    });
    const refusedBefore = h.discord.requestCount('POST /channels/{channel_id}/messages', 403);
    const err = await h.client.rest.post(Routes.channelMessages(locked.id), { body: { content: 'hi' } }).catch((e: unknown) => e);
    expect((err as DiscordAPIError).code).toBe(RESTJSONErrorCodes.MissingPermissions);
    expect((err as DiscordAPIError).status).toBe(403);
    expect(h.discord.requestCount('POST /channels/{channel_id}/messages', 403)).toBe(refusedBefore + 1);
    // Permissions are the server's setup, not a bot bug: answered, counted, not a violation.
    expect(h.discord.violations).toEqual([]);
  });
});
