// What the stand-in received of a question backlog: each question's message counted by its
// `**Q<n>**` header (the render in bot/render/question.ts), and how fast the messages came.

import type { DiscordStandIn } from '../../tests/discord-stand-in/index.js';
import { snowflakeTimestamp } from '../../tests/discord-stand-in/snowflake.js';
import type { BacklogChannel } from './question-backlog.js';

export interface PostedCheck {
  messages: number;
  /** Extra messages for a question already posted: each question must be posted exactly once. */
  duplicates: number;
  /** Questions with no message. */
  missing: number;
  /** The most messages created within any one second (a sliding window over their snowflake times). */
  peakPerSecond: number;
}

export function checkPosted(discord: DiscordStandIn, channels: readonly BacklogChannel[]): PostedCheck {
  let messages = 0;
  let duplicates = 0;
  let missing = 0;
  const times: number[] = [];
  for (const channel of channels) {
    const copies = new Map<number, number>();
    for (const message of discord.channelMessages(channel.channelId)) {
      const number = /^\*\*Q(\d+)\*\*/.exec(message.content)?.[1];
      if (!number) continue;
      messages += 1;
      times.push(snowflakeTimestamp(message.id));
      copies.set(Number(number), (copies.get(Number(number)) ?? 0) + 1);
    }
    for (let number = 1; number <= channel.questions; number++) {
      const count = copies.get(number) ?? 0;
      if (count === 0) missing += 1;
      else duplicates += count - 1;
    }
  }
  return { messages, duplicates, missing, peakPerSecond: busiestSecond(times) };
}

function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= 1_000) start += 1;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}
