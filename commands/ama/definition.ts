import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';

const sessionOption = (description: string) =>
  ({
    type: ApplicationCommandOptionType.Integer,
    name: 'session',
    description,
    min_value: 1,
    autocomplete: true,
  }) as const;

/** Channels Parley can post in and start threads from. */
export const AMA_CHANNEL_TYPES = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

export const amaDefinition = {
  name: 'ama',
  description: 'Schedule and run AMA sessions',
  // Moderators by default; checked again on every use, since server admins can change this.
  default_member_permissions: String(PermissionFlagsBits.ManageEvents),
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'schedule',
      description: 'Schedule an AMA with a guest host',
      options: [
        { type: ApplicationCommandOptionType.User, name: 'host', description: 'Who answers the questions', required: true },
        { type: ApplicationCommandOptionType.String, name: 'title', description: 'What the AMA is about', required: true, max_length: 100 },
        { type: ApplicationCommandOptionType.String, name: 'start', description: '`now`, `2026-12-01 18:00` (UTC) or ISO 8601; default now', max_length: 64 },
        { type: ApplicationCommandOptionType.String, name: 'duration', description: 'How long questions are taken, like 90m, 2h, 6d; default 1h', max_length: 32 },
        { type: ApplicationCommandOptionType.Channel, name: 'channel', description: 'Where questions are posted; default this channel', channel_types: [...AMA_CHANNEL_TYPES] },
        { type: ApplicationCommandOptionType.String, name: 'host_title', description: "The host's title line, like 'Secretary General @ Amnesty International'", max_length: 100 },
        { type: ApplicationCommandOptionType.String, name: 'intro', description: 'The host’s introduction, posted when the AMA opens', max_length: 4000 },
        { type: ApplicationCommandOptionType.Channel, name: 'archive_channel', description: 'Where the archive is published; default the AMA channel', channel_types: [...AMA_CHANNEL_TYPES] },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'start', description: 'Open a scheduled AMA now', options: [sessionOption('The session to open')] },
    { type: ApplicationCommandOptionType.Subcommand, name: 'end', description: 'Close an open AMA now and publish its archive', options: [sessionOption('The session to close')] },
    { type: ApplicationCommandOptionType.Subcommand, name: 'cancel', description: 'Call off an AMA without an archive', options: [sessionOption('The session to cancel')] },
    { type: ApplicationCommandOptionType.Subcommand, name: 'list', description: "This server's AMAs" },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
