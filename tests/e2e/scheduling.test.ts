import { GuildScheduledEventEntityType, GuildScheduledEventStatus, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_PERMISSIONS } from '../discord-stand-in/permissions.js';
import type { StandInMember } from '../discord-stand-in/index.js';
import { startLocalParley, type LocalParley } from '../support/local-parley.js';

// Scheduling as moderators and members meet it: typed times echoed back as Discord timestamps,
// the Discord event that follows the session, reminders, reschedules and extensions, refusals.

let world: LocalParley;
let host: StandInMember;

beforeAll(async () => {
  world = await startLocalParley();
  host = world.addMember('salil', { globalName: 'Salil Shetty' });
});

afterAll(async () => {
  await world?.stop();
});

const MINUTE = 60_000;
const events = () => world.discord.scheduledEvents(world.guild.id);
const eventOf = async (sessionId: number) => {
  const eventId = await world.discord.waitFor(async () => (await world.parley.services.sessions.get(world.guild.id, sessionId))?.eventId, {
    description: `the event of session ${sessionId} recorded`,
  });
  return () => events().find((event) => event.id === eventId)!;
};
const timestamps = (text: string) => [...text.matchAll(/<t:(\d+):F>/g)].map((match) => Number(match[1]) * 1_000);
const schedule = (options: Record<string, string | number | boolean>) =>
  world.run(world.moderator, 'ama', { host: host.id, ...options }, { subcommand: 'schedule' });
const ama = (subcommand: string, options: Record<string, string | number | boolean> = {}) => world.run(world.moderator, 'ama', options, { subcommand });

describe('scheduling', () => {
  it('reads a typed time in the chosen zone, echoes it, and creates the Discord event', async () => {
    const { reply, ephemeral } = await schedule({ title: 'Human rights today', start: 'tomorrow 18:00', duration: '2h', timezone: 'Europe/Paris', intro: 'Namaste.' });
    expect(ephemeral).toBe(true);
    const session = (await world.parley.services.sessions.get(world.guild.id, 1))!;
    const paris = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    expect(paris.format(session.startsAt)).toBe('18:00');
    expect(session.startsAt - Date.now()).toBeGreaterThan(6 * 3_600_000);
    expect(session.endsAt - session.startsAt).toBe(120 * MINUTE);
    expect(timestamps(reply)).toEqual([session.startsAt, session.endsAt]);
    expect(reply).toMatch(/Read “tomorrow 18:00” in Europe\/Paris, UTC\+0[12]:00 on that day/);
    // "Tomorrow 18:00" is less than a day away in Paris's evening and more in its morning: a
    // 1-day reminder already past is left out, and the reply says so.
    const oneDayReminderPassed = session.startsAt - session.createdAt < 24 * 60 * MINUTE;
    expect(reply).toContain(
      oneDayReminderPassed
        ? `Reminders 15 minutes before, in <#${world.channelId}>. (1 day before has already passed.)`
        : `Reminders 1 day and 15 minutes before, in <#${world.channelId}>.`,
    );
    expect(reply).toContain('**Interested**');

    const event = (await eventOf(1))();
    expect(event).toMatchObject({
      name: 'AMA with Salil Shetty: Human rights today',
      status: GuildScheduledEventStatus.Scheduled,
      entity_type: GuildScheduledEventEntityType.External,
      entity_metadata: { location: `https://discord.com/channels/${world.guild.id}/${world.channelId}` },
      scheduled_start_time: new Date(session.startsAt).toISOString(),
      scheduled_end_time: new Date(session.endsAt).toISOString(),
    });
    expect(event.description).toContain('Namaste.');
    expect(event.description).toContain(`<#${world.channelId}>`);
    // Nothing is posted in the channel before the start.
    expect(world.discord.channelMessages(world.channelId)).toHaveLength(0);
    const delayed = (await world.parley.queues.discord.getDelayed()).map((job) => job.id);
    expect(delayed).toContain(`remind-${world.guild.id}-1-${15 * MINUTE}-${session.startsAt}`);
    world.discord.assertNoViolations();
  });

  it('moves the times, the jobs, the reminders and the event on /ama reschedule, and cancels the event with the AMA', async () => {
    const before = (await world.parley.services.sessions.get(world.guild.id, 1))!;
    const { reply } = await ama('reschedule', { start: 'in 3 days', session: 1 });
    const after = (await world.parley.services.sessions.get(world.guild.id, 1))!;
    expect(after.endsAt - after.startsAt).toBe(before.endsAt - before.startsAt);
    expect(Math.abs(after.startsAt - (Date.now() + 3 * 24 * 3_600_000))).toBeLessThan(10_000);
    expect(timestamps(reply).slice(0, 2)).toEqual([after.startsAt, after.endsAt]);
    expect(reply).toContain(`It was <t:${before.startsAt / 1_000}:F>`);

    const lifecycle = (await world.parley.queues.lifecycle.getDelayed()).map((job) => job.id);
    expect(lifecycle).toContain(`open-${world.guild.id}-1-${after.startsAt}`);
    expect(lifecycle).not.toContain(`open-${world.guild.id}-1-${before.startsAt}`);
    expect(lifecycle).not.toContain(`close-${world.guild.id}-1-${before.endsAt}`);
    const reminders = (await world.parley.queues.discord.getDelayed()).map((job) => job.id).filter((id) => id?.startsWith('remind-'));
    expect(reminders.sort()).toEqual([`remind-${world.guild.id}-1-${15 * MINUTE}-${after.startsAt}`, `remind-${world.guild.id}-1-86400000-${after.startsAt}`].sort());

    const event = await eventOf(1);
    await world.discord.waitFor(() => event().scheduled_start_time === new Date(after.startsAt).toISOString(), { description: 'the event moved' });
    expect(event().scheduled_end_time).toBe(new Date(after.endsAt).toISOString());

    await ama('cancel', { session: 1 });
    await world.discord.waitFor(() => event().status === GuildScheduledEventStatus.Canceled, { description: 'the event cancelled' });
    expect((await world.parley.queues.discord.getDelayed()).filter((job) => job.id?.startsWith('remind-'))).toHaveLength(0);
    world.discord.assertNoViolations();
  });

  it('posts a reminder pinging only the chosen role, then starts, extends and ends the event with the session', async () => {
    const role = world.discord.createRole(world.guild.id, { name: 'AMA fans', mentionable: true });
    const { reply } = await schedule({ title: 'Reminded', start: 'in 63 seconds', reminders: '1m', reminder_role: role.id, duration: '1h' });
    expect(reply).toContain(`Reminders 1 minute before, in <#${world.channelId}>, pinging <@&${role.id}>`);
    const sessionId = Number(/AMA \*\*#(\d+)\*\*/.exec(reply)![1]);
    const event = await eventOf(sessionId);

    const reminder = await world.discord.waitFor(() => world.discord.channelMessages(world.channelId).find((m) => m.content.includes('⏰')), {
      description: 'the reminder',
      timeoutMs: 20_000,
    });
    expect(reminder.content).toContain('AMA with Salil Shetty — Reminded');
    expect(reminder.content).toContain(`https://discord.com/events/${world.guild.id}/${event().id}`);
    expect(reminder.pinged).toEqual({ everyone: false, users: [], roles: [role.id] });

    await ama('start', { session: sessionId });
    await world.discord.waitFor(() => event().status === GuildScheduledEventStatus.Active, { description: 'the event active' });
    const intro = await world.discord.waitFor(() => world.discord.channelMessages(world.channelId).find((m) => m.content.includes('## AMA with Salil Shetty — Reminded')), {
      description: 'the intro',
    });

    const before = (await world.parley.services.sessions.get(world.guild.id, sessionId))!;
    const extended = await ama('extend', { by: '30m', session: sessionId });
    expect(extended.reply).toContain('30 minutes later than before');
    const newEnd = before.endsAt + 30 * MINUTE;
    await world.discord.waitFor(() => event().scheduled_end_time === new Date(newEnd).toISOString(), { description: 'the event extended' });
    await world.discord.waitFor(() => world.discord.message(intro.id)?.content.includes(`<t:${Math.floor(newEnd / 1_000)}:F>`), { description: 'the intro shows the new end' });
    const lifecycle = (await world.parley.queues.lifecycle.getDelayed()).map((job) => job.id);
    expect(lifecycle).toContain(`close-${world.guild.id}-${sessionId}-${newEnd}`);
    expect(lifecycle).not.toContain(`close-${world.guild.id}-${sessionId}-${before.endsAt}`);

    await ama('end', { session: sessionId });
    await world.discord.waitFor(() => event().status === GuildScheduledEventStatus.Completed, { description: 'the event completed' });
    world.discord.assertNoViolations();
  });

  it('runs the session without an event when the bot lacks Manage Events, and says what is missing', async () => {
    world.discord.setBotPermissions(world.guild.id, DEFAULT_BOT_PERMISSIONS & ~PermissionFlagsBits.ManageEvents & ~PermissionFlagsBits.CreateEvents);
    try {
      const count = events().length;
      const { reply } = await schedule({ title: 'No event', duration: '2h' });
      expect(reply).toContain('open now');
      expect(reply).toContain("I couldn't create a Discord event: I need the **Manage Events** permission");
      const sessionId = Number(/AMA \*\*#(\d+)\*\*/.exec(reply)![1]);
      await world.discord.waitFor(() => world.discord.channelMessages(world.channelId).find((m) => m.content.includes('## AMA with Salil Shetty — No event')), { description: 'the intro' });
      const asked = await world.run(host, 'ask', { question: 'Does it work without an event?', session: sessionId });
      expect(asked.reply).toContain('**Q1**');
      const list = await ama('list');
      expect(list.reply).toMatch(new RegExp(`#${sessionId} · AMA with Salil Shetty — No event · until <t:\\d+:F>.*no Discord event \\(I need Manage Events\\)`));
      expect(events()).toHaveLength(count);
      await ama('end', { session: sessionId });
    } finally {
      world.discord.setBotPermissions(world.guild.id, DEFAULT_BOT_PERMISSIONS);
    }
    world.discord.assertNoViolations();
  });
});

describe('time zones and refusals', () => {
  it('autocompletes IANA zones and reads times in the server zone once set', async () => {
    const choices = await world.discord.autocomplete({
      guildId: world.guild.id,
      channelId: world.channelId,
      userId: world.moderator.id,
      command: 'ama',
      subcommand: 'schedule',
      options: { host: host.id, title: 'x' },
      focused: 'timezone',
      value: 'new york',
    });
    expect(choices[0]).toEqual({ name: expect.stringMatching(/^America\/New_York \(UTC-0[45]:00\)$/), value: 'America/New_York' });

    const refused = await ama('settings', { timezone: 'Mars/Olympus' });
    expect(refused.reply).toMatch(/I don't know the time zone “Mars\/Olympus”.*Europe\/Paris/);
    const set = await ama('settings', { timezone: 'asia/tokyo' });
    expect(set.reply).toContain('now read in **Asia/Tokyo** (UTC+09:00 now)');
    expect((await ama('settings')).reply).toContain('**Asia/Tokyo**');

    const year = new Date().getUTCFullYear() + 1;
    const { reply } = await schedule({ title: 'Tokyo time', start: `${year}-03-01 09:00`, reminders: 'none' });
    expect(timestamps(reply)[0]).toBe(Date.UTC(year, 2, 1, 0, 0));
    expect(reply).toContain('No reminders.');
  });

  it('refuses past, ambiguous and unreadable starts with a reason and an example, creating nothing', async () => {
    const count = (await world.parley.services.sessions.list(world.guild.id, 100)).length;
    const past = await schedule({ title: 'Past', start: '2020-01-01 10:00' });
    expect(past.reply).toMatch(/is in the past \(<t:\d+:F>\).*`tomorrow 18:00`/);
    const friday = await schedule({ title: 'Vague', start: 'tomorrow at 7' });
    expect(friday.reply).toMatch(/could be morning or evening: write `7am`, `7pm` or `19:00`/);
    const nonsense = await schedule({ title: 'Nonsense', start: 'when the stars align' });
    expect(nonsense.reply).toMatch(/I can't read “when the stars align” as a time\. Examples: `tomorrow 18:00`/);
    expect(nonsense.ephemeral).toBe(true);
    const everyone = await schedule({ title: 'Everyone', start: 'in 2 days', reminder_role: world.guild.id });
    expect(everyone.reply).toBe('Reminders ping one role, never @everyone. Pick a role members join to hear about AMAs.');
    expect((await world.parley.services.sessions.list(world.guild.id, 100)).length).toBe(count);
    world.discord.assertNoViolations();
  });

  it('lists open, upcoming and recently ended sessions with full timestamps', async () => {
    await schedule({ title: 'Open one', duration: '3h' });
    const { reply } = await ama('list');
    expect(reply).toContain("**This server's AMAs** (times in your own time zone)");
    const open = reply.indexOf('__Open now__');
    const upcoming = reply.indexOf('__Upcoming__');
    const ended = reply.indexOf('__Recently ended__');
    expect(open).toBeGreaterThan(-1);
    expect(upcoming).toBeGreaterThan(open);
    expect(ended).toBeGreaterThan(upcoming);
    expect(reply).toMatch(/Open one · until <t:\d+:F> \(<t:\d+:R>\)/);
    expect(reply).toMatch(/Tokyo time · <t:\d+:F>/);
    expect(reply).toMatch(/Human rights today · cancelled/);
  });
});
