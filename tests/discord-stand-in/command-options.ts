/**
 * Turns a test's `{ host: userId, title: 'x' }` into the option tree and `resolved` data the
 * Discord client would send — typed from the command definition the BOT registered. So a USER
 * option carries resolved.users/members, CHANNEL carries resolved.channels, INTEGER is a number,
 * and a test cannot send something the Discord client would not let a user send (missing
 * required option, value outside choices/min/max, wrong channel type).
 */
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type {
  APIApplicationCommand,
  APIApplicationCommandBasicOption,
  APIApplicationCommandInteractionDataBasicOption,
  APIApplicationCommandInteractionDataOption,
  APIApplicationCommandOption,
  APIAttachment,
  APIInteractionDataResolved,
  InteractionType,
} from 'discord-api-types/v10';
import { resolvedChannel, resolvedMember } from './serialize.js';
import { nextSnowflake } from './snowflake.js';
import type { GuildRecord, StandInAttachment, StandInState } from './state.js';

/** An attachment option value: the stand-in uploads it and serves it like Discord's CDN. */
export interface AttachmentInput {
  filename: string;
  contentType?: string;
  bytes: Buffer | string;
}

export type OptionValue = string | number | boolean | AttachmentInput;

export interface BuildOptionsInput {
  command: APIApplicationCommand;
  subcommandGroup?: string;
  subcommand?: string;
  options?: Record<string, OptionValue>;
  guild: GuildRecord;
  channelId: string;
  userId: string;
  /** Autocomplete: the option being typed in, and its raw text. Required options may be missing. */
  focused?: { name: string; value: string };
}

export interface BuiltOptions {
  options: APIApplicationCommandInteractionDataOption<InteractionType.ApplicationCommand>[];
  resolved?: APIInteractionDataResolved;
}

export function buildCommandOptions(state: StandInState, input: BuildOptionsInput, attachmentBaseUrl: string): BuiltOptions {
  const { command } = input;
  const top = command.options ?? [];
  const label = `/${command.name}`;
  const resolved: Required<APIInteractionDataResolved> = { users: {}, members: {}, roles: {}, channels: {}, attachments: {} };

  const hasGroups = top.some((o) => o.type === ApplicationCommandOptionType.SubcommandGroup);
  const hasSubs = top.some((o) => o.type === ApplicationCommandOptionType.Subcommand);

  let leafDefs: APIApplicationCommandOption[] = top;
  let wrap = (leaf: APIApplicationCommandInteractionDataOption[]): APIApplicationCommandInteractionDataOption[] => leaf;

  // Discord lets a command mix top-level subcommands and groups: a group is needed only when one
  // is named, or when the command has groups and no plain subcommands.
  if (input.subcommandGroup !== undefined || (hasGroups && !hasSubs)) {
    const group = top.find((o) => o.type === ApplicationCommandOptionType.SubcommandGroup && o.name === input.subcommandGroup);
    if (!group || group.type !== ApplicationCommandOptionType.SubcommandGroup) {
      throw new Error(`${label} has no subcommand group "${input.subcommandGroup ?? ''}" (registered: ${names(top, ApplicationCommandOptionType.SubcommandGroup)})`);
    }
    const sub = (group.options ?? []).find((o) => o.name === input.subcommand);
    if (!sub) throw new Error(`${label} ${group.name} has no subcommand "${input.subcommand ?? ''}" (registered: ${names(group.options ?? [])})`);
    leafDefs = sub.options ?? [];
    wrap = (leaf) => [
      { type: ApplicationCommandOptionType.SubcommandGroup, name: group.name, options: [{ type: ApplicationCommandOptionType.Subcommand, name: sub.name, options: leaf as never }] },
    ];
  } else if (input.subcommand !== undefined || hasSubs) {
    const sub = top.find((o) => o.type === ApplicationCommandOptionType.Subcommand && o.name === input.subcommand);
    if (!sub || sub.type !== ApplicationCommandOptionType.Subcommand) {
      throw new Error(`${label} has no subcommand "${input.subcommand ?? ''}" (registered: ${names(top, ApplicationCommandOptionType.Subcommand)})`);
    }
    leafDefs = sub.options ?? [];
    wrap = (leaf) => [{ type: ApplicationCommandOptionType.Subcommand, name: sub.name, options: leaf as never }];
  }

  const given = { ...(input.options ?? {}) };
  const leaf: APIApplicationCommandInteractionDataOption[] = [];
  for (const def of leafDefs as APIApplicationCommandBasicOption[]) {
    const where = `${label} option "${def.name}"`;
    if (input.focused?.name === def.name) {
      if (!('autocomplete' in def) || def.autocomplete !== true) throw new Error(`${where} is not registered with autocomplete: true`);
      leaf.push({ type: def.type, name: def.name, value: input.focused.value, focused: true } as APIApplicationCommandInteractionDataBasicOption);
      delete given[def.name];
      continue;
    }
    const value = given[def.name];
    delete given[def.name];
    if (value === undefined) {
      if (def.required && !input.focused) throw new Error(`${where} is required`);
      continue;
    }
    leaf.push(convert(state, def, value, where, input, resolved, attachmentBaseUrl));
  }
  if (input.focused && !leaf.some((o) => 'focused' in o && o.focused)) {
    throw new Error(`${label}: focused option "${input.focused.name}" is not an option of this (sub)command`);
  }
  const unknown = Object.keys(given);
  if (unknown.length > 0) throw new Error(`${label} has no option(s) ${unknown.join(', ')} (registered: ${names(leafDefs)})`);

  const nonEmpty = Object.fromEntries(Object.entries(resolved).filter(([, v]) => Object.keys(v).length > 0));
  return { options: wrap(leaf) as BuiltOptions['options'], ...(Object.keys(nonEmpty).length ? { resolved: nonEmpty } : {}) };
}

function convert(
  state: StandInState,
  def: APIApplicationCommandBasicOption,
  value: OptionValue,
  where: string,
  input: BuildOptionsInput,
  resolved: Required<APIInteractionDataResolved>,
  attachmentBaseUrl: string,
): APIApplicationCommandInteractionDataOption {
  const { guild } = input;
  const T = ApplicationCommandOptionType;
  const choices = 'choices' in def ? def.choices : undefined;
  const checkChoices = (v: string | number) => {
    if (choices && choices.length > 0 && !choices.some((c) => c.value === v)) {
      throw new Error(`${where}: ${JSON.stringify(v)} is not one of the registered choices ${JSON.stringify(choices.map((c) => c.value))}`);
    }
  };
  switch (def.type) {
    case T.String: {
      const v = String(value);
      if (def.min_length !== undefined && v.length < def.min_length) throw new Error(`${where}: shorter than min_length ${def.min_length}`);
      if (def.max_length !== undefined && v.length > def.max_length) throw new Error(`${where}: longer than max_length ${def.max_length}`);
      checkChoices(v);
      return { type: T.String, name: def.name, value: v };
    }
    case T.Integer:
    case T.Number: {
      const v = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(v) || (def.type === T.Integer && !Number.isInteger(v))) throw new Error(`${where}: ${JSON.stringify(value)} is not a valid ${def.type === T.Integer ? 'integer' : 'number'}`);
      if (def.min_value !== undefined && v < def.min_value) throw new Error(`${where}: below min_value ${def.min_value}`);
      if (def.max_value !== undefined && v > def.max_value) throw new Error(`${where}: above max_value ${def.max_value}`);
      checkChoices(v);
      return { type: def.type, name: def.name, value: v };
    }
    case T.Boolean:
      if (typeof value !== 'boolean') throw new Error(`${where}: expected a boolean`);
      return { type: T.Boolean, name: def.name, value };
    case T.User:
    case T.Mentionable:
    case T.Role: {
      const id = String(value);
      const user = def.type !== T.Role ? state.user(id) : undefined;
      const role = def.type !== T.User ? guild.roles.get(id) : undefined;
      if (user) {
        resolved.users[id] = user;
        const member = guild.members.get(id);
        if (member) resolved.members[id] = resolvedMember(state, guild, member, input.channelId);
      } else if (role) {
        resolved.roles[id] = role;
      } else {
        throw new Error(`${where}: ${id} is not a ${def.type === T.Role ? 'role of this guild' : def.type === T.User ? 'known user' : 'known user or role'}`);
      }
      return { type: def.type, name: def.name, value: id } as APIApplicationCommandInteractionDataOption;
    }
    case T.Channel: {
      const id = String(value);
      const channel = state.channel(id);
      if (!channel || state.guildIdOf(channel) !== guild.id) throw new Error(`${where}: ${id} is not a channel of this guild`);
      if (def.channel_types && def.channel_types.length > 0 && !def.channel_types.includes(channel.type as never)) {
        throw new Error(`${where}: channel type ${channel.type} not allowed (registered channel_types ${JSON.stringify(def.channel_types)})`);
      }
      resolved.channels[id] = resolvedChannel(state, channel, guild.id, input.userId);
      return { type: T.Channel, name: def.name, value: id };
    }
    case T.Attachment: {
      if (typeof value !== 'object') throw new Error(`${where}: expected { filename, bytes }`);
      const bytes = typeof value.bytes === 'string' ? Buffer.from(value.bytes) : value.bytes;
      const id = nextSnowflake();
      const url = `${attachmentBaseUrl}/attachments/${input.channelId}/${id}/${encodeURIComponent(value.filename)}`;
      const attachment: APIAttachment = {
        id,
        filename: value.filename,
        size: bytes.length,
        url,
        proxy_url: url,
        content_type: value.contentType ?? 'application/octet-stream',
      };
      state.attachments.set(id, { ...attachment, bytes } as StandInAttachment);
      resolved.attachments[id] = attachment;
      return { type: T.Attachment, name: def.name, value: id };
    }
    default:
      throw new Error(`${where}: unsupported option type ${(def as { type: number }).type}`);
  }
}

function names(options: APIApplicationCommandOption[], type?: ApplicationCommandOptionType): string {
  const list = options.filter((o) => type === undefined || o.type === type).map((o) => o.name);
  return list.length ? list.join(', ') : '(none)';
}
