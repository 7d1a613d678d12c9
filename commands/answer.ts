import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { UserError } from '../bot/errors.js';
import { isHost } from '../bot/permissions.js';
import type { Session } from '../storage/model.js';
import type { AnswerCandidate } from '../storage/question-store.js';
import type { Choice, Services, SlashCommand } from './command.js';
import { submitAnswer, submitAnswerEdit } from './flows/answering.js';
import { callerOf, type Caller } from './guild-context.js';
import { choiceName } from './session-choices.js';
import { cleanText } from './text-input.js';

export const ANSWER_MAX = 6000;
const AUTOCOMPLETE_CANDIDATES = 50;
/** Discord shows 25 choices at most. */
const MAX_CHOICES = 25;

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
    const typed = String(interaction.options.getFocused()).trim().replace(/^q/i, '');
    // Autocomplete runs on every keystroke: one round trip finds the session (as hostedSession
    // does) and reads what the choices show of the typed number and of the best-ranked waiting
    // questions, among which text is matched (Discord shows 25 choices at most).
    const found = await services.questions.answerCandidates({
      guildId: caller.guildId,
      hostId: caller.userId,
      channelId: caller.channelId,
      parentChannelId: caller.parentChannelId,
      list: editing ? 'answered' : 'pending',
      // Nothing typed: every candidate matches, so the first 25 are all that is shown.
      limit: typed === '' ? MAX_CHOICES : AUTOCOMPLETE_CANDIDATES,
      number: /^\d{1,9}$/.test(typed) ? Number(typed) : null,
    });
    if (!found) return [];
    const needle = typed.toLowerCase();
    const choices: Choice[] = [];
    for (const q of found.candidates) {
      if (typed === '' || String(q.number).startsWith(typed) || q.text.toLowerCase().includes(needle)) {
        choices.push({ name: questionChoiceName(q), value: q.number });
        if (choices.length === MAX_CHOICES) break;
      }
    }
    return choices;
  },
};

/** Discord shows choice names of at most 100 characters (choiceName). */
const CHOICE_NAME_MAX = 100;
/** Text flattened for a choice name: after the "Q12 · ▲3 · Ada: " head, 100 characters fill it. */
const CHOICE_TEXT_PREFIX = CHOICE_NAME_MAX;
/** What choiceName's flattening would change: a whitespace run, or whitespace other than a space. */
const UNFLAT = /\s\s|[^\S ]/;

/**
 * "Q12 · ▲3 · Ada: the question", exactly as choiceName(head + text) makes it, built 25 times per
 * keystroke without copying and flattening each whole question: once a prefix of the text
 * flattens to more than 101 characters, the rest cannot change the 99 shown before the ellipsis.
 */
export function questionChoiceName(q: Pick<AnswerCandidate, 'number' | 'votes' | 'anonymous' | 'askerName' | 'text'>): string {
  const head = `Q${q.number} · ▲${q.votes} · ${q.anonymous ? 'Anonymous' : q.askerName}: `;
  const whole = q.text.length <= CHOICE_TEXT_PREFIX;
  const raw = whole ? head + q.text : head + q.text.slice(0, CHOICE_TEXT_PREFIX);
  const flat = (UNFLAT.test(raw) ? raw.replace(/\s+/g, ' ') : raw).trimStart();
  if (!whole && flat.length <= CHOICE_NAME_MAX + 1) return choiceName(head + q.text);
  const fitted = flat.trimEnd();
  return fitted.length > CHOICE_NAME_MAX ? `${fitted.slice(0, CHOICE_NAME_MAX - 1)}…` : fitted;
}

/**
 * The session the caller hosts (or co-hosts): the one in this channel (or its parent) first,
 * else their only one in the server, among sessions in the given states, newest first.
 * (The autocomplete makes the same choice in Redis: answerCandidatesScript.)
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
