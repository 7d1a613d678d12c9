/**
 * Discord's sharding rules, in one place: which shard owns a guild, and what IDENTIFY may say
 * about shards. The gateway routes with these; tests use `shardOf` to check their expectations.
 */

/** A gateway shard as Discord writes it in IDENTIFY and READY: `[shard_id, num_shards]`. */
export type ShardPair = [shardId: number, shardCount: number];

/** A shard as the test-side API spells it (e.g. `createGuild({ shard: { id: 1, count: 2 } })`). */
export interface ShardSpec {
  id: number;
  count: number;
}

/** What a session without `shard` in IDENTIFY is: the only shard, it sees every guild. */
export const UNSHARDED: ShardPair = [0, 1];

/** Discord's formula: `shard_id = (guild_id >> 22) % num_shards` (the snowflake's timestamp, mod). */
export function shardOf(guildId: string, shardCount: number): number {
  assertShardCount(shardCount);
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/**
 * The shard that receives an event: the guild's owner, and shard 0 for events without a guild
 * (DMs), as Discord does. Raw test payloads (`dispatchInteraction` fuzzing) may carry a guild id
 * that is no snowflake at all; Discord never would, so those simply go to shard 0 too.
 */
export function shardForEvent(guildId: string | null | undefined, shardCount: number): number {
  if (shardCount === 1 || typeof guildId !== 'string' || !/^\d+$/.test(guildId)) return 0;
  return shardOf(guildId, shardCount);
}

/**
 * IDENTIFY's `shard`: absent means [0, 1]; otherwise two integers with 0 <= shard_id <
 * num_shards. `undefined` = invalid, which Discord answers by closing with 4010 Invalid shard.
 */
export function parseIdentifyShard(raw: unknown): ShardPair | undefined {
  if (raw === undefined || raw === null) return [...UNSHARDED];
  if (!Array.isArray(raw) || raw.length !== 2) return undefined;
  const [id, count] = raw as unknown[];
  if (!Number.isInteger(id) || !Number.isInteger(count)) return undefined;
  const shard: ShardPair = [id as number, count as number];
  return isValidShard(shard[0], shard[1]) ? shard : undefined;
}

/** Throws a readable error for a test-side shard that Discord could never have. */
export function assertShardSpec(spec: ShardSpec): void {
  if (!Number.isInteger(spec.id) || !isValidShard(spec.id, spec.count)) {
    throw new Error(`invalid shard { id: ${spec.id}, count: ${spec.count} }: needs integers with 0 <= id < count`);
  }
}

function isValidShard(id: number, count: number): boolean {
  return Number.isInteger(count) && count >= 1 && id >= 0 && id < count;
}

function assertShardCount(count: number): void {
  if (!Number.isInteger(count) || count < 1) throw new Error(`invalid shard count ${count}: needs an integer >= 1`);
}
