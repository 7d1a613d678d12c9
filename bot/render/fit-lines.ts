// Lists that must fit one message: as many lines as allowed and as fit, then "…and N more".

import { DISCORD_MESSAGE_LIMIT } from './split.js';

export interface FitLinesOptions {
  /** Show at most this many lines. */
  maxLines?: number;
  /** Characters available for the whole text. */
  limit?: number;
  /** Lines not passed in at all (a page fetched from a longer list) to count as left out. */
  notPassed?: number;
}

/**
 * The header and, in order, as many lines as `maxLines` allows and `limit` has room for,
 * then "…and N more" counting everything left out. Order is kept: the first line that does
 * not fit ends the list, so lines are meant to be short.
 */
export function fitLines(header: string, lines: readonly string[], options: FitLinesOptions = {}): string {
  const { maxLines = Infinity, limit = DISCORD_MESSAGE_LIMIT, notPassed = 0 } = options;
  const total = lines.length + notPassed;
  const everything = [header, ...lines].join('\n');
  if (notPassed === 0 && lines.length <= maxLines && everything.length <= limit) return everything;

  // Something is left out, so every step must leave room for the "…and N more" line.
  const kept = [header];
  let length = header.length;
  for (const line of lines.slice(0, maxLines)) {
    const footer = moreLine(total - kept.length);
    if (length + 1 + line.length + 1 + footer.length > limit) break;
    kept.push(line);
    length += 1 + line.length;
  }
  return [...kept, moreLine(total - (kept.length - 1))].join('\n');
}

function moreLine(count: number): string {
  return `…and ${count} more`;
}
