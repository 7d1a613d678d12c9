import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { UserError } from '../bot/errors.js';
import { relativeTime } from '../bot/render/timestamps.js';
import type { AskResult, SessionSummary } from '../storage/question-store.js';
import type { SlashCommand } from './command.js';
import { callerOf } from './guild-context.js';
import { sessionChoices } from './session-choices.js';
import { cleanText } from './text-input.js';

export const QUESTION_MIN = 10;
export const QUESTION_MAX = 1500;

const definition = {
  name: 'ask',
  description: 'Ask the host a question',
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'question',
      description: 'Your question for the host',
      required: true,
      min_length: QUESTION_MIN,
      max_length: QUESTION_MAX,
    },
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'session',
      description: 'Which AMA; default the one open in this channel',
      min_value: 1,
      autocomplete: true,
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const askCommand: SlashCommand = {
  definition,
  async execute({ interaction, services, respond, log }) {
    const caller = callerOf(interaction);
    const text = cleanText(interaction.options.getString('question', true), {
      label: 'Your question',
      min: QUESTION_MIN,
      max: QUESTION_MAX,
    });
    const result = await services.questions.ask({
      guildId: caller.guildId,
      interactionId: interaction.id,
      channelId: caller.channelId,
      parentChannelId: caller.parentChannelId,
      sessionId: interaction.options.getInteger('session'),
      asker: { id: caller.userId, name: caller.displayName },
      text,
      now: services.now(),
    });
    if (!result.ok) throw new UserError(refusal(result));

    // Queued before the reply: once the member sees "got it", the post is already a job.
    await services.scheduler.syncQuestion({ guildId: caller.guildId, sessionId: result.sessionId, number: result.number }, 'asked');
    log.info({ sessionId: result.sessionId, number: result.number, duplicate: result.duplicate }, 'question stored');
    await respond({
      content:
        `Got it: your question is **Q${result.number}** in AMA #${result.sessionId}. ` +
        `It will show in <#${result.channelId}> in a moment, and you'll be mentioned in its thread when the host answers.`,
    });
  },
  async autocomplete({ interaction, services }) {
    return sessionChoices(services.sessions, callerOf(interaction).guildId, interaction.options.getFocused(), ['open']);
  },
};

type Refusal = Extract<AskResult, { ok: false }>;

/** Says why, and where the member can ask instead. */
export function refusal(result: Refusal): string {
  const elsewhere = openElsewhere(result.open);
  switch (result.reason) {
    case 'unknown-session':
      return `There is no AMA #${result.sessionId} in this server.${elsewhere}`;
    case 'not-open':
      return `AMA #${result.sessionId} hasn't opened yet: it opens ${relativeTime(result.startsAt ?? 0)}.`;
    case 'ended':
      return `AMA #${result.sessionId} has ended and takes no more questions.${elsewhere}`;
    case 'ambiguous':
      return `Several AMAs are open here (${result.open.map((s) => `#${s.id}`).join(', ')}). Choose one with the \`session\` option.`;
    case 'no-session-here': {
      const next = result.next ? ` The next one, AMA #${result.next.id}, opens ${relativeTime(result.next.startsAt)} in <#${result.next.channelId}>.` : '';
      const none = result.open.length === 0 && !result.next ? ' None is scheduled right now.' : '';
      return `No AMA is open in this channel.${elsewhere}${next}${none}`;
    }
  }
}

function openElsewhere(open: readonly SessionSummary[]): string {
  if (open.length === 0) return '';
  const list = open.slice(0, 5).map((s) => `AMA #${s.id} in <#${s.channelId}>`).join(', ');
  return ` Open now: ${list}.`;
}
