import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../bot/errors.js';
import { DEFAULT_DURATION, DEFAULT_REMINDERS, parseDuration, parseLength, parseReminders, parseStart } from '../../bot/time-input.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Sunday 29 November 2026, 12:00 UTC. */
const NOW = Date.UTC(2026, 10, 29, 12, 0);
const utc = { now: NOW, timeZone: 'UTC' };
const paris = { now: NOW, timeZone: 'Europe/Paris' };

describe('parseStart: formats that worked before', () => {
  it('reads now, an empty option, UTC date-times and ISO 8601 with or without an offset', () => {
    expect(parseStart(null, utc)).toBe(NOW);
    expect(parseStart('  NOW ', utc)).toBe(NOW);
    expect(parseStart('2026-12-01 18:00', utc)).toBe(Date.UTC(2026, 11, 1, 18, 0));
    expect(parseStart('2026-12-01T18:00', utc)).toBe(Date.UTC(2026, 11, 1, 18, 0));
    expect(parseStart('2026-12-01T18:00:00Z', utc)).toBe(Date.UTC(2026, 11, 1, 18, 0));
    expect(parseStart('2026-12-01T18:00:00+02:00', utc)).toBe(Date.UTC(2026, 11, 1, 16, 0));
  });

  it('reads date-times without an offset in the chosen zone, and an explicit offset wins over it', () => {
    expect(parseStart('2026-12-01 18:00', paris)).toBe(Date.UTC(2026, 11, 1, 17, 0));
    expect(parseStart('2026-12-01T18:00:00+02:00', paris)).toBe(Date.UTC(2026, 11, 1, 16, 0));
    expect(parseStart('2026-12-01 18:00', { now: NOW, timeZone: 'America/New_York' })).toBe(Date.UTC(2026, 11, 1, 23, 0));
    expect(parseStart('2026-12-01 18:00', { now: NOW, timeZone: 'Asia/Kathmandu' })).toBe(Date.UTC(2026, 11, 1, 12, 15));
  });

  it('refuses impossible dates and unreadable text with an example that is in the future', () => {
    expect(() => parseStart('2026-02-30 10:00', utc)).toThrow(/not a real date/);
    expect(() => parseStart('2026-12-01 24:10', utc)).toThrow(UserError);
    expect(() => parseStart('whenever you like', utc)).toThrow(/can't read .*2027-12-01 18:00/);
    expect(() => parseStart('whenever', paris)).toThrow(/read in Europe\/Paris \(UTC\+01:00 now\)/);
  });
});

describe('parseStart: what moderators write', () => {
  it('reads relative days, weekdays, 12-hour clocks and delays', () => {
    expect(parseStart('tomorrow 18:00', utc)).toBe(Date.UTC(2026, 10, 30, 18, 0));
    expect(parseStart('tomorrow at 6pm', paris)).toBe(Date.UTC(2026, 10, 30, 17, 0));
    expect(parseStart('next friday 7pm', utc)).toBe(Date.UTC(2026, 11, 4, 19, 0));
    expect(parseStart('wednesday 18:30', utc)).toBe(Date.UTC(2026, 11, 2, 18, 30));
    expect(parseStart('in 2 hours', utc)).toBe(NOW + 2 * HOUR);
    expect(parseStart('in 90 minutes', paris)).toBe(NOW + 90 * MINUTE);
    expect(parseStart('in 2 days', paris)).toBe(NOW + 2 * DAY);
    expect(parseStart('Dec 1 6pm', utc)).toBe(Date.UTC(2026, 11, 1, 18, 0));
    expect(parseStart('1 December 2026 at 18:00', utc)).toBe(Date.UTC(2026, 11, 1, 18, 0));
    expect(parseStart('on friday at 18:00', utc)).toBe(Date.UTC(2026, 11, 4, 18, 0));
  });

  it('reads a time of day as the next time the clock shows it', () => {
    expect(parseStart('18:00', utc)).toBe(Date.UTC(2026, 10, 29, 18, 0));
    expect(parseStart('9am', utc)).toBe(Date.UTC(2026, 10, 30, 9, 0));
  });

  it('honours a zone named in the text', () => {
    expect(parseStart('tomorrow 18:00 CET', utc)).toBe(Date.UTC(2026, 10, 30, 17, 0));
    expect(parseStart('Dec 1st 2026 18:00 UTC', paris)).toBe(Date.UTC(2026, 11, 1, 18, 0));
  });

  it('refuses a weekday that is also today, unless it says next', () => {
    const friday = { now: Date.UTC(2026, 10, 27, 12, 0), timeZone: 'UTC' };
    expect(() => parseStart('friday 18:00', friday)).toThrow(/today or a week from today.*next friday 18:00/);
    expect(() => parseStart('friday', friday)).toThrow(UserError);
    expect(parseStart('next friday 18:00', friday)).toBe(Date.UTC(2026, 11, 4, 18, 0));
    expect(parseStart('today 18:00', friday)).toBe(Date.UTC(2026, 10, 27, 18, 0));
    // Friday already in Paris while it is still Thursday in UTC.
    const lateThursday = { now: Date.UTC(2026, 10, 26, 23, 30), timeZone: 'Europe/Paris' };
    expect(() => parseStart('friday 18:00', lateThursday)).toThrow(/today or a week/);
    expect(parseStart('friday 18:00', { ...lateThursday, timeZone: 'UTC' })).toBe(Date.UTC(2026, 10, 27, 18, 0));
  });

  it('refuses a date without a time, an hour without am/pm, and a bare "18h"', () => {
    expect(() => parseStart('tomorrow', utc)).toThrow(/needs a time of day, like `tomorrow 18:00`/);
    expect(() => parseStart('2026-12-01', utc)).toThrow(/needs a time of day/);
    expect(() => parseStart('tomorrow at 7', utc)).toThrow(/`7am`, `7pm` or `19:00`/);
    expect(parseStart('tomorrow 7:30', utc)).toBe(Date.UTC(2026, 10, 30, 7, 30));
    expect(() => parseStart('18h', utc)).toThrow(/time of day or a delay/);
  });

  it('refuses text with more than one time, or with words it could not read', () => {
    expect(() => parseStart('tomorrow 18:00 and friday', utc)).toThrow(/more than one time/);
    expect(() => parseStart('tomorrow 18:00 sharp-ish', utc)).toThrow(/but not “sharp-ish”/);
  });

  it('refuses the past, with a minute of grace for "12:00" typed at 12:00:40', () => {
    expect(() => parseStart('2020-01-01 10:00', utc)).toThrow(/is in the past \(<t:1577872800:F>\)/);
    expect(() => parseStart('today 9am', utc)).toThrow(/in the past/);
    expect(parseStart('today 12:00', { now: NOW + 40_000, timeZone: 'UTC' })).toBe(NOW + 40_000);
  });
});

describe('parseStart across daylight saving time', () => {
  // Paris: clocks go forward at 02:00 on Sunday 29 March 2026 and back at 03:00 on Sunday 25 October 2026.
  const beforeSpring = { now: Date.UTC(2026, 2, 27, 12, 0), timeZone: 'Europe/Paris' }; // Friday, UTC+1

  it('uses the offset of the date typed, not of today', () => {
    expect(parseStart('sunday 18:00', beforeSpring)).toBe(Date.UTC(2026, 2, 29, 16, 0)); // UTC+2 by then
    expect(parseStart('2026-03-29 18:00', beforeSpring)).toBe(Date.UTC(2026, 2, 29, 16, 0));
    expect(parseStart('saturday 18:00', beforeSpring)).toBe(Date.UTC(2026, 2, 28, 17, 0)); // still UTC+1
    const beforeAutumn = { now: Date.UTC(2026, 9, 23, 12, 0), timeZone: 'Europe/Paris' };
    expect(parseStart('monday 9am', beforeAutumn)).toBe(Date.UTC(2026, 9, 26, 8, 0));
  });

  it('keeps the wall-clock time for "in 2 days" and the exact delay for "in 3 hours"', () => {
    const saturdayNight = { now: Date.UTC(2026, 2, 28, 23, 0), timeZone: 'Europe/Paris' }; // 00:00 local, UTC+1
    expect(parseStart('in 3 hours', saturdayNight)).toBe(saturdayNight.now + 3 * HOUR);
    expect(parseStart('in 2 days', saturdayNight)).toBe(Date.UTC(2026, 2, 30, 22, 0)); // 00:00 local, UTC+2
  });

  it('refuses a time the clocks skip, and a time that happens twice unless its offset is given', () => {
    expect(() => parseStart('2026-03-29 02:30', beforeSpring)).toThrow(/does not exist in Europe\/Paris/);
    const october = { now: Date.UTC(2026, 9, 20, 12, 0), timeZone: 'Europe/Paris' };
    expect(() => parseStart('2026-10-25 02:30', october)).toThrow(/happens twice.*`2026-10-25T02:30\+02:00` \(the first\) or `2026-10-25T02:30\+01:00`/);
    expect(parseStart('2026-10-25T02:30+02:00', october)).toBe(Date.UTC(2026, 9, 25, 0, 30));
    expect(parseStart('2026-10-25T02:30+01:00', october)).toBe(Date.UTC(2026, 9, 25, 1, 30));
    const newYork = { now: Date.UTC(2026, 9, 20, 12, 0), timeZone: 'America/New_York' };
    expect(() => parseStart('2026-11-01 01:30', newYork)).toThrow(/happens twice/);
    expect(parseStart('2026-11-01 03:00', newYork)).toBe(Date.UTC(2026, 10, 1, 8, 0));
  });
});

describe('parseStart does not depend on the server clock zone', () => {
  const original = process.env.TZ;
  afterEach(() => {
    process.env.TZ = original;
  });

  it('gives the same instants with the process in another zone', () => {
    const expected = [parseStart('tomorrow 18:00', paris), parseStart('next friday 7pm', paris), parseStart('2026-12-01 18:00', paris)];
    for (const zone of ['America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Auckland']) {
      process.env.TZ = zone;
      expect([parseStart('tomorrow 18:00', paris), parseStart('next friday 7pm', paris), parseStart('2026-12-01 18:00', paris)]).toEqual(expected);
    }
  });
});

describe('parseDuration and parseLength', () => {
  it('reads minutes, hours, days and sums of them', () => {
    expect(parseDuration(null)).toBe(DEFAULT_DURATION);
    expect(parseDuration('90m')).toBe(90 * MINUTE);
    expect(parseDuration('2h')).toBe(2 * HOUR);
    expect(parseDuration('6d')).toBe(6 * DAY);
    expect(parseDuration('1.5h')).toBe(90 * MINUTE);
    expect(parseDuration('2 hours')).toBe(2 * HOUR);
    expect(parseDuration('2h30m')).toBe(150 * MINUTE);
    expect(parseDuration('1 day 12 hours')).toBe(36 * HOUR);
    expect(parseDuration('1h, 15 min')).toBe(75 * MINUTE);
  });

  it('refuses bare numbers, nonsense and lengths outside 1 minute to 31 days', () => {
    expect(() => parseDuration('90')).toThrow(/as a duration/);
    expect(() => parseDuration('soon')).toThrow(/as a duration/);
    expect(() => parseDuration('2 fortnights')).toThrow(/as a duration/);
    expect(() => parseDuration('2h tomorrow')).toThrow(/as a duration/);
    expect(() => parseDuration('30s')).toThrow(/between 1 minute and 31 days/);
    expect(() => parseDuration('40d')).toThrow(/between 1 minute and 31 days/);
  });

  it('reads an end time from the start onwards', () => {
    const startsAt = Date.UTC(2026, 11, 1, 17, 0); // 18:00 in Paris
    expect(parseLength('until 20:00', { startsAt, timeZone: 'Europe/Paris' })).toBe(2 * HOUR);
    expect(parseLength('until friday 18:00', { startsAt, timeZone: 'Europe/Paris' })).toBe(3 * DAY);
    expect(parseLength('3h', { startsAt, timeZone: 'Europe/Paris' })).toBe(3 * HOUR);
    expect(parseLength(null, { startsAt, timeZone: 'UTC' })).toBe(DEFAULT_DURATION);
    expect(() => parseLength('until 2026-11-30 10:00', { startsAt, timeZone: 'UTC' })).toThrow(/end .* before it starts/);
  });
});

describe('parseReminders', () => {
  it('defaults to a day and 15 minutes before, longest first, and reads lists and none', () => {
    expect(parseReminders(null)).toEqual([...DEFAULT_REMINDERS]);
    expect(DEFAULT_REMINDERS).toEqual([DAY, 15 * MINUTE]);
    expect(parseReminders('15m, 1d')).toEqual([DAY, 15 * MINUTE]);
    expect(parseReminders('2h and 10 minutes')).toEqual([2 * HOUR, 10 * MINUTE]);
    expect(parseReminders('1h,60m')).toEqual([HOUR]);
    expect(parseReminders('none')).toEqual([]);
  });

  it('refuses offsets it cannot use, and too many', () => {
    expect(() => parseReminders('soon')).toThrow(/as a reminder/);
    expect(() => parseReminders('10s')).toThrow(/between 1 minute and 30 days/);
    expect(() => parseReminders('1m,2m,3m,4m,5m,6m')).toThrow(/At most 5/);
  });
});
