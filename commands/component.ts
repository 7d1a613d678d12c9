import type { APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';
import type { ButtonInteraction, ModalSubmitInteraction } from 'discord.js';
import type { Logger } from 'pino';
import type { ComponentAction, ComponentRef } from '../bot/custom-ids.js';
import type { Reply } from '../bot/responder.js';
import type { Services } from './command.js';

export interface ComponentContext {
  interaction: ButtonInteraction | ModalSubmitInteraction;
  /** What the custom id names; the guild is always the interaction's own. */
  ref: ComponentRef;
  log: Logger;
  services: Services;
  /** An ephemeral reply to the presser. */
  respond: (reply: Reply) => Promise<void>;
  /** Rewrites the (ephemeral) message the button sits on. */
  update: (reply: Reply) => Promise<void>;
  showModal: (modal: APIModalInteractionResponseCallbackData) => Promise<void>;
}

/** What a button press or modal submission does; throws UserError to refuse. */
export type ComponentHandler = (ctx: ComponentContext) => Promise<void>;

export type ComponentHandlers = Partial<Record<ComponentAction, ComponentHandler>>;
