/**
 * Parley deployed the way a large community runs it, on one machine: the local Discord stand-in
 * in this process, and as separate Node processes the shared REST proxy (PARLEY_ROLE=rest-proxy),
 * a gateway under discord.js's ShardingManager (PARLEY_ROLE=gateway, SHARD_COUNT, one child
 * process per shard), job workers (PARLEY_ROLE=worker) and the HTTP side (PARLEY_ROLE=web).
 * Every bot process reaches Discord through the proxy and shares one Redis (or Redis Cluster).
 */
import { REST } from 'discord.js';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { deployCommands } from '../../bot/deploy-commands.js';
import { startDiscordStandIn, type DiscordStandIn, type StandInGuild, type StandInMember } from '../discord-stand-in/index.js';
import type { OptionValue } from '../discord-stand-in/index.js';
import { settle, type CommandRun } from './command-run.js';
import { ParleyProcess, WorkerProcess, type LogLine } from './parley-process.js';
import { deleteKeys, testRedis, testRedisEnv, uniquePrefix } from './redis.js';

export interface ScaledGuild {
  guild: StandInGuild;
  channelId: string;
  moderator: StandInMember;
  /** The shard Discord sends this guild's events to. */
  shard: number;
}

export interface ScaledParley {
  discord: DiscordStandIn;
  prefix: string;
  guilds: ScaledGuild[];
  proxy: ParleyProcess;
  /** The ShardingManager process; its shards write to its log, each line tagged with `shards`. */
  gateway: ParleyProcess;
  workers: WorkerProcess[];
  web: ParleyProcess;
  webUrl: string;
  run(where: ScaledGuild, who: StandInMember, command: string, options?: Record<string, OptionValue>, subcommand?: string): Promise<CommandRun>;
  /** Every log line of every process, with the process's name. */
  allLines(): Array<LogLine & { process: string }>;
  stop(): Promise<void>;
}

export interface ScaledParleyOptions {
  shards: number;
  workers: number;
  /** One guild per entry, placed on that shard. */
  guildShards: number[];
}

export async function startScaledParley({ shards, workers: workerCount, guildShards }: ScaledParleyOptions): Promise<ScaledParley> {
  const prefix = uniquePrefix('scaled');
  const discord = await startDiscordStandIn({ recommendedShards: shards, maxConcurrency: shards });
  const rest = new REST({ api: discord.apiUrl }).setToken(discord.token);
  const guilds: ScaledGuild[] = [];
  for (const [index, shard] of guildShards.entries()) {
    const guild = discord.createGuild({ name: `Community ${index + 1}`, shard: { id: shard, count: shards } });
    const channel = discord.createTextChannel(guild.id, { name: 'ama' });
    const moderator = discord.createMember(guild.id, { username: `mod${index + 1}`, permissions: PermissionFlagsBits.ManageEvents });
    await deployCommands(rest, guild.id);
    guilds.push({ guild, channelId: channel.id, moderator, shard });
  }

  const common = { DISCORD_TOKEN: discord.token, PARLEY_KEY_PREFIX: prefix, ...testRedisEnv() };
  const proxy = new ParleyProcess('proxy', { ...common, PARLEY_ROLE: 'rest-proxy', REST_PROXY_PORT: '0', DISCORD_API_URL: discord.apiUrl }, { ready: (line) => line.msg === 'REST proxy listening' });
  const processes: ParleyProcess[] = [proxy];
  try {
    await proxy.start();
    const proxyPort = Number((await proxy.waitForLog((line) => line.msg === 'REST proxy listening')).port);
    const throughProxy = { ...common, DISCORD_API_URL: `http://127.0.0.1:${proxyPort}/api` };

    const workers = Array.from({ length: workerCount }, (_, index) => new WorkerProcess(`worker-${index + 1}`, throughProxy));
    // `auto`: the manager takes Discord's advice from /gateway/bot, which the stand-in gives as `shards`.
    const gateway = new ParleyProcess('gateway', { ...throughProxy, PARLEY_ROLE: 'gateway', SHARD_COUNT: 'auto' }, { ready: (line) => line.msg === 'all shards connected' });
    const web = new ParleyProcess('web', { ...throughProxy, PARLEY_ROLE: 'web', HTTP_PORT: '0' }, { ready: (line) => line.msg === 'http server listening' });
    processes.push(...workers, gateway, web);
    await Promise.all([...workers, gateway, web].map((process) => process.start(60_000)));
    const webPort = Number((await web.waitForLog((line) => line.msg === 'http server listening')).port);

    return {
      discord,
      prefix,
      guilds,
      proxy,
      gateway,
      workers,
      web,
      webUrl: `http://127.0.0.1:${webPort}`,
      async run(where, who, command, options = {}, subcommand) {
        return settle(await discord.runSlashCommand({ guildId: where.guild.id, channelId: where.channelId, userId: who.id, command, subcommand, options }));
      },
      allLines: () => processes.flatMap((process) => process.lines.map((line) => ({ ...line, process: process.name }))),
      async stop() {
        await stopAll(processes);
        await discord.close();
        const redis = testRedis();
        await deleteKeys(redis, prefix);
        await redis.quit();
      },
    };
  } catch (error) {
    await stopAll(processes);
    await discord.close();
    throw error;
  }
}

async function stopAll(processes: ParleyProcess[]): Promise<void> {
  // The proxy last: a process finishing its jobs while it stops still needs its way to Discord.
  const [proxy, ...rest] = processes;
  await Promise.all(rest.map((process) => process.stop()));
  await proxy?.stop();
}
