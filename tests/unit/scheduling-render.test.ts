import { GuildScheduledEventStatus } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { describeDuration, listDurations } from '../../bot/render/duration.js';
import { renderReminderMessage } from '../../bot/render/reminder.js';
import { renderScheduleReply } from '../../bot/render/schedule-reply.js';
import { renderScheduledEvent } from '../../bot/render/scheduled-event.js';
import { renderSessionOverview } from '../../bot/render/session-summary.js';
import { canonicalTimeZone, instantsOfWallClock, offsetMinutesAt } from '../../bot/time-zones.js';
import { pickTimeZone, timeZoneChoices } from '../../commands/ama/time-zone-choices.js';
import { canPingRole, eventProblemFor } from '../../commands/ama/event-permission.js';
import type { ScheduledEventState } from '../../jobs/discord-events-rest.js';
import { draftEvent, EVENT_START_MARGIN_MS, planEventSync } from '../../jobs/processors/event-plan.js';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { GUILD_ID, parlioSession } from './support/parlio.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = Date.UTC(2026, 10, 29, 12, 0);
const { Scheduled, Active, Completed, Canceled } = GuildScheduledEventStatus;

const session = (overrides: Parameters<typeof parlioSession>[0] = {}) =>
  parlioSession({ status: 'scheduled', startsAt: NOW + 2 * HOUR, endsAt: NOW + 5 * HOUR, closedAt: null, openedAt: null, reminderOffsets: [24 * HOUR, 15 * MINUTE], timeZone: 'Europe/Paris', ...overrides });

function eventLike(s: ReturnType<typeof session>, overrides: Partial<ScheduledEventState> = {}): ScheduledEventState {
  const text = renderScheduledEvent(s);
  return { id: '9', status: Scheduled, name: text.name, description: text.description, location: text.location, startsAt: s.startsAt, endsAt: s.endsAt, creatorId: '1', createdAt: NOW, ...overrides };
}

describe('the Discord event', () => {
  it('names the AMA, links its channel, and keeps the description under 1000 characters', () => {
    const text = renderScheduledEvent(session({ intro: 'word '.repeat(1_000), title: 'T'.repeat(200) }));
    expect(text.name.length).toBeLessThanOrEqual(100);
    expect(text.name.startsWith('AMA with Salil Shetty: TTT')).toBe(true);
    expect(text.description.length).toBeLessThanOrEqual(1000);
    expect(text.description).toMatch(/^Hosted by Salil Shetty \(Secretary General/);
    expect(text.description).toMatch(/Ask your questions in <#300000000000000001> with \/ask\. · AMA #3$/);
    expect(text.location).toBe(`https://discord.com/channels/${GUILD_ID}/300000000000000001`);
  });

  it('is created at the session times, or just ahead of now when the start is due', () => {
    const text = renderScheduledEvent(session());
    expect(draftEvent(session(), text, NOW)).toMatchObject({ startsAt: NOW + 2 * HOUR, endsAt: NOW + 5 * HOUR });
    const due = session({ startsAt: NOW - MINUTE, endsAt: NOW + 30_000 });
    expect(draftEvent(due, text, NOW)).toMatchObject({ startsAt: NOW + EVENT_START_MARGIN_MS, endsAt: NOW + 2 * EVENT_START_MARGIN_MS });
  });

  it('plans only legal status moves, in order', () => {
    const s = session();
    const text = renderScheduledEvent(s);
    expect(planEventSync(s, eventLike(s), text, NOW)).toEqual([]);
    expect(planEventSync({ ...s, status: 'open' }, eventLike(s), text, NOW)).toEqual([{ status: Active }]);
    expect(planEventSync({ ...s, status: 'closed' }, eventLike(s), text, NOW)).toEqual([{ status: Active }, { status: Completed }]);
    expect(planEventSync({ ...s, status: 'closed' }, eventLike(s, { status: Active }), text, NOW)).toEqual([{ status: Completed }]);
    expect(planEventSync({ ...s, status: 'cancelled' }, eventLike(s), text, NOW)).toEqual([{ status: Canceled }]);
    expect(planEventSync({ ...s, status: 'cancelled' }, eventLike(s, { status: Active }), text, NOW)).toEqual([{ status: Completed }]);
    for (const ended of [Completed, Canceled]) expect(planEventSync({ ...s, status: 'open' }, eventLike(s, { status: ended }), text, NOW)).toEqual([]);
  });

  it('moves times with a reschedule and the end with an extension, never a start into the past', () => {
    const s = session();
    const text = renderScheduledEvent(s);
    const moved = { ...s, startsAt: s.startsAt + HOUR, endsAt: s.endsAt + HOUR };
    expect(planEventSync(moved, eventLike(s), text, NOW)).toEqual([{ startsAt: moved.startsAt, endsAt: moved.endsAt }]);
    const soon = { ...s, startsAt: NOW + 10_000, endsAt: s.endsAt };
    expect(planEventSync(soon, eventLike(s), text, NOW)).toEqual([]);
    const extended = { ...s, status: 'open' as const, endsAt: s.endsAt + HOUR };
    expect(planEventSync(extended, eventLike(s, { status: Active }), text, NOW)).toEqual([{ endsAt: extended.endsAt }]);
    expect(planEventSync(extended, eventLike(s), text, NOW)).toEqual([{ status: Active, endsAt: extended.endsAt }]);
    expect(planEventSync(s, eventLike(s, { name: 'old' }), text, NOW)).toEqual([{ name: text.name }]);
  });
});

describe('reminders and replies', () => {
  it('pings the chosen role only, or nobody', () => {
    const withRole = renderReminderMessage(session({ reminderRoleId: '500000000000000001', eventId: '600000000000000001' }));
    expect(withRole.allowed_mentions).toEqual({ parse: [], roles: ['500000000000000001'] });
    expect(withRole.content).toContain('<@&500000000000000001>');
    expect(withRole.content).toContain(`https://discord.com/events/${GUILD_ID}/600000000000000001`);
    expect(withRole.content).toContain(`<t:${(NOW + 2 * HOUR) / 1000}:F>`);
    const silent = renderReminderMessage(session({ title: '@everyone <@&1> hi', collectEarly: true }));
    expect(silent.allowed_mentions).toEqual({ parse: [] });
    expect(silent.content).toContain('ask yours now');
  });

  it('echoes the times read, the reminders planned, and what is missing', () => {
    const reply = renderScheduleReply({ session: session(), now: NOW, opensNow: false, typedStart: 'tomorrow 18:00', eventWarning: 'NO EVENT', roleWarning: null });
    expect(reply).toContain(`It opens <t:${(NOW + 2 * HOUR) / 1000}:F>`);
    expect(reply).toContain('after 3 hours');
    expect(reply).toContain('(Read “tomorrow 18:00” in Europe/Paris, UTC+01:00 on that day.)');
    expect(reply).toContain('Reminders 15 minutes before, in <#300000000000000001>. (1 day before has already passed.)');
    expect(reply).toContain('NO EVENT');
    const open = renderScheduleReply({ session: session({ status: 'open' }), now: NOW, opensNow: true, typedStart: null, eventWarning: null, roleWarning: null });
    expect(open).toMatch(/open now.*\n.*Interested/);
    expect(open).not.toContain('Reminders');
  });

  it('says lengths as people do', () => {
    expect(describeDuration(90 * MINUTE)).toBe('1 hour 30 minutes');
    expect(describeDuration(6 * 24 * HOUR)).toBe('6 days');
    expect(describeDuration(20_000)).toBe('less than a minute');
    expect(listDurations([24 * HOUR, HOUR, 15 * MINUTE])).toBe('1 day, 1 hour and 15 minutes');
  });
});

describe('/ama list', () => {
  it('groups open, upcoming and recently ended sessions, soonest first, with each reader’s time', () => {
    const list = renderSessionOverview(
      [
        session({ id: 5, startsAt: NOW + 48 * HOUR, endsAt: NOW + 50 * HOUR }),
        session({ id: 4, startsAt: NOW + 2 * HOUR, eventProblem: 'missing-permission' }),
        session({ id: 3, status: 'open', startsAt: NOW - HOUR, endsAt: NOW + HOUR }),
        session({ id: 2, status: 'closed', closedAt: NOW - HOUR }),
        session({ id: 1, status: 'closed', closedAt: NOW - 30 * 24 * HOUR }),
      ],
      NOW,
    ).content;
    const lines = list.split('\n');
    expect(lines[0]).toBe("**This server's AMAs** (times in your own time zone)");
    expect(lines.slice(1).map((line) => line.slice(0, 16))) // first 16 characters.toEqual(['__Open now__', '#3 · AMA with Sa', '__Upcoming__', '#4 · AMA with Sa', '#5 · AMA with Sa', '__Recently ended', '#2 · AMA with Sa']);
    expect(list).toContain(`until <t:${(NOW + HOUR) / 1000}:F> (<t:${(NOW + HOUR) / 1000}:R>)`);
    expect(lines[4]).toContain('no Discord event (I need Manage Events)');
    expect(renderSessionOverview([], NOW).content).toContain('Nothing upcoming');
  });
});

describe('time zones', () => {
  it('accepts IANA names in any case and aliases, refuses abbreviations and nonsense', () => {
    expect(canonicalTimeZone('europe/paris')).toBe('Europe/Paris');
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('US/Eastern')).toBe('America/New_York');
    expect(canonicalTimeZone('EST')).toBeNull();
    expect(canonicalTimeZone('Mars/Olympus')).toBeNull();
    expect(pickTimeZone(null, 'Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(pickTimeZone(null, null)).toBe('UTC');
    expect(() => pickTimeZone('CET', null)).toThrow(/IANA name like `Europe\/Paris`/);
  });

  it('computes offsets and finds skipped and repeated wall-clock times', () => {
    expect(offsetMinutesAt('Europe/Paris', NOW)).toBe(60);
    expect(offsetMinutesAt('Asia/Kathmandu', NOW)).toBe(345);
    expect(offsetMinutesAt('America/St_Johns', NOW)).toBe(-210);
    const wall = { year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0 };
    expect(instantsOfWallClock('Europe/Paris', wall)).toEqual([]);
    expect(instantsOfWallClock('Europe/Paris', { ...wall, month: 10, day: 25 })).toEqual([Date.UTC(2026, 9, 25, 0, 30), Date.UTC(2026, 9, 25, 1, 30)]);
    expect(instantsOfWallClock('UTC', wall)).toEqual([Date.UTC(2026, 2, 29, 2, 30)]);
  });

  it('autocompletes with the offset now, places starting with the text first, the server zone first when empty', () => {
    expect(timeZoneChoices('paris', null, NOW)[0]).toEqual({ name: 'Europe/Paris (UTC+01:00)', value: 'Europe/Paris' });
    expect(timeZoneChoices('', 'Asia/Tokyo', NOW).slice(0, 2).map((c) => c.value)).toEqual(['Asia/Tokyo', 'UTC']);
    expect(timeZoneChoices('america/', null, NOW)).toHaveLength(25);
    expect(timeZoneChoices('US/Pacific', null, NOW)[0]!.value).toBe('America/Los_Angeles');
    expect(timeZoneChoices('zzzz', null, NOW)).toEqual([]);
  });

  it('knows when the bot may keep events and ping a role', () => {
    expect(eventProblemFor(PermissionFlagsBits.ManageEvents | PermissionFlagsBits.SendMessages)).toBeNull();
    expect(eventProblemFor(PermissionFlagsBits.CreateEvents)).toBe('missing-permission');
    expect(eventProblemFor(PermissionFlagsBits.Administrator)).toBeNull();
    expect(eventProblemFor(null)).toBeNull();
    expect(canPingRole({ mentionable: true }, 0n)).toBe(true);
    expect(canPingRole({ mentionable: false }, PermissionFlagsBits.MentionEveryone)).toBe(true);
    expect(canPingRole({ mentionable: false }, PermissionFlagsBits.SendMessages)).toBe(false);
  });
});

describe('replies to changed plans', () => {
  it('say what now shows the new end, leaving out an event that does not exist', async () => {
    const { renderExtendReply, renderRescheduleReply } = await import('../../bot/render/schedule-reply.js');
    const open = session({ status: 'open', endsAt: NOW + 6 * HOUR });
    expect(renderExtendReply(open, { endsAt: NOW + 5 * HOUR })).toBe(
      `AMA **#3** now ends <t:${(NOW + 6 * HOUR) / 1000}:F> (<t:${(NOW + 6 * HOUR) / 1000}:R>), 1 hour later than before. The intro and its Discord event show the new end.`,
    );
    expect(renderExtendReply({ ...open, eventProblem: 'missing-permission' }, { endsAt: NOW + 5 * HOUR })).toMatch(/before\. The intro shows the new end\.$/);
    expect(renderExtendReply(session({ eventProblem: 'deleted' }), { endsAt: NOW + 4 * HOUR })).toMatch(/1 hour later than before\.$/);
    expect(renderExtendReply(session(), { endsAt: NOW + 4 * HOUR })).toMatch(/Its Discord event shows the new end\.$/);
    const moved = renderRescheduleReply(session(), { startsAt: NOW + HOUR, endsAt: NOW + 4 * HOUR }, 'in 2 hours', NOW);
    expect(moved).toContain(`It was <t:${(NOW + HOUR) / 1000}:F>. Reminders 15 minutes before`);
    expect(moved).toMatch(/Its Discord event moves with it\.$/);
  });
});
