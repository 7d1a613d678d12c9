/**
 * The Discord *client* side of interactions: a member runs a slash command, types into an
 * autocomplete option, presses a button, picks from a select menu, submits a modal. Each builds
 * the INTERACTION_CREATE payload Discord would send (typed with discord-api-types), refuses what
 * the Discord client would not allow (hidden commands, disabled buttons, unopened modals), then
 * dispatches it over the gateway and returns a handle to observe the bot's responses.
 */
import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandType,
  ComponentType,
  GatewayDispatchEvents,
  InteractionContextType,
  InteractionType,
  Locale,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import type {
  APIApplicationCommand,
  APIApplicationCommandAutocompleteGuildInteraction,
  APIApplicationCommandOptionChoice,
  APIChatInputApplicationCommandGuildInteraction,
  APIMessageComponentGuildInteraction,
  APIModalSubmissionComponent,
  APIModalSubmitGuildInteraction,
  APIInteraction,
  ModalSubmitComponent,
} from 'discord-api-types/v10';
import { buildCommandOptions } from './command-options.js';
import type { OptionValue } from './command-options.js';
import type { Gateway, GatewayDelivery } from './gateway.js';
import { StandInInteraction } from './interaction-registry.js';
import type { InteractionRecord, InteractionRegistry } from './interaction-registry.js';
import { ALL_PERMISSIONS } from './permissions.js';
import { interactionMember, messageToApi } from './serialize.js';
import { nextSnowflake } from './snowflake.js';
import type { DispatchData, GuildRecord, StandInMessage, StandInState } from './state.js';

/** Discord's default upload limit for non-boosted guilds (bytes). */
const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;

export interface WhereAndWho {
  guildId: string;
  channelId: string;
  userId: string;
  /** The user's client locale (default en-US). */
  locale?: Locale;
}

export interface SlashCommandInput extends WhereAndWho {
  command: string;
  subcommandGroup?: string;
  subcommand?: string;
  options?: Record<string, OptionValue>;
  /** Skip the default_member_permissions / UseApplicationCommands check (an admin opened the command to everyone). */
  bypassCommandPermissions?: boolean;
}

export interface AutocompleteInput extends SlashCommandInput {
  focused: string;
  value: string;
  timeoutMs?: number;
}

export interface ButtonInput extends WhereAndWho {
  messageId: string;
  customId: string;
}

export interface SelectInput extends ButtonInput {
  values: string[];
}

export interface ModalSubmitInput extends WhereAndWho {
  customId: string;
  /** Values by the text input's (or select's) custom_id. */
  fields: Record<string, string | string[]>;
  /** Which interaction opened the modal (default: the latest one that opened `customId` for this user). */
  openedBy?: string;
}

export class InteractionSimulator {
  constructor(
    private readonly state: StandInState,
    private readonly registry: InteractionRegistry,
    private readonly gateway: Gateway,
    private readonly applicationId: string,
    private readonly baseUrl: () => string,
  ) {}

  runSlashCommand(input: SlashCommandInput): StandInInteraction {
    const { guild, command } = this.commandFor(input);
    const built = buildCommandOptions(
      this.state,
      { command, guild, channelId: input.channelId, userId: input.userId, ...pick(input, 'subcommand', 'subcommandGroup', 'options') },
      this.baseUrl(),
    );
    const payload: APIChatInputApplicationCommandGuildInteraction = {
      ...this.base(InteractionType.ApplicationCommand, guild, input),
      type: InteractionType.ApplicationCommand,
      data: {
        id: command.id,
        name: command.name,
        type: ApplicationCommandType.ChatInput,
        ...(built.options.length ? { options: built.options } : {}),
        ...(built.resolved ? { resolved: built.resolved } : {}),
        ...(command.guild_id ? { guild_id: command.guild_id } : {}),
      },
    };
    return this.deliver(payload, { guildId: guild.id, channelId: input.channelId, userId: input.userId, commandName: command.name });
  }

  /** Autocomplete round trip; resolves with the choices the bot returned. */
  async autocomplete(input: AutocompleteInput): Promise<APIApplicationCommandOptionChoice[]> {
    const ix = this.startAutocomplete(input);
    await ix.response({ timeoutMs: input.timeoutMs ?? 4000 });
    return ix.choices() ?? [];
  }

  startAutocomplete(input: AutocompleteInput): StandInInteraction {
    const { guild, command } = this.commandFor(input);
    const built = buildCommandOptions(
      this.state,
      {
        command,
        guild,
        channelId: input.channelId,
        userId: input.userId,
        focused: { name: input.focused, value: input.value },
        ...pick(input, 'subcommand', 'subcommandGroup', 'options'),
      },
      this.baseUrl(),
    );
    const payload: APIApplicationCommandAutocompleteGuildInteraction = {
      ...this.base(InteractionType.ApplicationCommandAutocomplete, guild, input),
      type: InteractionType.ApplicationCommandAutocomplete,
      data: {
        id: command.id,
        name: command.name,
        type: ApplicationCommandType.ChatInput,
        options: built.options as never,
        ...(command.guild_id ? { guild_id: command.guild_id } : {}),
      },
    };
    return this.deliver(payload, { guildId: guild.id, channelId: input.channelId, userId: input.userId, commandName: command.name });
  }

  pressButton(input: ButtonInput): StandInInteraction {
    const { guild, message, component } = this.componentFor(input, ComponentType.Button);
    if ((component as { style?: number }).style === 5) throw new Error(`button "${input.customId}" is a link button: Discord sends no interaction for it`);
    const payload: APIMessageComponentGuildInteraction = {
      ...this.base(InteractionType.MessageComponent, guild, input),
      type: InteractionType.MessageComponent,
      channel_id: input.channelId,
      channel: this.partialChannel(input.channelId),
      app_permissions: this.appPermissions(guild, input.channelId),
      data: { custom_id: input.customId, component_type: ComponentType.Button },
      message: messageToApi(message),
    };
    return this.deliver(payload, { guildId: guild.id, channelId: input.channelId, userId: input.userId, sourceMessageId: message.id });
  }

  /** A string select menu choice (values must be among the menu's options). */
  selectMenu(input: SelectInput): StandInInteraction {
    const { guild, message, component } = this.componentFor(input, ComponentType.StringSelect);
    const menu = component as { options?: Array<{ value: string }>; min_values?: number; max_values?: number };
    const allowed = new Set((menu.options ?? []).map((o) => o.value));
    for (const v of input.values) if (!allowed.has(v)) throw new Error(`select "${input.customId}": "${v}" is not one of its options`);
    if (input.values.length < (menu.min_values ?? 1) || input.values.length > (menu.max_values ?? 1)) {
      throw new Error(`select "${input.customId}": pick between ${menu.min_values ?? 1} and ${menu.max_values ?? 1} values`);
    }
    const payload: APIMessageComponentGuildInteraction = {
      ...this.base(InteractionType.MessageComponent, guild, input),
      type: InteractionType.MessageComponent,
      channel_id: input.channelId,
      channel: this.partialChannel(input.channelId),
      app_permissions: this.appPermissions(guild, input.channelId),
      data: { custom_id: input.customId, component_type: ComponentType.StringSelect, values: input.values },
      message: messageToApi(message),
    };
    return this.deliver(payload, { guildId: guild.id, channelId: input.channelId, userId: input.userId, sourceMessageId: message.id });
  }

  submitModal(input: ModalSubmitInput): StandInInteraction {
    const guild = this.guildAndMember(input).guild;
    const opener = this.findModalOpener(input);
    const modal = opener.modal!;
    const remaining = new Map(Object.entries(input.fields));
    const components: APIModalSubmissionComponent[] = modal.components.map((c): APIModalSubmissionComponent => {
      if (c.type === ComponentType.ActionRow) {
        return {
          type: ComponentType.ActionRow,
          ...(c.id !== undefined ? { id: c.id } : {}),
          components: c.components.map((inner) => this.submitField(inner as unknown as ModalField, remaining, modal.custom_id)) as never,
        };
      }
      if (c.type === ComponentType.Label) {
        return {
          type: ComponentType.Label,
          id: c.id ?? 0,
          component: this.submitField(c.component as unknown as ModalField, remaining, modal.custom_id),
        };
      }
      return { type: ComponentType.TextDisplay, id: c.id ?? 0 };
    });
    if (remaining.size > 0) throw new Error(`modal "${modal.custom_id}" has no field(s) ${[...remaining.keys()].join(', ')}`);
    const source = opener.sourceMessageId ? this.state.messages.get(opener.sourceMessageId) : undefined;
    const payload: APIModalSubmitGuildInteraction = {
      ...this.base(InteractionType.ModalSubmit, guild, input),
      type: InteractionType.ModalSubmit,
      data: { custom_id: modal.custom_id, components },
      ...(source ? { message: messageToApi(source) } : {}),
    };
    return this.deliver(payload, {
      guildId: guild.id,
      channelId: input.channelId,
      userId: input.userId,
      ...(opener.sourceMessageId ? { sourceMessageId: opener.sourceMessageId } : {}),
    });
  }

  /**
   * Deliver a raw INTERACTION_CREATE exactly as given, `times` times (duplicate delivery), for
   * idempotency and fuzz tests. Returns a handle when the payload has an id and token.
   */
  dispatchRaw(raw: unknown, opts: { times?: number } = {}): StandInInteraction | undefined {
    const p = (raw ?? {}) as Partial<APIInteraction> & { guild_id?: string; channel_id?: string; member?: { user?: { id?: string } } };
    let handle: StandInInteraction | undefined;
    let record: InteractionRecord | undefined;
    if (typeof p.id === 'string' && typeof p.token === 'string') {
      const registered = this.registry.register({
        id: p.id,
        token: p.token,
        type: (p.type ?? InteractionType.ApplicationCommand) as InteractionType,
        ...(p.guild_id ? { guildId: p.guild_id } : {}),
        ...(p.channel_id ? { channelId: p.channel_id } : {}),
        ...(p.member?.user?.id ? { userId: p.member.user.id } : {}),
        ...(p.message && typeof p.message === 'object' && 'id' in p.message ? { sourceMessageId: (p.message as { id: string }).id } : {}),
        ...(p.data && typeof p.data === 'object' && 'name' in p.data ? { commandName: String((p.data as { name: unknown }).name) } : {}),
        payload: raw,
        dispatchedAt: Date.now(),
        deliveredTo: 0,
      });
      record = registered;
      handle = new StandInInteraction(registered, this.state);
    }
    for (let i = 0; i < (opts.times ?? 1); i++) {
      const deliveries = this.gateway.dispatchTracked(GatewayDispatchEvents.InteractionCreate, raw as DispatchData<GatewayDispatchEvents.InteractionCreate>, {
        guildId: p.guild_id ?? null,
        intent: 0,
      });
      if (record) recordDeliveries(record, deliveries);
    }
    return handle;
  }

  // ---- helpers --------------------------------------------------------------------------------

  private deliver(
    payload: APIChatInputApplicationCommandGuildInteraction | APIApplicationCommandAutocompleteGuildInteraction | APIMessageComponentGuildInteraction | APIModalSubmitGuildInteraction,
    meta: { guildId: string; channelId: string; userId: string; commandName?: string; sourceMessageId?: string },
  ): StandInInteraction {
    // Registered before dispatch so even an instant callback finds it; the 3 s clock starts now.
    const record = this.registry.register({ id: payload.id, token: payload.token, type: payload.type, payload, dispatchedAt: Date.now(), deliveredTo: 0, ...meta });
    recordDeliveries(record, this.gateway.dispatchTracked(GatewayDispatchEvents.InteractionCreate, payload, { guildId: meta.guildId, intent: 0 }));
    return new StandInInteraction(record, this.state);
  }

  private guildAndMember(input: WhereAndWho): { guild: GuildRecord } {
    const guild = this.state.guild(input.guildId);
    if (!guild) throw new Error(`unknown guild ${input.guildId}`);
    if (!guild.members.has(input.userId)) throw new Error(`user ${input.userId} is not a member of guild ${guild.name}`);
    const channel = this.state.channel(input.channelId);
    if (!channel || this.state.guildIdOf(channel) !== guild.id) throw new Error(`channel ${input.channelId} is not in guild ${guild.name}`);
    if (!this.state.memberHas(guild.id, input.userId, PermissionFlagsBits.ViewChannel, input.channelId)) {
      throw new Error(`user ${input.userId} cannot see channel ${input.channelId}`);
    }
    return { guild };
  }

  /** Find the registered command and apply the Discord client's visibility rules. */
  private commandFor(input: SlashCommandInput): { guild: GuildRecord; command: APIApplicationCommand } {
    const { guild } = this.guildAndMember(input);
    const isChatInput = (c: APIApplicationCommand) => c.name === input.command && (c.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput;
    const command = [...guild.commands.values()].find(isChatInput) ?? [...this.state.globalCommands.values()].find(isChatInput);
    if (!command) {
      const registered = [...guild.commands.values(), ...this.state.globalCommands.values()].map((c) => `/${c.name}`);
      throw new Error(`/${input.command} is not registered (registered: ${registered.join(', ') || 'none'}) — did the bot register its commands?`);
    }
    if (command.contexts && !command.contexts.includes(InteractionContextType.Guild)) throw new Error(`/${command.name} is not available in guilds (contexts)`);
    if (!input.bypassCommandPermissions) {
      const perms = this.state.memberPermissions(guild.id, input.userId, input.channelId);
      const isAdmin = (perms & PermissionFlagsBits.Administrator) !== 0n || perms === ALL_PERMISSIONS;
      if (!isAdmin) {
        if ((perms & PermissionFlagsBits.UseApplicationCommands) === 0n) throw new Error(`user ${input.userId} lacks Use Application Commands in this channel`);
        const required = command.default_member_permissions;
        if (required !== null && required !== undefined) {
          const bits = BigInt(required);
          if (bits === 0n || (perms & bits) !== bits) {
            throw new Error(`/${command.name} is hidden from user ${input.userId}: default_member_permissions ${required} not met (has ${perms}); pass bypassCommandPermissions if an admin opened it up`);
          }
        }
      }
    }
    return { guild, command };
  }

  private componentFor(input: ButtonInput, type: ComponentType): { guild: GuildRecord; message: StandInMessage; component: Record<string, unknown> } {
    const { guild } = this.guildAndMember(input);
    const message = this.state.messages.get(input.messageId);
    if (!message || message.deleted || message.channel_id !== input.channelId) throw new Error(`message ${input.messageId} is not in channel ${input.channelId}`);
    if (message.ephemeral) {
      const owner = message.interactionId ? this.registry.get(message.interactionId)?.userId : undefined;
      if (owner !== input.userId) throw new Error(`message ${input.messageId} is ephemeral: only its recipient can use its components`);
    }
    const component = findComponent(message.components ?? [], input.customId);
    if (!component) throw new Error(`message ${input.messageId} has no component with custom_id "${input.customId}"`);
    if (component.type !== type) throw new Error(`component "${input.customId}" has type ${String(component.type)}, not ${type}`);
    if (component.disabled === true) throw new Error(`component "${input.customId}" is disabled`);
    return { guild, message, component };
  }

  private findModalOpener(input: ModalSubmitInput): InteractionRecord {
    if (input.openedBy) {
      const r = this.registry.get(input.openedBy);
      if (!r?.modal || r.modal.custom_id !== input.customId) throw new Error(`interaction ${input.openedBy} did not open modal "${input.customId}"`);
      return r;
    }
    let latest: InteractionRecord | undefined;
    for (const r of this.registry.all()) if (r.modal?.custom_id === input.customId && r.userId === input.userId) latest = r;
    if (!latest) throw new Error(`no modal "${input.customId}" was opened for user ${input.userId}`);
    return latest;
  }

  private submitField(field: ModalField, remaining: Map<string, string | string[]>, modalId: string): ModalSubmitComponent {
    const value = remaining.get(field.custom_id);
    remaining.delete(field.custom_id);
    const where = `modal "${modalId}" field "${field.custom_id}"`;
    if (field.type === ComponentType.TextInput) {
      const text = Array.isArray(value) ? value.join('') : (value ?? '');
      if ((field.required ?? true) && text.length === 0) throw new Error(`${where} is required`);
      if (field.min_length !== undefined && text.length > 0 && text.length < field.min_length) throw new Error(`${where}: shorter than min_length ${field.min_length}`);
      if (field.max_length !== undefined && text.length > field.max_length) throw new Error(`${where}: longer than max_length ${field.max_length}`);
      return { type: ComponentType.TextInput, custom_id: field.custom_id, value: text, ...(field.id !== undefined ? { id: field.id } : {}) };
    }
    const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
    if ((field.required ?? true) && values.length === 0) throw new Error(`${where} is required`);
    return { type: field.type, custom_id: field.custom_id, values, ...(field.id !== undefined ? { id: field.id } : {}) } as ModalSubmitComponent;
  }

  private base(type: InteractionType, guild: GuildRecord, who: WhereAndWho) {
    const member = guild.members.get(who.userId)!;
    return {
      id: nextSnowflake(),
      application_id: this.applicationId,
      type,
      token: `aW50ZXJhY3Rpb246${randomBytes(48).toString('base64url')}`,
      version: 1 as const,
      guild_id: guild.id,
      guild: { id: guild.id, features: [], locale: guild.preferredLocale },
      channel_id: who.channelId,
      channel: this.partialChannel(who.channelId),
      member: interactionMember(this.state, guild, member, who.channelId),
      app_permissions: this.appPermissions(guild, who.channelId),
      locale: who.locale ?? Locale.EnglishUS,
      guild_locale: guild.preferredLocale,
      entitlements: [],
      authorizing_integration_owners: { 0: guild.id },
      context: InteractionContextType.Guild,
      attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
    };
  }

  private partialChannel(channelId: string): APIChatInputApplicationCommandGuildInteraction['channel'] {
    const channel = this.state.channel(channelId)!;
    return { ...channel } as APIChatInputApplicationCommandGuildInteraction['channel'];
  }

  private appPermissions(guild: GuildRecord, channelId: string): string {
    return this.state.memberPermissions(guild.id, this.state.botUser.id, channelId).toString();
  }
}

interface ModalField {
  type: ComponentType;
  custom_id: string;
  id?: number;
  required?: boolean;
  min_length?: number;
  max_length?: number;
}

function findComponent(components: unknown[], customId: string): Record<string, unknown> | undefined {
  for (const c of components) {
    if (!c || typeof c !== 'object') continue;
    const comp = c as Record<string, unknown>;
    if (comp.custom_id === customId) return comp;
    const nested = [...((comp.components as unknown[] | undefined) ?? []), ...(comp.accessory ? [comp.accessory] : []), ...(comp.component ? [comp.component] : [])];
    const found = findComponent(nested, customId);
    if (found) return found;
  }
  return undefined;
}

function pick<T extends object, K extends keyof T>(obj: T, ...keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

/** Which sessions/shards an INTERACTION_CREATE reached, for `deliveredTo` and `dispatchedTo`. */
function recordDeliveries(record: InteractionRecord, deliveries: GatewayDelivery[]): void {
  record.deliveredTo += deliveries.length;
  record.dispatchedTo.push(...deliveries);
}
