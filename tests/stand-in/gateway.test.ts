import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChannelType, Client, Events, GatewayIntentBits } from 'discord.js';
import type { GatewayDispatchPayload } from 'discord.js';
import { startHarness } from './harness.js';
import type { Harness } from './harness.js';

let h: Harness;
const raw: GatewayDispatchPayload[] = [];

beforeAll(async () => {
  h = await startHarness();
  h.client.on(Events.Raw, (p: GatewayDispatchPayload) => raw.push(p));
});

afterAll(async () => {
  await h?.close();
});

afterEach(() => {
  h.onInteraction(() => undefined);
  h.discord.assertNoViolations();
});

describe('gateway', () => {
  it('login reaches ready and sees the guild, its channels, roles and the bot member', () => {
    const guild = h.client.guilds.cache.get(h.guild.id);
    expect(guild?.name).toBe('Parley Test Guild');
    expect(h.client.user.id).toBe(h.discord.botUser.id);
    expect(h.client.application.id).toBe(h.discord.applicationId);
    expect(guild?.channels.cache.get(h.channelId)?.type).toBe(ChannelType.GuildText);
    expect(guild?.channels.cache.get(h.forumId)?.type).toBe(ChannelType.GuildForum);
    expect(guild?.members.me?.roles.cache.has(h.guild.botRoleId)).toBe(true);
    expect(guild?.members.me?.permissions.has('ManageEvents')).toBe(true);
    expect(h.discord.commands(h.guild.id).map((c) => c.name).sort()).toEqual(['ama', 'ping']);
  });

  it('delivers dispatches by intent: channel creation yes, MESSAGE_CREATE not without GuildMessages', async () => {
    const before = raw.length;
    const created = h.discord.createTextChannel(h.guild.id, { name: 'later' });
    h.discord.postMessage({ channelId: h.channelId, userId: h.member.id, content: 'hello bot' });
    await h.discord.waitFor(() => h.client.channels.cache.has(created.id));
    const events = raw.slice(before).map((p) => p.t);
    expect(events).toContain('CHANNEL_CREATE');
    expect(events).not.toContain('MESSAGE_CREATE');
  });

  it('a dropped connection RESUMEs, replays what was missed, and later dispatches still arrive', async () => {
    h.onInteraction(async (i) => {
      if (i.isChatInputCommand()) await i.reply(`pong ${i.id}`);
    });
    const resumed = new Promise<number>((resolve) => h.client.once(Events.ShardResume, (_id, replayed) => resolve(replayed)));
    expect(h.discord.dropGatewayConnections()).toBe(1);
    // Dispatched while the bot is disconnected: buffered in the session, replayed on RESUME.
    const missed = await h.discord.runSlashCommand({ guildId: h.guild.id, channelId: h.channelId, userId: h.member.id, command: 'ping' });
    expect(await resumed).toBeGreaterThanOrEqual(1);
    expect((await missed.response()).content).toBe(`pong ${missed.id}`);
    expect(h.discord.stats.gateway.resumes).toBe(1);
    expect(h.discord.stats.gateway.identifies).toBe(1);

    const later = await h.discord.runSlashCommand({ guildId: h.guild.id, channelId: h.channelId, userId: h.member.id, command: 'ping' });
    expect((await later.response()).content).toBe(`pong ${later.id}`);
  });

  it('an invalidated session makes the client IDENTIFY again', async () => {
    h.onInteraction(async (i) => {
      if (i.isChatInputCommand()) await i.reply('still here');
    });
    const identifiesBefore = h.discord.stats.gateway.identifies;
    h.discord.invalidateGatewaySessions();
    await h.discord.waitFor(() => h.discord.stats.gateway.identifies > identifiesBefore && h.discord.gatewaySessions.some((s) => s.connected), {
      // discord.js's SimpleIdentifyThrottler spaces IDENTIFYs 5 s apart.
      timeoutMs: 10_000,
    });
    const ix = await h.discord.runSlashCommand({ guildId: h.guild.id, channelId: h.channelId, userId: h.member.id, command: 'ping' });
    expect((await ix.response()).content).toBe('still here');
  });

  it('a guild created while connected arrives as GUILD_CREATE', async () => {
    const g = h.discord.createGuild({ name: 'Joined later' });
    await h.discord.waitFor(() => h.client.guilds.cache.get(g.id));
    expect(h.client.guilds.cache.get(g.id)?.name).toBe('Joined later');
  });

  it('a wrong token is refused (REST 401, recorded)', async () => {
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: h.discord.apiUrl } });
    await expect(client.login('bm9wZQ.bad.token')).rejects.toThrow(/token/i);
    await client.destroy();
    expect(h.discord.takeViolations().map((v) => v.kind)).toEqual(['auth']);
  });
});
