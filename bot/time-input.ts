import ms from 'ms';
import { UserError } from './errors.js';

// What moderators type for a session's start and length. Times without an offset are UTC.

const MINUTE = 60_000;
export const DEFAULT_DURATION = 60 * MINUTE;
export const MIN_DURATION = MINUTE;
export const MAX_DURATION = 31 * 24 * 60 * MINUTE;

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const DATE_AND_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/;

/** `now`, ISO 8601, or `YYYY-MM-DD HH:mm` in UTC → epoch ms. Missing means now. */
export function parseStart(input: string | null, now: number): number {
  const text = input?.trim() ?? '';
  if (text === '' || text.toLowerCase() === 'now') return now;

  const simple = DATE_AND_TIME.exec(text);
  if (simple) {
    const [, year, month, day, hour, minute] = simple.map(Number) as [number, number, number, number, number, number];
    const time = Date.UTC(year, month - 1, day, hour, minute);
    const back = new Date(time);
    // Date.UTC rolls 2026-02-30 over to March; a date that doesn't survive the round trip is impossible.
    if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59) {
      throw new UserError(`"${text}" is not a real date and time. Example: 2026-12-01 18:00 (UTC).`);
    }
    return time;
  }
  if (ISO_8601.test(text)) {
    const withZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`;
    const time = Date.parse(withZone);
    if (Number.isFinite(time)) return time;
  }
  throw new UserError(`I can't read "${truncate(text)}" as a start time. Use \`now\`, \`2026-12-01 18:00\` (UTC) or ISO 8601 like \`2026-12-01T18:00:00+01:00\`.`);
}

/** `90m`, `2h`, `6d` (also `1.5h`, `2 hours`) → milliseconds. Missing means one hour. */
export function parseDuration(input: string | null): number {
  const text = input?.trim() ?? '';
  if (text === '') return DEFAULT_DURATION;
  // ms() reads a bare number as milliseconds; nobody means that here.
  const value = /[a-z]/i.test(text) ? ms(text as ms.StringValue) : undefined;
  if (value === undefined || !Number.isFinite(value)) {
    throw new UserError(`I can't read "${truncate(text)}" as a duration. Examples: \`90m\`, \`2h\`, \`6d\`.`);
  }
  if (value < MIN_DURATION || value > MAX_DURATION) {
    throw new UserError('A session lasts between 1 minute and 31 days.');
  }
  return value;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
