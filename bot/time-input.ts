import * as chrono from 'chrono-node';
import ms from 'ms';
import { UserError } from './errors.js';
import { fullDateTime } from './render/timestamps.js';
import { formatUtcOffset, instantsOfWallClock, offsetMinutesAt, wallClockAt, weekdayAt, type WallClock } from './time-zones.js';

// What moderators type for a session's start, length and reminders. Natural language goes
// through chrono-node; the wall-clock time it reads is then placed in the chosen IANA zone with
// the zone's rules *on that date*, so "next friday 18:00" in Paris is 18:00 Paris time even when
// the clocks change between now and then. Everything here is pure: `now` is passed in.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
export const DEFAULT_DURATION = HOUR;
export const MIN_DURATION = MINUTE;
export const MAX_DURATION = 31 * DAY;
/** A start typed as "12:00" at 12:00:40 means now, not "refused: in the past". */
const PAST_GRACE_MS = MINUTE;

export const DEFAULT_REMINDERS: readonly number[] = [DAY, 15 * MINUTE];
export const MAX_REMINDERS = 5;
const MIN_REMINDER = MINUTE;
const MAX_REMINDER = 30 * DAY;

export interface TimeContext {
  /** Epoch ms: what "tomorrow" and "in 2 hours" count from. */
  now: number;
  /** IANA zone the typed wall-clock times are in. */
  timeZone: string;
}

/**
 * `now` (or nothing), ISO 8601, `YYYY-MM-DD HH:mm`, or what people write ("tomorrow 18:00",
 * "next friday 7pm", "in 2 hours") → epoch ms. Wall-clock times are read in `timeZone` unless the
 * text names an offset or zone ("…+02:00", "18:00 CET").
 * @throws UserError saying why (unreadable, ambiguous, impossible, in the past) with an example.
 */
export function parseStart(input: string | null, context: TimeContext): number {
  const text = input?.trim() ?? '';
  if (text === '' || text.toLowerCase() === 'now') return context.now;
  const at = parseMoment(text, context.now, context.timeZone);
  if (at < context.now) {
    if (context.now - at <= PAST_GRACE_MS) return context.now;
    throw new UserError(
      `${quote(text)} is in the past (${fullDateTime(at)}). Pick a later start, like \`tomorrow 18:00\`, or \`now\` to open at once.`,
    );
  }
  return at;
}

/**
 * How long the session runs: a duration (`90m`, `2h`, `6d`, `2h30m`, `1 day 12 hours`; default
 * one hour) or an end (`until 20:00`, `until friday 18:00`, read from the start onwards).
 */
export function parseLength(input: string | null, context: { startsAt: number; timeZone: string }): number {
  const text = input?.trim() ?? '';
  const until = /^(?:until|till|til|to|ends?)\s+(.+)$/i.exec(text);
  if (!until) return parseDuration(text);
  const endsAt = parseMoment(until[1]!, context.startsAt, context.timeZone);
  if (endsAt <= context.startsAt) {
    throw new UserError(`The AMA would end (${fullDateTime(endsAt)}) before it starts (${fullDateTime(context.startsAt)}).`);
  }
  return checkedDuration(endsAt - context.startsAt);
}

/** `90m`, `2h`, `6d`, `1.5h`, `2 hours`, `2h30m`, `1 day 12 hours` → ms. Missing means one hour. */
export function parseDuration(input: string | null): number {
  const text = input?.trim() ?? '';
  if (text === '') return DEFAULT_DURATION;
  const value = durationOf(text);
  if (value === null) {
    throw new UserError(`I can't read ${quote(text)} as a duration. Examples: \`90m\`, \`2h\`, \`2h30m\`, \`6d\`, \`until 20:00\`.`);
  }
  return checkedDuration(value);
}

/**
 * Reminder offsets before the start, longest first: `1d,15m` (the default), `2h`, `none`.
 * @throws UserError for unreadable offsets, or more than MAX_REMINDERS.
 */
export function parseReminders(input: string | null): number[] {
  const text = input?.trim() ?? '';
  if (text === '') return [...DEFAULT_REMINDERS];
  if (/^(none|off|no)$/i.test(text)) return [];
  const offsets = new Set<number>();
  for (const part of text.split(/\s*(?:,|;|\band\b)\s*/i).filter(Boolean)) {
    const value = durationOf(part);
    if (value === null || value < MIN_REMINDER || value > MAX_REMINDER) {
      throw new UserError(`I can't use ${quote(part)} as a reminder: give times before the start between 1 minute and 30 days, like \`1d,15m\`, or \`none\`.`);
    }
    offsets.add(value);
  }
  if (offsets.size > MAX_REMINDERS) throw new UserError(`At most ${MAX_REMINDERS} reminders per AMA.`);
  return [...offsets].sort((a, b) => b - a);
}

/**
 * One moment in text → epoch ms, reading relative words from `reference` and wall-clock times
 * in `timeZone`. The caller decides whether the past is allowed.
 */
function parseMoment(text: string, reference: number, timeZone: string): number {
  const results = chrono.casual.parse(
    text,
    // chrono reads "tomorrow" and "18:00" on the zone's calendar at the reference instant; the
    // date it finds is placed in the zone by toInstant, with the offset of that date.
    { instant: new Date(reference), timezone: offsetMinutesAt(timeZone, reference) },
    { forwardDate: true },
  );
  const [result] = results;
  if (!result) throw unreadable(text, reference, timeZone);
  if (results.length > 1) {
    throw new UserError(`I found more than one time in ${quote(text)} (${results.map((r) => quote(r.text)).join(' and ')}). Give one, like \`tomorrow 18:00\`.`);
  }
  const leftover = `${text.slice(0, result.index)} ${text.slice(result.index + result.text.length)}`.replace(/\b(at|on|the)\b|[\s,.;]/gi, '');
  if (leftover !== '') {
    throw new UserError(`I read ${quote(result.text)} but not ${quote(leftover)}. ${examples(reference, timeZone)}`);
  }
  refuseAmbiguous(result, reference, timeZone);
  return toInstant(result, timeZone);
}

/** Input chrono reads one way that people often mean another: refused with what to write instead. */
function refuseAmbiguous(result: chrono.ParsedResult, reference: number, timeZone: string): void {
  const { start, text } = result;
  const tags = result.tags();
  const relative = tags.has('result/relativeDate');
  if (tags.has('result/relativeDateAndTime') && !/\b(in|within|from now|later|after)\b/i.test(text)) {
    // chrono reads a bare "18h" as "in 18 hours"; in much of the world it means 18:00.
    throw new UserError(`${quote(text)} could be a time of day or a delay: write \`18:00\` or \`in 18 hours\`.`);
  }
  if (!relative && !start.isCertain('hour')) {
    throw new UserError(`${quote(text)} needs a time of day, like \`${text} 18:00\`.`);
  }
  const weekday = start.get('weekday');
  if (start.isCertain('weekday') && !start.isCertain('day') && weekday === weekdayAt(timeZone, reference) && !/\bnext\b/i.test(text)) {
    throw new UserError(`${quote(text)} could mean today or a week from today. Say \`today 18:00\` or \`next ${WEEKDAYS[weekday!]} 18:00\`, or give the date.`);
  }
  const hour = start.get('hour') ?? 0;
  if (start.isCertain('hour') && !start.isCertain('meridiem') && !start.isCertain('timezoneOffset') && hour >= 1 && hour <= 11 && !/\d[:.h]\d/i.test(text)) {
    throw new UserError(`${quote(text)} could be morning or evening: write \`${hour}am\`, \`${hour}pm\` or \`${hour + 12}:00\`.`);
  }
}

function toInstant(result: chrono.ParsedResult, timeZone: string): number {
  const { start } = result;
  // An offset or zone in the text ("+02:00", "CET"), or a delay ("in 2 hours"), fixes the instant.
  if (start.isCertain('timezoneOffset')) return start.date().getTime();
  const wall: WallClock = {
    year: start.get('year')!,
    month: start.get('month')!,
    day: start.get('day')!,
    hour: start.get('hour') ?? 0,
    minute: start.get('minute') ?? 0,
    second: start.get('second') ?? 0,
  };
  const instants = instantsOfWallClock(timeZone, wall);
  if (instants.length === 0) {
    throw new UserError(`${formatWall(wall)} does not exist in ${timeZone}: the clocks go forward that night. Pick a time an hour later or earlier.`);
  }
  if (instants.length > 1) {
    const [first, second] = instants.map((instant) => isoWithOffset(wall, offsetMinutesAt(timeZone, instant)));
    throw new UserError(
      `${formatWall(wall)} happens twice in ${timeZone}: the clocks go back that night. Say which with its offset: \`${first}\` (the first) or \`${second}\` (the second).`,
    );
  }
  return instants[0]!;
}

function unreadable(text: string, reference: number, timeZone: string): UserError {
  if (/\d{4}-\d{1,2}-\d{1,2}/.test(text)) {
    return new UserError(`${quote(text)} is not a real date and time. ${examples(reference, timeZone)}`);
  }
  return new UserError(`I can't read ${quote(text)} as a time. ${examples(reference, timeZone)}`);
}

/** Examples that are in the future whenever they are shown, with the zone they are read in. */
function examples(reference: number, timeZone: string): string {
  const nextYear = wallClockAt(timeZone, reference).year + 1;
  const zone = `${timeZone} (${formatUtcOffset(offsetMinutesAt(timeZone, reference))} now)`;
  return `Examples: \`tomorrow 18:00\`, \`next friday 7pm\`, \`in 2 hours\`, \`${nextYear}-12-01 18:00\`, or ISO 8601 like \`${nextYear}-12-01T18:00+01:00\`. Times without an offset are read in ${zone}.`;
}

/** A sum of number-and-unit parts ("2h30m", "1 day 12 hours"); null if anything else is there. */
function durationOf(text: string): number | null {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)\s*([a-z]+)/gi)];
  if (parts.length === 0) return null;
  const rest = text.replace(/(\d+(?:\.\d+)?)\s*([a-z]+)/gi, '').replace(/\band\b|[\s,]/gi, '');
  if (rest !== '') return null;
  let total = 0;
  for (const [, amount, unit] of parts) {
    const value = ms(`${amount} ${unit}` as ms.StringValue) as number | undefined;
    // ms reads units from milliseconds to years; an unknown unit gives undefined.
    if (value === undefined || !Number.isFinite(value)) return null;
    total += value;
  }
  return total;
}

function checkedDuration(value: number): number {
  if (value < MIN_DURATION || value > MAX_DURATION) throw new UserError('A session lasts between 1 minute and 31 days.');
  return value;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

function formatWall(wall: WallClock): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)} ${pad(wall.hour)}:${pad(wall.minute)}`;
}

function isoWithOffset(wall: WallClock, offset: number): string {
  const suffix = formatUtcOffset(offset).replace('UTC', '') || '+00:00';
  return `${formatWall(wall).replace(' ', 'T')}${suffix}`;
}

function quote(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return `“${short.replace(/`/g, "'")}”`;
}
