/**
 * Application command registration (global and guild). Definitions are stored as Discord
 * returns them (ids, version, defaults) because `runSlashCommand` builds interactions from them:
 * option types, subcommands, autocomplete flags and default_member_permissions all come from
 * what the bot registered, not from the test.
 */
import { ApplicationCommandOptionType, ApplicationCommandType, ApplicationIntegrationType, InteractionContextType } from 'discord-api-types/v10';
import type { APIApplicationCommand, APIApplicationCommandOption, RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { invalidFormBody, missingAccess, notFound } from '../errors.js';
import type { RequestContext, RouteDef } from '../router.js';
import { nextSnowflake } from '../snowflake.js';
import { body, noContent, ok, created, param, requireGuild } from './common.js';
import type { RestDeps } from './common.js';

export function commandRoutes(deps: RestDeps): RouteDef[] {
  const { state } = deps;

  /** The command map for the route: global, or one guild's. Also checks the application id. */
  const store = (ctx: RequestContext): { map: Map<string, APIApplicationCommand>; guildId?: string } => {
    if (param(ctx, 'application_id') !== deps.applicationId) throw missingAccess();
    const guildId = ctx.params.guild_id;
    if (guildId === undefined) return { map: state.globalCommands };
    return { map: requireGuild(state, guildId).commands, guildId };
  };

  const upsert = (map: Map<string, APIApplicationCommand>, input: RESTPostAPIApplicationCommandsJSONBody, guildId: string | undefined, index?: number) => {
    const type = input.type ?? ApplicationCommandType.ChatInput;
    const existing = [...map.values()].find((c) => c.name === input.name && c.type === type);
    const command = normalize(input, existing?.id ?? nextSnowflake(), deps.applicationId, guildId, index);
    map.set(command.id, command);
    return command;
  };

  const list = (ctx: RequestContext) => ok([...store(ctx).map.values()]);

  const bulkOverwrite = (ctx: RequestContext) => {
    const { map, guildId } = store(ctx);
    const inputs = (Array.isArray(ctx.body) ? ctx.body : []) as RESTPostAPIApplicationCommandsJSONBody[];
    const seen = new Set<string>();
    inputs.forEach((input, i) => {
      const key = `${input.type ?? 1}:${input.name}`;
      if (seen.has(key)) throw invalidFormBody(`${i}.name`, 'APPLICATION_COMMAND_NAME_ALREADY_EXISTS', 'Application command names must be unique');
      seen.add(key);
    });
    const previous = new Map(map);
    map.clear();
    const result = inputs.map((input, i) => {
      const type = input.type ?? ApplicationCommandType.ChatInput;
      const keep = [...previous.values()].find((c) => c.name === input.name && c.type === type);
      const command = normalize(input, keep?.id ?? nextSnowflake(), deps.applicationId, guildId, i);
      map.set(command.id, command);
      return command;
    });
    return ok(result);
  };

  const single = (ctx: RequestContext) => {
    const command = store(ctx).map.get(param(ctx, 'command_id'));
    if (!command) throw notFound.command();
    return command;
  };

  const routes: RouteDef[] = [];
  for (const prefix of ['/applications/{application_id}/commands', '/applications/{application_id}/guilds/{guild_id}/commands']) {
    routes.push(
      { method: 'GET', template: prefix, auth: 'bot', handler: list },
      { method: 'PUT', template: prefix, auth: 'bot', handler: bulkOverwrite },
      {
        method: 'POST',
        template: prefix,
        auth: 'bot',
        handler: (ctx) => {
          const { map, guildId } = store(ctx);
          const input = body<RESTPostAPIApplicationCommandsJSONBody>(ctx);
          const existed = [...map.values()].some((c) => c.name === input.name && c.type === (input.type ?? 1));
          const command = upsert(map, input, guildId);
          return existed ? ok(command) : created(command);
        },
      },
      { method: 'GET', template: `${prefix}/{command_id}`, auth: 'bot', handler: (ctx) => ok(single(ctx)) },
      {
        method: 'PATCH',
        template: `${prefix}/{command_id}`,
        auth: 'bot',
        handler: (ctx) => {
          const current = single(ctx);
          const { map, guildId } = store(ctx);
          const patch = body<Partial<RESTPostAPIApplicationCommandsJSONBody>>(ctx);
          const command = normalize({ ...(current as RESTPostAPIApplicationCommandsJSONBody), ...patch } as RESTPostAPIApplicationCommandsJSONBody, current.id, deps.applicationId, guildId);
          map.set(command.id, command);
          return ok(command);
        },
      },
      {
        method: 'DELETE',
        template: `${prefix}/{command_id}`,
        auth: 'bot',
        handler: (ctx) => {
          single(ctx);
          store(ctx).map.delete(param(ctx, 'command_id'));
          return noContent();
        },
      },
    );
  }
  return routes;
}

/** Discord's stored form of a command, with the checks Discord applies on registration. */
function normalize(input: RESTPostAPIApplicationCommandsJSONBody, id: string, applicationId: string, guildId: string | undefined, index?: number): APIApplicationCommand {
  const at = index === undefined ? '' : `${index}.`;
  const type = input.type ?? ApplicationCommandType.ChatInput;
  const options = 'options' in input && input.options ? input.options : undefined;
  if (options) checkOptionOrder(options, `${at}options`);
  const dmp = input.default_member_permissions;
  return {
    id,
    application_id: applicationId,
    version: nextSnowflake(),
    type,
    name: input.name,
    name_localizations: input.name_localizations ?? null,
    description: 'description' in input && typeof input.description === 'string' ? input.description : '',
    description_localizations: 'description_localizations' in input ? (input.description_localizations ?? null) : null,
    ...(options ? { options } : {}),
    default_member_permissions: dmp === undefined || dmp === null ? null : String(dmp),
    nsfw: input.nsfw ?? false,
    integration_types: input.integration_types ?? [ApplicationIntegrationType.GuildInstall],
    contexts: input.contexts ?? (input.dm_permission === false ? [InteractionContextType.Guild] : null),
    ...(guildId ? { guild_id: guildId } : {}),
  };
}

/** Discord rejects required options after optional ones (a real registration failure). */
function checkOptionOrder(options: APIApplicationCommandOption[], path: string): void {
  let sawOptional = false;
  options.forEach((o, i) => {
    if (o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup) {
      if (o.options) checkOptionOrder(o.options as APIApplicationCommandOption[], `${path}.${i}.options`);
      return;
    }
    const required = 'required' in o && o.required === true;
    if (required && sawOptional) {
      throw invalidFormBody(`${path}.${i}.required`, 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
    }
    if (!required) sawOptional = true;
  });
}
