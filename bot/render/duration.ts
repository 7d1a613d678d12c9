// Lengths of time as people say them, for replies: "1 day", "2 hours 30 minutes", "15 minutes".

const UNITS = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
] as const;

/** Whole days, hours and minutes, largest first, zero parts left out; under a minute is "less than a minute". */
export function describeDuration(ms: number): string {
  let rest = Math.round(ms / 60_000) * 60_000;
  const parts: string[] = [];
  for (const [name, size] of UNITS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count} ${name}${count === 1 ? '' : 's'}`);
  }
  return parts.length > 0 ? parts.join(' ') : 'less than a minute';
}

/** "1 day and 15 minutes", "2 hours, 1 hour and 10 minutes". */
export function listDurations(values: readonly number[]): string {
  const words = values.map(describeDuration);
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
