import { ApplicationCommandOptionType } from 'discord-api-types/v10';

/** The `session` option several commands share: a session number, autocompleted. */
export const sessionOption = (description = 'Which AMA; default the one open in this channel') =>
  ({
    type: ApplicationCommandOptionType.Integer,
    name: 'session',
    description,
    min_value: 1,
    autocomplete: true,
  }) as const;
