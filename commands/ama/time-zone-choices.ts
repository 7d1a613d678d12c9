import { allTimeZones, canonicalTimeZone, formatUtcOffset, offsetMinutesAt, UTC } from '../../bot/time-zones.js';
import { UserError } from '../../bot/errors.js';
import type { Choice } from '../command.js';

const MAX_CHOICES = 25;

/**
 * Autocomplete for `timezone`: IANA names containing what was typed ("paris", "new york",
 * "america/"), places whose name starts with it first; the server's zone leads an empty search.
 * Each choice shows the zone's offset now, so "Europe/Paris (UTC+01:00)".
 */
export function timeZoneChoices(typed: string, serverZone: string | null, now: number): Choice[] {
  const needle = typed.trim().toLowerCase().replace(/\s+/g, '_');
  const zones = allTimeZones();
  let picked: string[];
  if (needle === '') {
    picked = [...new Set([serverZone ?? UTC, UTC, ...zones])];
  } else {
    const place = (zone: string) => zone.slice(zone.lastIndexOf('/') + 1).toLowerCase();
    const matching = zones.filter((zone) => zone.toLowerCase().includes(needle));
    const first = matching.filter((zone) => place(zone).startsWith(needle) || zone.toLowerCase().startsWith(needle));
    const exact = canonicalTimeZone(typed);
    picked = [...new Set([...(exact ? [exact] : []), ...first, ...matching])];
  }
  return picked.slice(0, MAX_CHOICES).map((zone) => ({ name: `${zone} (${formatUtcOffset(offsetMinutesAt(zone, now))})`, value: zone }));
}

/** The zone a moderator typed, or the fallback when they typed none. */
export function pickTimeZone(typed: string | null, fallback: string | null): string {
  if (typed === null || typed.trim() === '') return fallback ?? UTC;
  const zone = canonicalTimeZone(typed);
  if (!zone) {
    throw new UserError(`I don't know the time zone “${typed.slice(0, 64)}”. Use an IANA name like \`Europe/Paris\`, \`America/New_York\` or \`UTC\` (the option suggests them as you type).`);
  }
  return zone;
}
