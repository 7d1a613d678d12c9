import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { UserError } from '../bot/errors.js';
import { isHost } from '../bot/permissions.js';
import type { Session } from '../storage/model.js';
import type { Choice, Services, SlashCommand } from './command.js';
import { submitAnswer, submitAnswerEdit } from './flows/answering.js';
import { callerOf, type Caller } from './guild-context.js';
import { choiceName } from './session-choices.js';
import { cleanText } from './text-input.js';

export const ANSWER_MAX = 6000;
const AUTOCOMPLETE_CANDIDATES = 50;

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
    {
      type: ApplicationCommandOptionType.Boolean,
      name: 'edit',
      description: 'Replace the answer already given (also after the AMA ended)',
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const answerCommand: SlashCommand = {
  definition,
  async execute({ interaction, services, respond, log }) {
    const caller = callerOf(interaction);
    const number = interaction.options.getInteger('question', true);
    const text = cleanText(interaction.options.getString('answer', true), { label: 'Your answer', max: ANSWER_MAX });
    const editing = interaction.options.getBoolean('edit') ?? false;
    const session = await hostedSession(services, caller, editing ? ['open', 'closed'] : ['open']);
    const reply = editing
      ? await submitAnswerEdit(services, caller, session.id, number, text)
      : await submitAnswer(services, caller, session, number, text, interaction.id);
    log.info({ sessionId: session.id, number, editing }, editing ? 'answer edited' : 'question answered');
    await respond({ content: reply });
  },

  async autocomplete({ interaction, services }) {
    const caller = callerOf(interaction);
    const editing = interaction.options.getBoolean('edit') ?? false;
    const session = await hostedSession(services, caller, editing ? ['open', 'closed'] : ['open']).catch(() => null);
    if (!session) return [];
    const typed = String(interaction.options.getFocused()).trim().replace(/^q/i, '');
    // Autocomplete runs on every keystroke: a typed number is looked up directly, and text is
    // matched among the best-ranked waiting questions only (Discord shows 25 choices at most).
    const exact = /^\d{1,9}$/.test(typed) ? await services.questions.get(caller.guildId, session.id, Number(typed)) : null;
    const wanted = editing ? 'answered' : 'pending';
    const ranked = editing
      ? await services.questions.answered(caller.guildId, session.id)
      : await services.questions.pending(caller.guildId, session.id, 0, AUTOCOMPLETE_CANDIDATES);
    const candidates = exact?.status === wanted ? [exact, ...ranked.filter((q) => q.number !== exact.number)] : ranked;
    return candidates
      .filter((q) => typed === '' || String(q.number).startsWith(typed) || q.text.toLowerCase().includes(typed.toLowerCase()))
      .slice(0, 25)
      .map((q): Choice => ({ name: choiceName(`Q${q.number} · ▲${q.votes} · ${q.anonymous ? 'Anonymous' : q.asker.name}: ${q.text}`), value: q.number }));
  },
};

/**
 * The session the caller hosts (or co-hosts): the one in this channel (or its parent) first,
 * else their only one in the server, among sessions in the given states, newest first.
 */
async function hostedSession(services: Services, caller: Caller, statuses: readonly Session['status'][]): Promise<Session> {
  const hosting = (await services.sessions.list(caller.guildId, 50)).filter(
    (s) => statuses.includes(s.status) && isHost(s, caller.userId),
  );
  const here = hosting.filter((s) => s.channelId === caller.channelId || s.channelId === caller.parentChannelId);
  if (here.length >= 1) return here[0]!;
  if (hosting.length === 1) return hosting[0]!;
  if (hosting.length === 0) throw new UserError('Only the hosts can answer, and you are not hosting an open AMA in this server.');
  throw new UserError('You are hosting several AMAs: run /answer in the channel of the one you are answering.');
}
