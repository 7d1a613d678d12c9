/**
 * Identity and lookup routes: gateway discovery, the bot user and application, users, guilds,
 * members, roles, channel lists and DM channels.
 */
import { ApplicationFlags } from 'discord-api-types/v10';
import type { APIApplication, APIChannel, RESTGetAPIGatewayBotResult, RESTPostAPICurrentUserCreateDMChannelJSONBody } from 'discord-api-types/v10';
import { notFound } from '../errors.js';
import type { RouteDef } from '../router.js';
import { guildToApi, memberToApi } from '../serialize.js';
import { body, ok, param, queryFlag, requireGuild } from './common.js';
import type { RestDeps } from './common.js';

/** Discord's default daily IDENTIFY budget for a bot. */
const SESSION_STARTS_PER_DAY = 1000;

export function metaRoutes(deps: RestDeps): RouteDef[] {
  const { state } = deps;
  return [
    {
      method: 'GET',
      template: '/gateway/bot',
      auth: 'bot',
      handler: () => {
        // discord.js reads `shards` for `shards: 'auto'` and `max_concurrency` for how many shards
        // may IDENTIFY at once (per 5 s, bucket = shard_id % max_concurrency). `remaining` counts
        // down with every IDENTIFY, as Discord's daily session-start budget does.
        const { recommendedShards, maxConcurrency } = deps.gatewayBot;
        const total = SESSION_STARTS_PER_DAY;
        const info: RESTGetAPIGatewayBotResult = {
          url: deps.gatewayUrl(),
          shards: recommendedShards,
          session_start_limit: { total, remaining: Math.max(0, total - deps.gateway.identifyCount), reset_after: 14_400_000, max_concurrency: maxConcurrency },
        };
        return ok(info);
      },
    },
    { method: 'GET', template: '/gateway', auth: 'none', handler: () => ok({ url: deps.gatewayUrl() }) },
    {
      method: 'GET',
      template: '/users/@me',
      auth: 'bot',
      handler: () => ok({ ...state.botUser, verified: true, mfa_enabled: false, flags: 0, locale: 'en-US' }),
    },
    {
      method: 'GET',
      template: '/users/{user_id}',
      auth: 'bot',
      handler: (ctx) => {
        const user = state.user(param(ctx, 'user_id'));
        if (!user) throw notFound.user();
        return ok(user);
      },
    },
    {
      method: 'GET',
      template: '/applications/@me',
      auth: 'bot',
      handler: () => {
        const app: APIApplication = {
          id: deps.applicationId,
          name: state.botUser.username,
          icon: null,
          description: 'Discord stand-in application',
          bot_public: false,
          bot_require_code_grant: false,
          bot: state.botUser,
          summary: '',
          verify_key: '0'.repeat(64),
          team: null,
          flags: ApplicationFlags.GatewayMessageContentLimited,
          flags_new: String(ApplicationFlags.GatewayMessageContentLimited),
          approximate_guild_count: state.guilds.size,
          owner: { id: '0', username: 'stand-in-owner', discriminator: '0', global_name: null, avatar: null },
        };
        return ok(app);
      },
    },
    {
      method: 'GET',
      template: '/users/@me/guilds',
      auth: 'bot',
      handler: () =>
        ok(
          [...state.guilds.values()].map((g) => ({
            id: g.id,
            name: g.name,
            icon: null,
            banner: null,
            owner: false,
            permissions: state.memberPermissions(g.id, state.botUser.id).toString(),
            features: [],
          })),
        ),
    },
    {
      method: 'POST',
      template: '/users/@me/channels',
      auth: 'bot',
      handler: (ctx) => {
        const { recipient_id } = body<RESTPostAPICurrentUserCreateDMChannelJSONBody>(ctx);
        if (!state.user(recipient_id)) throw notFound.user();
        return ok(state.dmChannel(recipient_id));
      },
    },
    {
      method: 'GET',
      template: '/guilds/{guild_id}',
      auth: 'bot',
      handler: (ctx) => {
        const guild = requireGuild(state, param(ctx, 'guild_id'));
        const api = guildToApi(guild);
        return ok(queryFlag(ctx, 'with_counts') ? { ...api, approximate_member_count: guild.members.size, approximate_presence_count: 0 } : api);
      },
    },
    {
      method: 'GET',
      template: '/guilds/{guild_id}/channels',
      auth: 'bot',
      handler: (ctx) => {
        const guild = requireGuild(state, param(ctx, 'guild_id'));
        return ok(guild.channelIds.map((id) => state.channel(id)).filter((c): c is APIChannel => c !== undefined));
      },
    },
    {
      method: 'GET',
      template: '/guilds/{guild_id}/roles',
      auth: 'bot',
      handler: (ctx) => ok([...requireGuild(state, param(ctx, 'guild_id')).roles.values()]),
    },
    {
      method: 'GET',
      template: '/guilds/{guild_id}/members/{user_id}',
      auth: 'bot',
      handler: (ctx) => {
        const guild = requireGuild(state, param(ctx, 'guild_id'));
        const member = guild.members.get(param(ctx, 'user_id'));
        if (!member) throw notFound.member();
        return ok(memberToApi(state, member));
      },
    },
    {
      method: 'GET',
      template: '/guilds/{guild_id}/members',
      auth: 'bot',
      handler: (ctx) => {
        const guild = requireGuild(state, param(ctx, 'guild_id'));
        const limit = Math.min(Number(ctx.query.get('limit') ?? 1), 1000);
        const after = ctx.query.get('after') ?? '0';
        const members = [...guild.members.values()]
          .filter((m) => BigInt(m.userId) > BigInt(after))
          .sort((a, b) => (BigInt(a.userId) < BigInt(b.userId) ? -1 : 1))
          .slice(0, limit);
        return ok(members.map((m) => memberToApi(state, m)));
      },
    },
    {
      method: 'GET',
      template: '/guilds/{guild_id}/threads/active',
      auth: 'bot',
      handler: (ctx) => {
        const guild = requireGuild(state, param(ctx, 'guild_id'));
        const threads = guild.threadIds
          .map((id) => state.channel(id))
          .filter((c): c is APIChannel => c !== undefined && state.isThread(c) && c.thread_metadata?.archived !== true);
        const members = threads.flatMap((t) => {
          const m = state.threadMembers.get(t.id)?.get(state.botUser.id);
          return m ? [m] : [];
        });
        return ok({ threads, members });
      },
    },
  ];
}

