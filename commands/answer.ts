import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { UserError } from '../bot/errors.js';
import type { Session } from '../storage/model.js';
import type { AnswerOutcome } from '../storage/question-store.js';
import type { Choice, Services, SlashCommand } from './command.js';
import { callerOf, type Caller } from './guild-context.js';
import { choiceName } from './session-choices.js';
import { cleanText } from './text-input.js';

export const ANSWER_MAX = 6000;

const definition = {
  name: 'answer',
  description: 'Answer a question (hosts only)',
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
  options: [
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'question',
      description: 'The question number; start typing to pick from your queue',
      required: true,
      min_value: 1,
      autocomplete: true,
    },
    { type: ApplicationCommandOptionType.String, name: 'answer', description: 'Your answer', required: true, max_length: ANSWER_MAX },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const answerCommand: SlashCommand = {
  definition,
  async execute({ interaction, services, respond, log }) {
    const caller = callerOf(interaction);
    const session = await hostedSession(services, caller);
    const number = interaction.options.getInteger('question', true);
    const text = cleanText(interaction.options.getString('answer', true), { label: 'Your answer', max: ANSWER_MAX });
    const hostTitle = session.host.title ?? (await services.profiles.getTitle(caller.guildId, caller.userId));
    const outcome = await services.questions.answer({
      guildId: caller.guildId,
      sessionId: session.id,
      number,
      host: { id: caller.userId, name: session.host.name, title: hostTitle },
      text,
      now: services.now(),
      interactionId: interaction.id,
    });
    if (outcome !== 'answered' && outcome !== 'duplicate') throw new UserError(refusal(outcome, number, session));

    await services.scheduler.syncQuestion({ guildId: caller.guildId, sessionId: session.id, number }, 'answered');
    log.info({ sessionId: session.id, number }, 'question answered');
    await respond({ content: `Answered **Q${number}**. Your answer is being posted in its thread.` });
  },

  async autocomplete({ interaction, services }) {
    const caller = callerOf(interaction);
    const session = await hostedSession(services, caller).catch(() => null);
    if (!session) return [];
    const typed = String(interaction.options.getFocused()).trim().replace(/^q/i, '');
    const pending = await services.questions.pending(caller.guildId, session.id, 0, 200);
    return pending
      .filter((q) => typed === '' || String(q.number).startsWith(typed) || q.text.toLowerCase().includes(typed.toLowerCase()))
      .slice(0, 25)
      .map((q): Choice => ({ name: choiceName(`Q${q.number} · ${q.asker.name}: ${q.text}`), value: q.number }));
  },
};

/**
 * The open session the caller hosts: the one in this channel (or its parent) first, else their
 * only open one in the server.
 */
async function hostedSession(services: Services, caller: Caller): Promise<Session> {
  const hosting = (await services.sessions.listOpen(caller.guildId)).filter((s) => s.host.id === caller.userId);
  const here = hosting.filter((s) => s.channelId === caller.channelId || s.channelId === caller.parentChannelId);
  if (here.length === 1) return here[0]!;
  if (here.length === 0 && hosting.length === 1) return hosting[0]!;
  if (hosting.length === 0) throw new UserError('Only the host can answer, and you are not hosting an open AMA in this server.');
  throw new UserError('You are hosting several open AMAs: run /answer in the channel of the one you are answering.');
}

function refusal(outcome: Exclude<AnswerOutcome, 'answered' | 'duplicate'>, number: number, session: Session): string {
  switch (outcome) {
    case 'unknown-question':
      return `There is no Q${number} in AMA #${session.id}.`;
    case 'already-answered':
      return `Q${number} has already been answered.`;
    case 'not-host':
      return 'Only the host can answer.';
    case 'not-open':
    case 'missing-session':
      return `AMA #${session.id} is not open any more.`;
  }
}
