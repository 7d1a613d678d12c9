import { describe, expect, it } from 'vitest';
import { UserError } from '../../bot/errors.js';
import { DEFAULT_DURATION, parseDuration, parseStart } from '../../bot/time-input.js';

const NOW = Date.UTC(2026, 10, 29, 12, 0);

describe('parseStart', () => {
  it('reads now, an empty option, UTC date-times and ISO 8601 with or without an offset', () => {
    expect(parseStart(null, NOW)).toBe(NOW);
    expect(parseStart('  NOW ', NOW)).toBe(NOW);
    expect(parseStart('2026-12-01 18:00', NOW)).toBe(Date.UTC(2026, 11, 1, 18, 0));
    expect(parseStart('2026-12-01T18:00', NOW)).toBe(Date.UTC(2026, 11, 1, 18, 0));
    expect(parseStart('2026-12-01T18:00:00Z', NOW)).toBe(Date.UTC(2026, 11, 1, 18, 0));
    expect(parseStart('2026-12-01T18:00:00+02:00', NOW)).toBe(Date.UTC(2026, 11, 1, 16, 0));
  });

  it('refuses impossible dates and unreadable text with an example', () => {
    expect(() => parseStart('2026-02-30 10:00', NOW)).toThrow(/not a real date/);
    expect(() => parseStart('2026-12-01 24:10', NOW)).toThrow(UserError);
    expect(() => parseStart('next friday', NOW)).toThrow(/2026-12-01 18:00/);
  });
});

describe('parseDuration', () => {
  it('reads minutes, hours and days', () => {
    expect(parseDuration(null)).toBe(DEFAULT_DURATION);
    expect(parseDuration('90m')).toBe(90 * 60_000);
    expect(parseDuration('2h')).toBe(2 * 3_600_000);
    expect(parseDuration('6d')).toBe(6 * 86_400_000);
    expect(parseDuration('1.5h')).toBe(90 * 60_000);
  });

  it('refuses bare numbers, nonsense and lengths outside 1 minute to 31 days', () => {
    expect(() => parseDuration('90')).toThrow(/as a duration/);
    expect(() => parseDuration('soon')).toThrow(/as a duration/);
    expect(() => parseDuration('30s')).toThrow(/between 1 minute and 31 days/);
    expect(() => parseDuration('40d')).toThrow(/between 1 minute and 31 days/);
  });
});
