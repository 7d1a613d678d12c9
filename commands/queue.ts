import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { UserError } from '../bot/errors.js';
import { canSeeQueue } from '../bot/permissions.js';
import { renderQueue } from '../bot/render/queue.js';
import type { SlashCommand } from './command.js';
import { callerOf } from './guild-context.js';
import { resolveSession } from './resolve-session.js';
import { sessionChoices } from './session-choices.js';

const SHOWN = 15;

const definition = {
  name: 'queue',
  description: 'The questions waiting for an answer (hosts and moderators)',
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
  options: [
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'session',
      description: 'Which AMA; default the one open in this channel',
      min_value: 1,
      autocomplete: true,
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const queueCommand: SlashCommand = {
  definition,
  async execute({ interaction, services, respond }) {
    const caller = callerOf(interaction);
    const session = await resolveSession(services.sessions, caller, {
      requested: interaction.options.getInteger('session'),
      statuses: ['open', 'scheduled'],
      action: 'show the queue of',
    });
    if (!canSeeQueue(session, caller.userId, caller.permissions)) {
      throw new UserError('Only the host and moderators can see the queue.');
    }
    const [pending, total] = await Promise.all([
      services.questions.pending(caller.guildId, session.id, 0, SHOWN),
      services.questions.pendingCount(caller.guildId, session.id),
    ]);
    await respond({ content: renderQueue(session, pending, { limit: SHOWN, total }).content });
  },
  async autocomplete({ interaction, services }) {
    return sessionChoices(services.sessions, callerOf(interaction).guildId, interaction.options.getFocused(), ['open', 'scheduled']);
  },
};
