import {
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { UserError } from '../bot/errors.js';
import { isHost } from '../bot/permissions.js';
import { renderNextQuestion } from '../bot/render/next-question.js';
import type { MessageBody } from '../bot/render/message-body.js';
import type { Session } from '../storage/model.js';
import type { Services, SlashCommand } from './command.js';
import type { Caller } from './guild-context.js';
import { callerOf } from './guild-context.js';
import { resolveSession } from './resolve-session.js';
import { sessionChoices } from './session-choices.js';
import { sessionOption } from './session-option.js';

const definition = {
  name: 'next',
  description: 'Your top-ranked waiting question, with Answer and Skip (hosts only)',
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
  options: [
    sessionOption(),
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const nextCommand: SlashCommand = {
  definition,
  async execute({ interaction, services, respond }) {
    const caller = callerOf(interaction);
    const session = await resolveSession(services.sessions, caller, {
      requested: interaction.options.getInteger('session'),
      statuses: ['open'],
      action: 'answer',
    });
    if (!isHost(session, caller.userId)) throw new UserError('Only the hosts use /next.');
    // A fresh /next starts from the top again, skipped questions included.
    await services.questions.clearSkipped(caller.guildId, session.id, caller.userId);
    const card = await nextCard(services, caller, session);
    await respond({ content: card.content, components: card.components ?? [] });
  },
  async autocomplete({ interaction, services }) {
    return sessionChoices(services.sessions, callerOf(interaction).guildId, interaction.options.getFocused(), ['open']);
  },
};

/** The host's next question as a card with Answer and Skip, honouring what they skipped. */
export async function nextCard(services: Services, caller: Caller, session: Session): Promise<MessageBody> {
  const [{ question, skippedAll }, waiting] = await Promise.all([
    services.questions.nextFor(caller.guildId, session.id, caller.userId),
    services.questions.pendingCount(caller.guildId, session.id),
  ]);
  return renderNextQuestion(session, question, waiting, skippedAll);
}
