// IANA time zones through the runtime's own tz database (Intl), so Parley needs no zone data of
// its own and stays as current as Node's ICU. Everything here is pure: an epoch and a zone name
// in, numbers out.

export const UTC = 'UTC';

/** A time of day on a date, as a clock on the wall in some zone shows it. Month is 1–12. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The zone's canonical name for what a moderator typed ("europe/paris" → "Europe/Paris",
 * "US/Eastern" → "America/New_York"), or null if it is not an IANA zone. Abbreviations such as
 * "CET" or "EST" are refused even though Intl accepts some of them: they name a different zone
 * than people mean (Intl reads "EST" as America/Panama, with no daylight saving time).
 */
export function canonicalTimeZone(input: string): string | null {
  const text = input.trim();
  if (/^(utc|gmt|z|etc\/utc|etc\/gmt)$/i.test(text)) return UTC;
  if (!text.includes('/')) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

let zoneList: readonly string[] | null = null;

/** Every zone name the runtime knows, UTC first: what the `timezone` option autocompletes from. */
export function allTimeZones(): readonly string[] {
  zoneList ??= [UTC, ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== UTC)];
  return zoneList;
}

/** What a wall clock in the zone shows at this instant. */
export function wallClockAt(timeZone: string, epochMs: number): WallClock {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  const read = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value);
  return { year: read('year'), month: read('month'), day: read('day'), hour: read('hour'), minute: read('minute'), second: read('second') };
}

/** The zone's offset from UTC at this instant, in minutes (Paris in winter: 60). */
export function offsetMinutesAt(timeZone: string, epochMs: number): number {
  const wall = wallClockAt(timeZone, epochMs);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const wholeSeconds = Math.floor(epochMs / 1_000) * 1_000;
  return Math.round((asUtc - wholeSeconds) / 60_000);
}

/** The weekday (0 = Sunday) the zone's calendar shows at this instant. */
export function weekdayAt(timeZone: string, epochMs: number): number {
  const wall = wallClockAt(timeZone, epochMs);
  return new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay();
}

/**
 * Every instant at which the zone's clocks show this wall-clock time, earliest first: usually
 * one; none in the hour skipped when clocks go forward; two in the hour repeated when they go
 * back. Offsets are looked up a day either side, which covers every real transition.
 */
export function instantsOfWallClock(timeZone: string, wall: WallClock): number[] {
  const local = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const day = 86_400_000;
  const offsets = new Set([local - day, local, local + day].map((probe) => offsetMinutesAt(timeZone, probe)));
  const instants = new Set<number>();
  for (const offset of offsets) {
    const candidate = local - offset * 60_000;
    if (offsetMinutesAt(timeZone, candidate) === offset) instants.add(candidate);
  }
  return [...instants].sort((a, b) => a - b);
}

/** "UTC+01:00", "UTC-03:30", "UTC". */
export function formatUtcOffset(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const sign = minutes > 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
