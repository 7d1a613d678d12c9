import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import type {
  APIApplicationCommandOptionChoice,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { Logger } from 'pino';
import type { Reply } from '../bot/responder.js';
import type { JobScheduler } from '../jobs/scheduler.js';
import type { GuildSettingsStore } from '../storage/guild-settings.js';
import type { ProfileStore } from '../storage/profile-store.js';
import type { QuestionStore } from '../storage/question-store.js';
import type { SessionStore } from '../storage/session-store.js';

/** What command handlers may use; passed in explicitly, never looked up. */
export interface Services {
  sessions: SessionStore;
  questions: QuestionStore;
  profiles: ProfileStore;
  scheduler: JobScheduler;
  settings: GuildSettingsStore;
  now: () => number;
}

export interface CommandContext {
  interaction: ChatInputCommandInteraction;
  log: Logger;
  services: Services;
  respond: (reply: Reply) => Promise<void>;
}

export interface AutocompleteContext {
  interaction: AutocompleteInteraction;
  log: Logger;
  services: Services;
}

export type Choice = APIApplicationCommandOptionChoice<string | number>;

/**
 * One slash command: the JSON Discord registers (also uploaded by deploy-commands) and its
 * handler. Handlers parse options, call storage and jobs, render a reply, and throw UserError to
 * refuse; the router turns that into an ephemeral reply.
 */
export interface SlashCommand {
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(ctx: CommandContext): Promise<void>;
  autocomplete?(ctx: AutocompleteContext): Promise<Choice[]>;
}
