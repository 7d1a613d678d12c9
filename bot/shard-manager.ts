import { once } from 'node:events';
import { REST, ShardingManager, type Shard } from 'discord.js';
import { Routes, type RESTGetAPIGatewayBotResult } from 'discord-api-types/v10';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Stoppable } from './run-process.js';

// Under Docker's 10-second stop grace, like every other shutdown (each shard stops its own parts).
const SHARD_STOP_DEADLINE_MS = 9_000;
// Discord lets one shard per max_concurrency bucket identify every 5 seconds.
const IDENTIFY_INTERVAL_MS = 5_500;

export interface ShardManagerOptions {
  config: Config;
  log: Logger;
  /** The file each shard process runs: bot/main.ts itself, which sees it is a shard and runs the gateway. */
  shardEntry: string;
}

/**
 * SHARD_COUNT with PARLEY_ROLE=gateway: discord.js's ShardingManager runs one gateway process per
 * shard (each a full Parley gateway on the shared Redis), restarts one that dies, and stops them
 * all on SIGTERM. Discord sends each guild's interactions to the shard (guild_id >> 22) % count.
 */
export async function startShardManager({ config, log, shardEntry }: ShardManagerOptions): Promise<Stoppable> {
  const gateway = await fetchGatewayBot(config);
  const totalShards = config.shardCount === 'auto' ? gateway.shards : (config.shardCount ?? 1);
  const maxConcurrency = gateway.session_start_limit.max_concurrency;
  const manager = new ShardingManager(shardEntry, {
    totalShards,
    token: config.discordToken,
    mode: 'process',
    // Shards run the same way this process runs (under tsx in development, plain node in the image).
    execArgv: process.execArgv,
    respawn: true,
  });
  manager.on('shardCreate', (shard) => {
    log.info({ shard: shard.id, of: totalShards }, 'shard starting');
    shard.on('death', (child) => log.error({ shard: shard.id, exitCode: 'exitCode' in child ? child.exitCode : undefined }, 'shard process died; restarting it'));
  });
  // Shards in different identify buckets may start together; otherwise one every 5.5 s.
  const delay = maxConcurrency >= totalShards ? 0 : IDENTIFY_INTERVAL_MS;
  await manager.spawn({ amount: totalShards, delay, timeout: 60_000 });
  log.info({ shards: totalShards, maxConcurrency }, 'all shards connected');

  return {
    async stop() {
      const exits = [...manager.shards.values()].map((shard) => stopShard(shard));
      const results = await Promise.all(exits);
      return results.every(Boolean);
    },
  };
}

/** Discord's advice for this bot: how many shards, and how many may identify at once. */
async function fetchGatewayBot(config: Config): Promise<RESTGetAPIGatewayBotResult> {
  const rest = new REST({ api: config.discordApiUrl }).setToken(config.discordToken);
  return (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
}

/** SIGTERM, then wait for the shard's own clean shutdown; true when it exited 0 in time. */
async function stopShard(shard: Shard): Promise<boolean> {
  const child = shard.process;
  if (!child || child.exitCode !== null) return true;
  const exited = once(child, 'exit') as Promise<[number | null]>;
  shard.kill();
  const timeout = new Promise<null>((resolve) => setTimeout(resolve, SHARD_STOP_DEADLINE_MS, null).unref());
  const result = await Promise.race([exited, timeout]);
  if (result === null) {
    child.kill('SIGKILL');
    return false;
  }
  return result[0] === 0;
}
