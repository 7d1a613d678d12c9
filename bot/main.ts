import { fileURLToPath } from 'node:url';
import { startParley } from './app.js';
import type { Config } from './config.js';
import { startRestProxy } from './rest-proxy.js';
import { runProcess } from './run-process.js';
import { startShardManager } from './shard-manager.js';

// `npm start`: reads the environment once and starts what PARLEY_ROLE asks for (everything by
// default); stops cleanly on SIGTERM/SIGINT. With SHARD_COUNT set, this process only manages
// shards: discord.js's ShardingManager starts this same file once per shard.
await runProcess('Parley', (config, log) => {
  if (config.role === 'rest-proxy') return startRestProxy({ config, log });
  if (managesShards(config)) return startShardManager({ config, log, shardEntry: fileURLToPath(import.meta.url) });
  return startParley({ config, log });
});

function managesShards(config: Config): boolean {
  return config.shardCount !== undefined && !config.isShardProcess;
}
