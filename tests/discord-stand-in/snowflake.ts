/**
 * Real-looking, strictly increasing Discord snowflakes.
 *
 * Why real-looking: @discordjs/rest buckets routes by matching `\d{17,19}` ids and decides the
 * "delete old message" bucket from the snowflake timestamp, and discord.js derives `createdAt`
 * from ids. Fake ids like "1" would silently change client behaviour.
 */
export const DISCORD_EPOCH = 1_420_070_400_000n;

let lastTimestamp = 0n;
let increment = 0n;

/** Next snowflake: current time, worker 1, process 0, 12-bit increment (spills into the next ms). */
export function nextSnowflake(): string {
  let now = BigInt(Date.now()) - DISCORD_EPOCH;
  if (now <= lastTimestamp) {
    now = lastTimestamp;
    increment += 1n;
    if (increment > 0xfffn) {
      // More than 4096 ids in one millisecond: borrow the next millisecond, keeping order.
      now += 1n;
      increment = 0n;
    }
  } else {
    increment = 0n;
  }
  lastTimestamp = now;
  return ((now << 22n) | (1n << 17n) | increment).toString();
}

/** Milliseconds since the Unix epoch encoded in a snowflake. */
export function snowflakeTimestamp(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** ISO timestamp of a snowflake, as Discord puts in `timestamp` fields. */
export function snowflakeIso(id: string): string {
  return new Date(snowflakeTimestamp(id)).toISOString();
}
