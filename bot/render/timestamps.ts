// Discord timestamp markup: each reader's client shows these in their own time zone and
// language, which is why Parley never formats dates itself in Discord messages.

import { TimestampStyles, time } from 'discord.js';

/** "<t:1443744000:F>": Friday, 2 October 2015 at 00:00, in the reader's zone. */
export function fullDateTime(epochMs: number): string {
  return time(new Date(epochMs), TimestampStyles.FullDateShortTime);
}

/** "<t:1443744000:R>": "in 3 days", "2 hours ago". */
export function relativeTime(epochMs: number): string {
  return time(new Date(epochMs), TimestampStyles.RelativeTime);
}
