import { REST } from 'discord.js';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { Redis } from 'ioredis';
import { deployCommands } from '../../../bot/deploy-commands.js';
import { startDiscordStandIn } from '../../discord-stand-in/index.js';
import type { DiscordStandIn, OptionValue, StandInGuild, StandInInteraction, StandInMember } from '../../discord-stand-in/index.js';
import { BotProcess } from './bot-process.js';
import { RedisServer } from './redis-server.js';

export const KEY_PREFIX = 'faults';
export const LOG_DIR = 'artifacts/fault-logs';

export interface FaultWorld {
  discord: DiscordStandIn;
  redisServer: RedisServer;
  /** A client of the suite's own, to read the record directly. */
  redis: Redis;
  bot: BotProcess;
  guild: StandInGuild;
  channelId: string;
  moderator: StandInMember;
  addMember(username: string): StandInMember;
  /** Dispatches a slash command; does not wait for the answer. */
  dispatch(who: StandInMember, command: string, options?: Record<string, OptionValue>, subcommand?: string): Promise<StandInInteraction>;
  /** Dispatches and waits for what the caller finally saw. */
  run(who: StandInMember, command: string, options?: Record<string, OptionValue>, subcommand?: string): Promise<string>;
  /** Starts the bot process (again) and waits until it answers interactions. */
  startBot(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The fault suite's world: a redis-server of its own (append-only), the local Discord stand-in,
 * and the real bot as a child process, with short job locks so a crashed worker's job is taken
 * over in seconds rather than the production 30.
 */
export async function startFaultWorld(name: string, options: { jobLockMs?: number } = {}): Promise<FaultWorld> {
  const redisServer = await RedisServer.start();
  const discord = await startDiscordStandIn();
  const guild = discord.createGuild({ name: 'Faults' });
  const channelId = discord.createTextChannel(guild.id, { name: 'ama' }).id;
  const moderator = discord.createMember(guild.id, { username: 'mod', globalName: 'Moderator', permissions: PermissionFlagsBits.ManageEvents });
  await deployCommands(new REST({ api: discord.apiUrl }).setToken(discord.token), guild.id);
  const redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  const bot = new BotProcess({
    name,
    logDir: LOG_DIR,
    env: {
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      REDIS_URL: redisServer.url,
      PARLEY_KEY_PREFIX: KEY_PREFIX,
      LOG_LEVEL: 'info',
      JOB_LOCK_MS: String(options.jobLockMs ?? 3_000),
    },
  });

  const dispatch: FaultWorld['dispatch'] = (who, command, commandOptions = {}, subcommand) =>
    discord.runSlashCommand({ guildId: guild.id, channelId, userId: who.id, command, subcommand, options: commandOptions });

  const run: FaultWorld['run'] = async (who, command, commandOptions = {}, subcommand) => {
    const interaction = await dispatch(who, command, commandOptions, subcommand);
    return finalReply(interaction);
  };

  const world: FaultWorld = {
    discord,
    redisServer,
    redis,
    bot,
    guild,
    channelId,
    moderator,
    addMember: (username) => discord.createMember(guild.id, { username, globalName: username }),
    dispatch,
    run,
    async startBot() {
      await bot.start();
      // Ready means answering: a harmless /profile gets its reply.
      const deadline = Date.now() + 30_000;
      for (;;) {
        const probe = await dispatch(moderator, 'profile');
        try {
          await probe.response({ timeoutMs: 2_000 });
          return;
        } catch {
          if (Date.now() > deadline) throw new Error('the bot did not start answering');
        }
      }
    },
    async stop() {
      if (bot.running) await bot.stop('SIGTERM').catch(() => bot.kill('SIGKILL'));
      await discord.close();
      redis.disconnect();
      await redisServer.destroy();
    },
  };
  return world;
}

/** What the caller finally saw: the reply, or the edit of a deferred reply. */
export async function finalReply(interaction: StandInInteraction, timeoutMs = 4_000): Promise<string> {
  const events = await interaction.waitForVisible((seen) => seen.some((event) => event.content !== undefined), { timeoutMs });
  return events.filter((event) => event.content !== undefined).at(-1)!.content!;
}

/** Question text that is never a near-duplicate of another: eight made-up words. */
export function distinctQuestion(index: number): string {
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'te', 'vo', 'zi', 'pa', 'qu', 'bre', 'dro', 'fli', 'gno', 'hwa'];
  let seed = index * 7919 + 17;
  const word = () => {
    let text = '';
    for (let i = 0; i < 3; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      text += syllables[seed % syllables.length];
    }
    return text;
  };
  return `Question ${index}: ${Array.from({ length: 8 }, word).join(' ')}?`;
}
