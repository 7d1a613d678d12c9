/**
 * Shared setup for the stand-in's own tests: a stand-in with one guild, a real discord.js
 * Client (intents: Guilds) logged in against it, and a few slash commands registered the way a
 * bot would (through the REST API, not by poking the stand-in).
 */
import {
  ChannelType,
  Client,
  Events,
  GatewayIntentBits,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import type { Interaction } from 'discord.js';
import { startDiscordStandIn } from '../discord-stand-in/index.js';
import type { DiscordStandIn, StandInGuild, StandInMember, StandInOptions } from '../discord-stand-in/index.js';

export const amaCommand = new SlashCommandBuilder()
  .setName('ama')
  .setDescription('AMA sessions')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageEvents)
  .addSubcommand((s) =>
    s
      .setName('schedule')
      .setDescription('Schedule an AMA')
      .addUserOption((o) => o.setName('host').setDescription('Who answers').setRequired(true))
      .addStringOption((o) => o.setName('title').setDescription('Title').setRequired(true).setMaxLength(100))
      .addIntegerOption((o) => o.setName('duration').setDescription('Minutes').setMinValue(15).setMaxValue(240))
      .addChannelOption((o) => o.setName('channel').setDescription('Where').addChannelTypes(ChannelType.GuildText)),
  )
  .addSubcommand((s) =>
    s
      .setName('ask')
      .setDescription('Ask a question')
      .addStringOption((o) => o.setName('session').setDescription('Which AMA').setRequired(true).setAutocomplete(true))
      .addStringOption((o) => o.setName('question').setDescription('Your question')),
  );

export const pingCommand = new SlashCommandBuilder().setName('ping').setDescription('Ping');

export interface Harness {
  discord: DiscordStandIn;
  client: Client<true>;
  guild: StandInGuild;
  channelId: string;
  forumId: string;
  forumTagId: string;
  moderator: StandInMember;
  member: StandInMember;
  /** Replace the bot's interaction handler for the current test. */
  onInteraction(handler: (i: Interaction) => Promise<void> | void): void;
  /** Errors thrown by interaction handlers (so tests can assert on DiscordAPIErrors). */
  handlerErrors: unknown[];
  close(): Promise<void>;
}

export async function startHarness(options: StandInOptions = {}): Promise<Harness> {
  const discord = await startDiscordStandIn(options);
  const guild = discord.createGuild({ name: 'Parley Test Guild' });
  const channel = discord.createTextChannel(guild.id, { name: 'ama' });
  const forum = discord.createForumChannel(guild.id, { name: 'ama-archive', tags: ['AMA', 'Answered'] });
  const moderator = discord.createMember(guild.id, { username: 'mod', globalName: 'Moderator', permissions: PermissionFlagsBits.ManageEvents });
  const member = discord.createMember(guild.id, { username: 'alice', globalName: 'Alice' });

  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl } });
  const handlerErrors: unknown[] = [];
  let handler: (i: Interaction) => Promise<void> | void = () => undefined;
  client.on(Events.InteractionCreate, (i) => {
    Promise.resolve()
      .then(() => handler(i))
      .catch((err: unknown) => handlerErrors.push(err));
  });
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, (c) => resolve(c)));
  await client.login(discord.token);
  const readyClient = await ready;
  await readyClient.application.commands.set([amaCommand.toJSON(), pingCommand.toJSON()], guild.id);

  return {
    discord,
    client: readyClient,
    guild,
    channelId: channel.id,
    forumId: forum.id,
    forumTagId: forum.available_tags[0]!.id,
    moderator,
    member,
    handlerErrors,
    onInteraction(h) {
      handler = h;
    },
    async close() {
      await client.destroy();
      await discord.close();
    },
  };
}
