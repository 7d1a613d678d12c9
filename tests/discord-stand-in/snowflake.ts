/**
 * Real-looking, strictly increasing Discord snowflakes.
 *
 * Why real-looking: @discordjs/rest buckets routes by matching `\d{17,19}` ids and decides the
 * "delete old message" bucket from the snowflake timestamp, and discord.js derives `createdAt`
 * from ids. Fake ids like "1" would silently change client behaviour.
 */
export const DISCORD_EPOCH = 1_420_070_400_000n;

const MAX_INCREMENT = 0xfffn;

let lastTimestamp = 0n;
let increment = 0n;

/** Next snowflake: current time, worker 1, process 0, 12-bit increment (spills into the next ms). */
export function nextSnowflake(): string {
  return claim(currentTimestamp(), 1n);
}

/**
 * Next snowflake whose guild would live on `shardId` of `shardCount` shards. Discord's shard
 * formula only reads the timestamp bits (`id >> 22`), so the timestamp is moved forward (by less
 * than `shardCount` ms) to the next one that lands there; ids stay unique and increasing.
 */
export function nextSnowflakeOnShard(shardId: number, shardCount: number): string {
  const count = BigInt(shardCount);
  const now = currentTimestamp();
  const aligned = now + ((((BigInt(shardId) - now) % count) + count) % count);
  // When the increment overflows, step a whole shard cycle so the id stays on the same shard.
  return claim(aligned, count);
}

/** Milliseconds since the Unix epoch encoded in a snowflake. */
export function snowflakeTimestamp(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** ISO timestamp of a snowflake, as Discord puts in `timestamp` fields. */
export function snowflakeIso(id: string): string {
  return new Date(snowflakeTimestamp(id)).toISOString();
}

/** Discord-epoch milliseconds, never behind the last id handed out (keeps ids increasing). */
function currentTimestamp(): bigint {
  const now = BigInt(Date.now()) - DISCORD_EPOCH;
  return now > lastTimestamp ? now : lastTimestamp;
}

/** Hand out an id at `timestamp` (>= lastTimestamp); `overflowStep` ms later if 4096 are used up. */
function claim(timestamp: bigint, overflowStep: bigint): string {
  let ts = timestamp;
  if (ts === lastTimestamp) {
    increment += 1n;
    if (increment > MAX_INCREMENT) {
      // More than 4096 ids in one millisecond: borrow a later millisecond, keeping order.
      ts += overflowStep;
      increment = 0n;
    }
  } else {
    increment = 0n;
  }
  lastTimestamp = ts;
  return ((ts << 22n) | (1n << 17n) | increment).toString();
}
