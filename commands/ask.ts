import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { ChatInputCommandInteraction } from 'discord.js';
import { UserError } from '../bot/errors.js';
import { RepeatedDelivery } from '../bot/router.js';
import { relativeTime } from '../bot/render/timestamps.js';
import { ButtonStyle } from 'discord-api-types/v10';
import { previewText } from '../archive/text.js';
import { buttonRow } from '../bot/render/components.js';
import { escapeInlineText } from '../bot/render/safe-text.js';
import type { AskInput, AskRefusal, SessionSummary } from '../storage/question-store.js';
import type { CommandContext, Services, SlashCommand } from './command.js';
import { callerOf } from './guild-context.js';
import { sessionChoices } from './session-choices.js';
import { sessionOption } from './session-option.js';
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
    sessionOption(),
    {
      type: ApplicationCommandOptionType.Boolean,
      name: 'anonymous',
      description: 'Ask without your name (when the AMA allows it; moderators can still see who asked)',
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const askCommand: SlashCommand = {
  definition,
  async execute({ interaction, services, respond, log }) {
    let input: AskInput;
    try {
      input = askInput(interaction, services.now());
    } catch (error) {
      // Refused before reaching the ask script, which records deliveries (the router leaves that
      // to it): record this one here, so that a copy of it is not answered twice.
      const first = interaction.inGuild() ? await services.questions.firstDelivery(interaction.guildId, interaction.id).catch(() => true) : true;
      throw first ? error : new RepeatedDelivery();
    }
    const result = await services.questions.ask(input);
    // A copy of an interaction already handled: the first delivery answered it.
    if (result.repeated) throw new RepeatedDelivery();
    if (!result.ok) {
      if (result.reason === 'duplicate') return offerUpvote(result, services, input.guildId, respond);
      throw new UserError(refusal(result, services.now()));
    }

    // Queued before the reply: once the member sees "got it", the post is already a job.
    await services.scheduler.syncQuestion({ guildId: input.guildId, sessionId: result.sessionId, number: result.number }, 'asked');
    // Debug, not info: the router already logs every interaction at info, and a second line per
    // /ask (serialised and written out at the busiest moment of an AMA) was CPU spent twice.
    log.debug({ sessionId: result.sessionId, number: result.number, duplicate: result.duplicate }, 'question stored');
    const where =
      result.status === 'review'
        ? 'The moderators review questions first; once approved it will show'
        : 'It will show';
    await respond({
      content:
        `Got it: your question is **Q${result.number}** in AMA #${result.sessionId}. ` +
        `${where} in <#${result.channelId}>, and you'll be mentioned in its thread when it is answered.`,
      components: [buttonRow({ action: 'withdraw', sessionId: result.sessionId, number: result.number, label: 'Withdraw my question' })],
    });
  },
  async autocomplete({ interaction, services }) {
    return sessionChoices(services.sessions, callerOf(interaction).guildId, interaction.options.getFocused(), ['open']);
  },
};

/** What the member asked, as plain data for the store; throws UserError for unusable text. */
function askInput(interaction: ChatInputCommandInteraction, now: number): AskInput {
  const caller = callerOf(interaction);
  const text = cleanText(interaction.options.getString('question', true), {
    label: 'Your question',
    min: QUESTION_MIN,
    max: QUESTION_MAX,
  });
  return {
    guildId: caller.guildId,
    interactionId: interaction.id,
    channelId: caller.channelId,
    parentChannelId: caller.parentChannelId,
    sessionId: interaction.options.getInteger('session'),
    asker: { id: caller.userId, name: caller.displayName },
    text,
    anonymous: interaction.options.getBoolean('anonymous') ?? false,
    now,
  };
}

/** A near-duplicate: show the waiting question it matches, with a button to upvote it instead. */
async function offerUpvote(result: AskRefusal, services: Services, guildId: string, respond: CommandContext['respond']): Promise<void> {
  const existing = await services.questions.get(guildId, result.sessionId!, result.number!);
  if (!existing) throw new UserError('A very similar question is already waiting; please check the channel.');
  const preview = escapeInlineText(previewText(existing.text, 300), 300);
  await respond({
    content: `A very similar question is already waiting: **Q${existing.number}** (▲ ${existing.votes})\n> ${preview}\nUpvote it instead, and you'll be counted as having asked it too.`,
    components: [buttonRow({ action: 'fold', sessionId: existing.sessionId, number: existing.number, label: `▲ Upvote Q${existing.number}`, style: ButtonStyle.Primary })],
  });
}

/** Says why, and where or when the member can ask instead. */
export function refusal(result: AskRefusal, now: number): string {
  const elsewhere = openElsewhere(result.open);
  switch (result.reason) {
    case 'banned':
      return `The moderators have stopped you from asking in AMA #${result.sessionId}.`;
    case 'anonymous-not-allowed':
      return `AMA #${result.sessionId} does not take anonymous questions. Ask again without \`anonymous\`.`;
    case 'too-short':
      return `Your question is too short for this AMA: at least ${result.limit} characters.`;
    case 'too-long':
      return `Your question is too long for this AMA: at most ${result.limit} characters.`;
    case 'cooldown':
      return `This AMA asks members to wait ${result.limit} seconds between questions. You can ask again ${relativeTime(Math.max(result.retryAt ?? now, now + 1000))}.`;
    case 'too-many-pending':
      return `You already have ${result.limit} questions waiting in this AMA, its limit. You can ask again once one is answered, or withdraw one.`;
    case 'duplicate':
      return 'A very similar question is already waiting.';
    case 'repeated-delivery':
      return 'This question was already received.';
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
