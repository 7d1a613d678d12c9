// Dates for the published files, which are read without JavaScript and without knowing the
// reader's zone: always UTC, always spelled out, formatted by hand so the text does not
// depend on the ICU data of whichever Node version rendered it.

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

/** "2015-10-02T00:00:00.000Z" → "2 October 2015, 00:00 UTC". */
export function formatUtcDateTime(isoTime: string): string {
  const date = new Date(isoTime);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${JSON.stringify(isoTime)}`);
  const month = MONTHS[date.getUTCMonth()] ?? '';
  const hours = String(date.getUTCHours()).padStart(2, '0');
  const minutes = String(date.getUTCMinutes()).padStart(2, '0');
  return `${date.getUTCDate()} ${month} ${date.getUTCFullYear()}, ${hours}:${minutes} UTC`;
}

/** "This AMA took place between 2 October 2015, 00:00 UTC and 8 October 2015, 23:59 UTC." */
export function tookPlaceSentence(startedAt: string, endedAt: string): string {
  return `This AMA took place between ${formatUtcDateTime(startedAt)} and ${formatUtcDateTime(endedAt)}.`;
}
