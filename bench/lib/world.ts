// The parent side of the end-to-end benchmarks: the local Discord stand-in with one server, an
// AMA channel, a moderator and a host, Parley's commands registered, and a bot (Parley or the
// floor) in a child process connected to it. Members' /ask interactions are built ahead of
// time from a genuine one (new id, token, member and text), so that generating load costs the
// parent as little as possible while the payloads stay exactly what the stand-in would send.

import { randomBytes } from 'node:crypto';
import { REST } from 'discord.js';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { deployCommands } from '../../bot/deploy-commands.js';
import { startDiscordStandIn, type DiscordStandIn, type StandInGuild, type StandInInteraction, type StandInMember } from '../../tests/discord-stand-in/index.js';
import { nextSnowflake } from '../../tests/discord-stand-in/snowflake.js';
import { TEST_REDIS_URL } from '../../tests/support/redis.js';
import { startChild, type ChildHandle } from './child.js';

export interface BenchWorld {
  discord: DiscordStandIn;
  guild: StandInGuild;
  channelId: string;
  moderator: StandInMember;
  host: StandInMember;
  /** Runs a slash command and resolves with the text the caller finally saw. */
  run(who: StandInMember, command: string, options?: Record<string, string | number | boolean>, subcommand?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startWorld(): Promise<BenchWorld> {
  const discord = await startDiscordStandIn();
  const guild = discord.createGuild({ name: 'Bench Server' });
  const channel = discord.createTextChannel(guild.id, { name: 'ama' });
  const moderator = discord.createMember(guild.id, { username: 'mod', globalName: 'Moderator', permissions: PermissionFlagsBits.ManageEvents });
  const host = discord.createMember(guild.id, { username: 'host', globalName: 'The Host' });
  await deployCommands(new REST({ api: discord.apiUrl }).setToken(discord.token), guild.id);

  const run: BenchWorld['run'] = async (who, command, options = {}, subcommand) => {
    const interaction = await discord.runSlashCommand({ guildId: guild.id, channelId: channel.id, userId: who.id, command, subcommand, options });
    return finalText(interaction);
  };
  return { discord, guild, channelId: channel.id, moderator, host, run, close: () => discord.close() };
}

export async function finalText(interaction: StandInInteraction, timeoutMs = 10_000): Promise<string> {
  const events = await interaction.waitForVisible((seen) => seen.some((event) => event.content !== undefined), { timeoutMs });
  return events.filter((event) => event.content !== undefined).at(-1)?.content ?? '';
}

export type BotKind = 'parley' | 'floor';

/** Starts the bot in its own process and waits until it is connected to the stand-in. */
export async function startBot(world: BenchWorld, kind: BotKind, prefix: string, execArgv: string[] = []): Promise<ChildHandle> {
  const child = await startChild(kind === 'parley' ? 'processes/parley-bot.ts' : 'processes/floor-bot.ts', {
    env: { DISCORD_TOKEN: world.discord.token, DISCORD_API_URL: world.discord.apiUrl, REDIS_URL: TEST_REDIS_URL, PARLEY_KEY_PREFIX: prefix },
    execArgv,
  });
  await world.discord.waitFor(() => world.discord.gatewaySessions.some((session) => session.connected) || undefined, {
    description: 'the bot to connect',
    timeoutMs: 15_000,
  });
  return child;
}

/** `/ama schedule` by the moderator: open now, for a day, default limits. Returns the session id. */
export async function scheduleAma(world: BenchWorld, title = 'Benchmark AMA'): Promise<number> {
  const reply = await world.run(world.moderator, 'ama', { host: world.host.id, title, duration: '1d' }, 'schedule');
  const id = /AMA \*\*#(\d+)\*\*/.exec(reply)?.[1];
  if (!id) throw new Error(`could not schedule the AMA: ${reply}`);
  return Number(id);
}

/**
 * Makes /ask payloads, each from a different member with a different question: built from one
 * genuine interaction (the stand-in's own payload) with a new id, token, member and text.
 * The genuine one is sent first, so in Parley's world it asks a real question too.
 */
export async function askPayloadFactory(world: BenchWorld, label: string): Promise<(count: number) => unknown[]> {
  const first = world.discord.createMember(world.guild.id, { username: `${label}-0`, globalName: `${label} 0` });
  const genuine = await world.discord.runSlashCommand({
    guildId: world.guild.id,
    channelId: world.channelId,
    userId: first.id,
    command: 'ask',
    options: { question: 'A warm-up question to copy the shape of?' },
  });
  await genuine.response();
  const template = JSON.stringify(genuine.payload);
  let made = 0;
  let batch = 0;
  return (count) => {
    batch += 1;
    const texts = questionTexts(count, batch * 7_919 + label.length);
    const payloads: unknown[] = [];
    for (let i = 0; i < count; i++) {
      made += 1;
      const member = world.discord.createMember(world.guild.id, { username: `${label}-${made}`, globalName: `${label} ${made}` });
      const payload = JSON.parse(template) as {
        id: string;
        token: string;
        member: { user: { id: string; username: string; global_name: string | null } };
        data: { options: Array<{ name: string; value: unknown }> };
      };
      payload.id = nextSnowflake();
      payload.token = `aW50ZXJhY3Rpb246${randomBytes(48).toString('base64url')}`;
      payload.member.user = { ...payload.member.user, id: member.id, username: member.user.username, global_name: member.user.global_name ?? null };
      payload.data.options = payload.data.options.map((option) => (option.name === 'question' ? { ...option, value: texts[i] } : option));
      payloads.push(payload);
    }
    return payloads;
  };
}

/**
 * Questions as long as real ones (the Parlio AMA's average 345 characters and 25 content
 * words) and different enough that none is taken for a duplicate of another: 25 words drawn
 * from 6,000 made-up ones. Deterministic for a given seed.
 */
export function questionTexts(count: number, seed = 1): string[] {
  let state = seed * 2_654_435_761 >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'to', 'vi', 'ze', 'pa', 'qui', 'dor', 'fen', 'gal', 'hin', 'jus', 'bre', 'cly', 'wox', 'yem'];
  const vocabulary: string[] = [];
  for (let a = 0; a < syllables.length; a++) {
    for (let b = 0; b < syllables.length; b++) {
      for (let c = 0; c < 15; c++) vocabulary.push(`${syllables[a]}${syllables[b]}${syllables[(a + b + c) % syllables.length]}${c}`.replace(/\d+$/, (d) => 'xyzwqkvbjf'[Number(d) % 10]!));
    }
  }
  const openings = ['How would you approach', 'What is your view of', 'Could you explain why', 'What did you learn about', 'Where do you see'];
  return Array.from({ length: count }, (_, index) => {
    const words = Array.from({ length: 25 }, () => vocabulary[Math.floor(random() * vocabulary.length)]!);
    return `${openings[index % openings.length]} ${words.slice(0, 12).join(' ')}, and ${words.slice(12).join(' ')}?`;
  });
}
