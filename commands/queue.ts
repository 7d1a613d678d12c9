import {
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { UserError } from '../bot/errors.js';
import { canModerate, canSeeQueue } from '../bot/permissions.js';
import { renderQueue } from '../bot/render/queue.js';
import type { MessageBody } from '../bot/render/message-body.js';
import type { Session } from '../storage/model.js';
import type { Services, SlashCommand } from './command.js';
import { callerOf } from './guild-context.js';
import { resolveSession } from './resolve-session.js';
import { sessionChoices } from './session-choices.js';
import { sessionOption } from './session-option.js';

export const QUEUE_PAGE_SIZE = 10;

const definition = {
  name: 'queue',
  description: 'The questions waiting for an answer (hosts and moderators)',
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
  options: [
    sessionOption(),
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** One page of the queue, most votes first; moderators also see who asked anonymously. */
export async function queuePage(services: Services, session: Session, page: number, revealAnonymous: boolean): Promise<MessageBody> {
  const [pending, total] = await Promise.all([
    services.questions.pending(session.guildId, session.id, page * QUEUE_PAGE_SIZE, QUEUE_PAGE_SIZE),
    services.questions.pendingCount(session.guildId, session.id),
  ]);
  return renderQueue(session, pending, { limit: QUEUE_PAGE_SIZE, total, page, revealAnonymous });
}

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
    const page = await queuePage(services, session, 0, canModerate(caller.permissions));
    await respond({ content: page.content, components: page.components ?? [] });
  },
  async autocomplete({ interaction, services }) {
    return sessionChoices(services.sessions, callerOf(interaction).guildId, interaction.options.getFocused(), ['open', 'scheduled']);
  },
};
