import {
  DiscordAPIError,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import type { RedisClient } from '../storage/redis.js';
import type { Logger } from 'pino';
import type { Services, SlashCommand } from '../commands/command.js';
import type { ComponentHandlers } from '../commands/component.js';
import { decodeCustomId } from './custom-ids.js';
import { checkOptions } from './option-check.js';
import { interactionKey } from '../storage/keys.js';
import {
  isMalformedInteraction,
  isRedisUnavailable,
  MALFORMED_INTERACTION_MESSAGE,
  newErrorReference,
  StorageUnavailableError,
  UserError,
} from './errors.js';
import type { InteractionOutcome, InteractionReport } from './metrics.js';
import { Responder } from './responder.js';

export interface RouterDeps {
  commands: readonly SlashCommand[];
  components: ComponentHandlers;
  services: Services;
  redis: RedisClient;
  keyPrefix: string;
  log: Logger;
  /** Defer when a handler has not answered by then, well inside Discord's 3 seconds. */
  deferAfterMs?: number;
  /** Told how each command or component interaction ended (for metrics). */
  onInteractionDone?: (report: InteractionReport) => void;
}

// Discord may deliver an INTERACTION_CREATE again (after a gateway resume, say). Interaction ids
// are unique and tokens live 15 minutes, so remembering ids that long is enough.
const SEEN_INTERACTION_TTL_SECONDS = 15 * 60;

// /ask, the busiest command, records its delivery inside the script that stores the question
// (storage/lua/ask-question.ts): one round trip to Redis where checking here first made two.
const DELIVERY_RECORDED_BY_HANDLER: ReadonlySet<string> = new Set(['ask']);

/** Thrown by a handler that records its own deliveries when this one is a copy: nothing is sent. */
export class RepeatedDelivery extends Error {
  override name = 'RepeatedDelivery';
}

/** The single entry point for interactions: routing, logging, deadlines and error replies. */
export function createInteractionRouter(deps: RouterDeps): (interaction: Interaction) => Promise<void> {
  const byName = new Map(deps.commands.map((command) => [command.definition.name, command]));

  return async (interaction) => {
    if (interaction.isAutocomplete()) return handleAutocomplete(interaction, byName, deps);
    if (interaction.isChatInputCommand()) return handleCommand(interaction, byName, deps);
    if (interaction.isButton() || interaction.isModalSubmit()) return handleComponent(interaction, deps);
  };
}

async function handleCommand(
  interaction: ChatInputCommandInteraction,
  byName: Map<string, SlashCommand>,
  deps: RouterDeps,
): Promise<void> {
  const log = deps.log.child({
    interactionId: interaction.id,
    command: commandPath(interaction),
    guildId: interaction.guildId,
    userId: interaction.user.id,
  });
  const command = byName.get(interaction.commandName);
  if (!command) {
    log.warn('unknown command');
    return;
  }
  const recordedByHandler = DELIVERY_RECORDED_BY_HANDLER.has(command.definition.name) && interaction.inGuild();
  if (!recordedByHandler && !(await isFirstDelivery(interaction.id, deps, log))) {
    log.info('duplicate delivery ignored');
    return;
  }

  const responder = new Responder(interaction);
  const malformed = checkOptions(command.definition, interaction.options.data);
  if (malformed) {
    // A handler that records its own deliveries never sees this one, so check it here.
    if (recordedByHandler && !(await isFirstDelivery(interaction.id, deps, log))) {
      log.info('duplicate delivery ignored');
      return;
    }
    log.info({ reason: malformed }, 'malformed interaction refused');
    await responder.send({ content: MALFORMED_INTERACTION_MESSAGE }).catch((error: unknown) => log.warn({ err: error }, 'refusal not delivered'));
    deps.onInteractionDone?.({ name: commandPath(interaction), outcome: 'refused', seconds: 0 });
    return;
  }
  await runWithDeadline(commandPath(interaction), responder, log, deps, () =>
    command.execute({ interaction, log, services: deps.services, respond: (reply) => responder.send(reply) }),
  );
}

async function handleComponent(interaction: ButtonInteraction | ModalSubmitInteraction, deps: RouterDeps): Promise<void> {
  const ref = decodeCustomId(interaction.customId);
  const log = deps.log.child({
    interactionId: interaction.id,
    component: ref?.action ?? 'unknown',
    guildId: interaction.guildId,
    userId: interaction.user.id,
  });
  const responder = new Responder(interaction);
  const handler = ref ? deps.components[ref.action] : undefined;
  if (!ref || !handler) {
    // Forged, or from a version of Parley that is gone: say so rather than fail silently.
    log.info({ customId: interaction.customId.slice(0, 100) }, 'unknown component');
    await responder.send({ content: 'This button is no longer valid.' }).catch(() => undefined);
    return;
  }
  await runWithDeadline(`component ${ref.action}`, responder, log, deps, () =>
    handler({
      interaction,
      ref,
      log,
      services: deps.services,
      respond: (reply) => responder.send(reply),
      update: (reply) => responder.update(reply),
      showModal: (modal) => responder.showModal(modal),
    }),
  );
}

/** Runs a handler, deferring if it is slow and turning what it throws into an ephemeral reply. */
async function runWithDeadline(name: string, responder: Responder, log: Logger, deps: RouterDeps, run: () => Promise<void>): Promise<void> {
  const deadline = setTimeout(() => {
    responder.deferIfSilent().catch((error: unknown) => log.warn({ err: error }, 'deferring failed'));
  }, deps.deferAfterMs ?? 2_000);
  const started = performance.now();
  let outcome: InteractionOutcome | 'repeated' = 'ok';
  try {
    await run();
    log.info({ ms: Math.round(performance.now() - started) }, 'interaction done');
  } catch (error) {
    if (error instanceof RepeatedDelivery) {
      outcome = 'repeated';
      log.info('duplicate delivery ignored');
    } else {
      outcome = await replyWithError(error, responder, log);
    }
  } finally {
    clearTimeout(deadline);
    // A copy is not counted, as when the router drops it before any handler runs.
    if (outcome !== 'repeated') deps.onInteractionDone?.({ name, outcome, seconds: (performance.now() - started) / 1_000 });
  }
}

async function replyWithError(error: unknown, responder: Responder, log: Logger): Promise<InteractionOutcome> {
  let message: string;
  let outcome: InteractionOutcome;
  if (error instanceof UserError) {
    log.debug({ reason: error.message }, 'refused');
    message = error.message;
    outcome = 'refused';
  } else if (isMalformedInteraction(error)) {
    log.info({ reason: (error as Error).message }, 'malformed interaction refused');
    message = MALFORMED_INTERACTION_MESSAGE;
    outcome = 'refused';
  } else if (isRedisUnavailable(error)) {
    log.warn({ err: error }, 'storage unavailable');
    message = new StorageUnavailableError().message;
    outcome = 'unavailable';
  } else if (isUnanswerable(error)) {
    log.warn({ err: error }, 'interaction expired or already answered');
    return 'expired';
  } else {
    const reference = newErrorReference();
    log.error({ err: error, reference }, 'command failed');
    message = `Something went wrong on Parley's side (reference ${reference}). Please try again; if it keeps happening, give this reference to a moderator.`;
    outcome = 'error';
  }
  try {
    await responder.send({ content: message });
  } catch (replyError) {
    log.warn({ err: replyError }, 'could not send the error reply');
  }
  return outcome;
}

async function handleAutocomplete(
  interaction: AutocompleteInteraction,
  byName: Map<string, SlashCommand>,
  deps: RouterDeps,
): Promise<void> {
  const log = deps.log.child({ interactionId: interaction.id, autocomplete: interaction.commandName });
  const command = byName.get(interaction.commandName);
  let choices: Awaited<ReturnType<NonNullable<SlashCommand['autocomplete']>>> = [];
  try {
    if (command?.autocomplete) choices = await command.autocomplete({ interaction, log, services: deps.services });
  } catch (error) {
    // Suggestions are a convenience: on failure offer none rather than an error.
    log.warn({ err: error }, 'autocomplete failed');
  }
  try {
    await interaction.respond(choices.slice(0, 25));
  } catch (error) {
    log.debug({ err: error }, 'autocomplete response not delivered');
  }
}

async function isFirstDelivery(interactionId: string, deps: RouterDeps, log: Logger): Promise<boolean> {
  try {
    const set = await deps.redis.set(interactionKey(deps.keyPrefix, interactionId), '1', 'EX', SEEN_INTERACTION_TTL_SECONDS, 'NX');
    return set === 'OK';
  } catch (error) {
    // Without Redis nothing can be stored anyway; let the handler run and explain.
    log.warn({ err: error }, 'could not check for a duplicate delivery');
    return true;
  }
}

function isUnanswerable(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError &&
    (error.code === RESTJSONErrorCodes.UnknownInteraction ||
      error.code === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged)
  );
}

function commandPath(interaction: ChatInputCommandInteraction): string {
  const subcommand = interaction.options.getSubcommand(false);
  return subcommand ? `${interaction.commandName} ${subcommand}` : interaction.commandName;
}
