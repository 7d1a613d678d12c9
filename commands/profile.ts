import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { UserError } from '../bot/errors.js';
import type { SlashCommand } from './command.js';
import { callerOf } from './guild-context.js';
import { cleanLine } from './text-input.js';

export const TITLE_MAX = 100;

const definition = {
  name: 'profile',
  description: 'Your title line, shown with your questions and in archives',
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'title',
      description: "Like 'Researcher @ Harvard'",
      max_length: TITLE_MAX,
    },
    { type: ApplicationCommandOptionType.Boolean, name: 'clear', description: 'Remove your title line' },
    {
      type: ApplicationCommandOptionType.Boolean,
      name: 'notify',
      description: 'Get a direct message when a question you voted for is answered',
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const profileCommand: SlashCommand = {
  definition,
  async execute({ interaction, services, respond }) {
    const caller = callerOf(interaction);
    const titleOption = interaction.options.getString('title');
    const clear = interaction.options.getBoolean('clear') ?? false;
    const profiles = services.profiles;

    if (clear && titleOption !== null) throw new UserError('Give a new `title` or `clear`, not both.');
    const notify = interaction.options.getBoolean('notify');
    if (notify !== null) {
      await profiles.setNotifications(caller.guildId, caller.userId, notify);
      if (!clear && titleOption === null) {
        await respond({
          content: notify
            ? "Done: you'll get a direct message when a question you voted for is answered."
            : 'Done: no more direct messages about answered questions.',
        });
        return;
      }
    }
    if (clear) {
      await profiles.clearTitle(caller.guildId, caller.userId);
      await respond({ content: 'Your title line is cleared. Questions you ask from now on show your name only.' });
      return;
    }
    if (titleOption !== null) {
      const title = cleanLine(titleOption, { label: 'Your title line', max: TITLE_MAX });
      await profiles.setTitle(caller.guildId, caller.userId, title);
      await respond({ content: `Your title line is now: *${title}*\nIt shows with questions you ask from now on, and in archives.` });
      return;
    }
    const current = await profiles.getTitle(caller.guildId, caller.userId);
    await respond({
      content: current
        ? `Your title line: *${current}*\nChange it with \`/profile title:\`, remove it with \`/profile clear:True\`.`
        : 'You have no title line yet. Set one with `/profile title:`, like "Researcher @ Harvard".',
    });
  },
};
