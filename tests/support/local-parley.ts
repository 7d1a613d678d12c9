/**
 * Parley as members meet it, on one machine: the local Discord stand-in, a real Redis, and the
 * real bot wiring (startParley) connected through DISCORD_API_URL. Used by the end-to-end tests
 * and the demo; each instance has its own key prefix and cleans it up on stop.
 */
import { REST } from 'discord.js';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { Logger } from 'pino';
import { startParley, type RunningParley } from '../../bot/app.js';
import { loadConfig } from '../../bot/config.js';
import { createLogger } from '../../bot/logger.js';
import { deployCommands } from '../../bot/deploy-commands.js';
import { startDiscordStandIn } from '../discord-stand-in/index.js';
import type { DiscordStandIn, OptionValue, StandInGuild, StandInMember } from '../discord-stand-in/index.js';

export type { CommandRun } from './command-run.js';
import { settle, type CommandRun } from './command-run.js';
import type { RedisClient } from '../../storage/redis.js';
import { deleteKeys, testRedis, testRedisEnv, uniquePrefix } from './redis.js';

export interface LocalParleyOptions {
  prefix?: string;
  /** pino level for the bot's log; silent unless PARLEY_TEST_LOG_LEVEL says otherwise. */
  logLevel?: string;
  /** More environment for the bot's config, e.g. HTTP_PORT. */
  env?: Record<string, string>;
  /** Keep the Redis keys after stop (the demo leaves nothing behind either way by default). */
  keepKeys?: boolean;
}

export interface LocalParley {
  discord: DiscordStandIn;
  parley: RunningParley;
  guild: StandInGuild;
  channelId: string;
  moderator: StandInMember;
  prefix: string;
  redis: RedisClient;
  log: Logger;
  addMember(username: string, options?: { globalName?: string; permissions?: bigint }): StandInMember;
  /** Another server with an AMA channel, Parley's commands registered there too. */
  addGuild(name: string): Promise<{ guild: StandInGuild; channelId: string }>;
  /** A member presses a button on a message; resolves with what they then saw. */
  press(who: StandInMember, message: { id: string; channel_id: string }, customId: string): Promise<CommandRun>;
  /** A member fills in and submits the modal a button opened for them. */
  submit(who: StandInMember, channelId: string, customId: string, text: string): Promise<CommandRun>;
  run(
    who: StandInMember,
    command: string,
    options?: Record<string, OptionValue>,
    extra?: { subcommand?: string; subcommandGroup?: string; channelId?: string; bypassCommandPermissions?: boolean },
  ): Promise<CommandRun>;
  stop(): Promise<void>;
}

export async function startLocalParley(options: LocalParleyOptions = {}): Promise<LocalParley> {
  const prefix = options.prefix ?? uniquePrefix('e2e');
  const discord = await startDiscordStandIn();
  const guild = discord.createGuild({ name: 'Parley Test Server' });
  const channel = discord.createTextChannel(guild.id, { name: 'ama' });
  const moderator = discord.createMember(guild.id, {
    username: 'mod',
    globalName: 'Moderator',
    permissions: PermissionFlagsBits.ManageEvents,
  });

  const config = loadConfig({
    DISCORD_TOKEN: discord.token,
    DISCORD_API_URL: discord.apiUrl,
    ...testRedisEnv(),
    PARLEY_KEY_PREFIX: prefix,
    ...options.env,
  });
  const log = createLogger(options.logLevel ?? process.env.PARLEY_TEST_LOG_LEVEL ?? 'silent');
  const rest = new REST({ api: config.discordApiUrl }).setToken(config.discordToken);
  await deployCommands(rest, guild.id);
  const parley = await startParley({ config, log, voteRefreshMs: 200 });
  await discord.waitFor(() => parley.client.isReady(), { description: 'the bot to connect' });
  const redis = testRedis();

  const press: LocalParley['press'] = async (who, message, customId) =>
    settle(await discord.pressButton({ guildId: guild.id, channelId: message.channel_id, userId: who.id, messageId: message.id, customId }));

  const submit: LocalParley['submit'] = async (who, channelId, customId, text) =>
    settle(await discord.submitModal({ guildId: guild.id, channelId, userId: who.id, customId, fields: { text } }));

  const run: LocalParley['run'] = async (who, command, commandOptions = {}, extra = {}) => {
    const interaction = await discord.runSlashCommand({
      guildId: guild.id,
      channelId: extra.channelId ?? channel.id,
      userId: who.id,
      command,
      subcommand: extra.subcommand,
      subcommandGroup: extra.subcommandGroup,
      options: commandOptions,
      bypassCommandPermissions: extra.bypassCommandPermissions,
    });
    return settle(interaction);
  };

  return {
    discord,
    parley,
    guild,
    channelId: channel.id,
    moderator,
    prefix,
    redis,
    log,
    addMember: (username, memberOptions = {}) =>
      discord.createMember(guild.id, { username, globalName: memberOptions.globalName, permissions: memberOptions.permissions }),
    async addGuild(name) {
      const another = discord.createGuild({ name });
      const anotherChannel = discord.createTextChannel(another.id, { name: 'ama' });
      await deployCommands(rest, another.id);
      return { guild: another, channelId: anotherChannel.id };
    },
    run,
    press,
    submit,
    async stop() {
      await parley.stop();
      await discord.close();
      if (!options.keepKeys) await deleteKeys(redis, prefix);
      await redis.quit();
    },
  };
}
