import { DEFAULT_LIMITS, LIMIT_BOUNDS } from '../../storage/model.js';
import { sessionOption } from '../session-option.js';
import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';

const timeZoneOption = (description: string) =>
  ({ type: ApplicationCommandOptionType.String, name: 'timezone', description, max_length: 64, autocomplete: true }) as const;

/** Channels Parley can post in and start threads from. */
export const AMA_CHANNEL_TYPES = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;
/** Where an archive can go: a text or announcement channel, or a forum (as a post of its own). */
export const ARCHIVE_CHANNEL_TYPES = [...AMA_CHANNEL_TYPES, ChannelType.GuildForum] as const;

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
        { type: ApplicationCommandOptionType.String, name: 'start', description: 'now (default), tomorrow 18:00, next friday 7pm, in 2 hours, 2026-12-01 18:00, ISO 8601', max_length: 64 },
        { type: ApplicationCommandOptionType.String, name: 'duration', description: 'How long questions are taken: 90m, 2h, 6d, or until 20:00; default 1h', max_length: 64 },
        { type: ApplicationCommandOptionType.Channel, name: 'channel', description: 'Where questions are posted; default this channel', channel_types: [...AMA_CHANNEL_TYPES] },
        { type: ApplicationCommandOptionType.String, name: 'host_title', description: "The host's title line, like 'Secretary General @ Amnesty International'", max_length: 100 },
        { type: ApplicationCommandOptionType.String, name: 'intro', description: 'The host’s introduction, posted when the AMA opens', max_length: 4000 },
        { type: ApplicationCommandOptionType.Channel, name: 'archive_channel', description: 'Where the archive is published (a forum gets a post); default the AMA channel', channel_types: [...ARCHIVE_CHANNEL_TYPES] },
        { type: ApplicationCommandOptionType.String, name: 'cohosts', description: 'Up to three more hosts, as mentions: @Ana @Bo', max_length: 200 },
        { type: ApplicationCommandOptionType.Boolean, name: 'moderated', description: 'Moderators approve each question before it is posted' },
        { type: ApplicationCommandOptionType.Channel, name: 'review_channel', description: 'Where moderators review questions (needed with moderated)', channel_types: [...AMA_CHANNEL_TYPES] },
        { type: ApplicationCommandOptionType.Boolean, name: 'anonymous', description: 'Allow anonymous questions (moderators can still see who asked)' },
        { type: ApplicationCommandOptionType.Boolean, name: 'collect_early', description: 'Take questions and votes before the AMA opens' },
        { type: ApplicationCommandOptionType.Integer, name: 'max_pending', description: `Unanswered questions per member at once (default ${DEFAULT_LIMITS.maxPending})`, min_value: LIMIT_BOUNDS.maxPending[0], max_value: LIMIT_BOUNDS.maxPending[1] },
        { type: ApplicationCommandOptionType.Integer, name: 'cooldown', description: `Seconds between one member's questions (default ${DEFAULT_LIMITS.cooldownSeconds})`, min_value: LIMIT_BOUNDS.cooldownSeconds[0], max_value: LIMIT_BOUNDS.cooldownSeconds[1] },
        { type: ApplicationCommandOptionType.Integer, name: 'min_length', description: `Shortest question, in characters (default ${DEFAULT_LIMITS.minLength})`, min_value: LIMIT_BOUNDS.minLength[0], max_value: LIMIT_BOUNDS.minLength[1] },
        { type: ApplicationCommandOptionType.Integer, name: 'max_length', description: `Longest question, in characters (default ${DEFAULT_LIMITS.maxLength})`, min_value: LIMIT_BOUNDS.maxLength[0], max_value: LIMIT_BOUNDS.maxLength[1] },
        timeZoneOption("Time zone of start and duration, like Europe/Paris; default the server's (/ama settings)"),
        { type: ApplicationCommandOptionType.String, name: 'reminders', description: 'Reminders in the AMA channel before it opens: 1d,15m (default), 2h, or none', max_length: 64 },
        { type: ApplicationCommandOptionType.Role, name: 'reminder_role', description: 'A role the reminders ping (the only ping Parley makes on its own)' },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'reschedule',
      description: 'Move a scheduled AMA to another time (its reminders and Discord event move too)',
      options: [
        { type: ApplicationCommandOptionType.String, name: 'start', description: 'The new start: tomorrow 18:00, next friday 7pm, in 2 hours, 2026-12-01 18:00', required: true, max_length: 64 },
        { type: ApplicationCommandOptionType.String, name: 'duration', description: 'The new length (90m, 2h, until 20:00); default the same length as before', max_length: 64 },
        timeZoneOption('Time zone of the new start; default the one the AMA was scheduled in'),
        sessionOption('The session to move'),
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'extend',
      description: 'Give an open or scheduled AMA more time',
      options: [
        { type: ApplicationCommandOptionType.String, name: 'by', description: 'How much longer: 30m, 1h, 1d', required: true, max_length: 32 },
        sessionOption('The session to extend'),
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'settings',
      description: "This server's Parley settings; with no options, shows them",
      options: [timeZoneOption('Time zone for times typed without one, like Europe/Paris (IANA name)')],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'start', description: 'Open a scheduled AMA now', options: [sessionOption('The session to open')] },
    { type: ApplicationCommandOptionType.Subcommand, name: 'end', description: 'Close an open AMA now and publish its archive', options: [sessionOption('The session to close')] },
    { type: ApplicationCommandOptionType.Subcommand, name: 'cancel', description: 'Call off an AMA without an archive', options: [sessionOption('The session to cancel')] },
    { type: ApplicationCommandOptionType.Subcommand, name: 'list', description: "This server's upcoming, open and recent AMAs" },
    {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: 'cohost',
      description: 'Add or remove a co-host',
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'add',
          description: 'Add a co-host (up to four hosts in all)',
          options: [
            { type: ApplicationCommandOptionType.User, name: 'user', description: 'The co-host', required: true },
            { type: ApplicationCommandOptionType.String, name: 'title', description: "Their title line; default their /profile one", max_length: 100 },
            sessionOption('The session'),
          ],
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'remove',
          description: 'Remove a co-host',
          options: [
            { type: ApplicationCommandOptionType.User, name: 'user', description: 'The co-host', required: true },
            sessionOption('The session'),
          ],
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'hide',
      description: 'Hide a question from the channel, the queue and the archive',
      options: [
        { type: ApplicationCommandOptionType.Integer, name: 'question', description: 'The question number', required: true, min_value: 1 },
        sessionOption('The session'),
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'ban',
      description: 'Stop a member from asking in this AMA',
      options: [
        { type: ApplicationCommandOptionType.User, name: 'user', description: 'The member', required: true },
        sessionOption('The session'),
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
