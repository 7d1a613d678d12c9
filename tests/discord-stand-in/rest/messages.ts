/**
 * Channel message routes: list/create/get/edit/delete, pins, the bot's own reactions and typing.
 * The rules themselves live in MessageService so interaction replies obey the same ones.
 */
import { GatewayDispatchEvents, GatewayIntentBits, PermissionFlagsBits } from 'discord-api-types/v10';
import type { APIReaction } from 'discord-api-types/v10';
import { missingAccess, missingPermissions, notFound } from '../errors.js';
import type { MessageBody } from '../message-service.js';
import type { RequestContext, RouteDef } from '../router.js';
import { messageToApi } from '../serialize.js';
import type { StandInMessage } from '../state.js';
import { body, noContent, ok, param, requireChannel, requireMessage } from './common.js';
import type { RestDeps } from './common.js';

export function messageRoutes(deps: RestDeps): RouteDef[] {
  const { state, messages } = deps;
  const bot = () => state.botUser;

  const canView = (channelId: string) => {
    const channel = requireChannel(state, channelId);
    const guildId = state.guildIdOf(channel);
    if (guildId && !state.memberHas(guildId, bot().id, PermissionFlagsBits.ViewChannel, channelId)) throw missingAccess();
    return channel;
  };

  const pin = (pinned: boolean) => (ctx: RequestContext) => {
    const channelId = param(ctx, 'channel_id');
    const channel = canView(channelId);
    const message = requireMessage(state, channelId, param(ctx, 'message_id'));
    const guildId = state.guildIdOf(channel);
    if (guildId && !state.memberHas(guildId, bot().id, PermissionFlagsBits.PinMessages, channelId) && !state.memberHas(guildId, bot().id, PermissionFlagsBits.ManageMessages, channelId)) {
      throw missingPermissions();
    }
    message.pinned = pinned;
    messages.touch(message);
    return noContent();
  };

  const react = (add: boolean) => (ctx: RequestContext) => {
    const channelId = param(ctx, 'channel_id');
    const channel = canView(channelId);
    const message = requireMessage(state, channelId, param(ctx, 'message_id'));
    const emoji = decodeEmoji(param(ctx, 'emoji_name'));
    const reactions: APIReaction[] = (message.reactions ??= []);
    let reaction = reactions.find((r) => r.emoji.name === emoji.name && (r.emoji.id ?? null) === emoji.id);
    if (add && !reaction?.me) {
      if (!reaction) {
        reaction = { count: 0, count_details: { burst: 0, normal: 0 }, me: false, me_burst: false, burst_colors: [], emoji };
        reactions.push(reaction);
      }
      reaction.me = true;
      reaction.count += 1;
      reaction.count_details.normal += 1;
    } else if (!add && reaction?.me) {
      reaction.me = false;
      reaction.count -= 1;
      reaction.count_details.normal -= 1;
      if (reaction.count === 0) reactions.splice(reactions.indexOf(reaction), 1);
    }
    const guildId = state.guildIdOf(channel);
    const event = add ? GatewayDispatchEvents.MessageReactionAdd : GatewayDispatchEvents.MessageReactionRemove;
    const target = { guildId, intent: guildId ? GatewayIntentBits.GuildMessageReactions : GatewayIntentBits.DirectMessageReactions };
    const d = { user_id: bot().id, channel_id: channelId, message_id: message.id, emoji, burst: false, type: 0, ...(guildId ? { guild_id: guildId } : {}) };
    if (add) state.dispatcher.dispatch(GatewayDispatchEvents.MessageReactionAdd, { ...d, message_author_id: message.author.id, burst_colors: [] }, target);
    else state.dispatcher.dispatch(event as GatewayDispatchEvents.MessageReactionRemove, d, target);
    return noContent();
  };

  return [
    {
      method: 'GET',
      template: '/channels/{channel_id}/messages',
      auth: 'bot',
      handler: (ctx) => {
        const channelId = param(ctx, 'channel_id');
        canView(channelId);
        const limit = Math.max(1, Math.min(100, Number(ctx.query.get('limit') ?? 50)));
        const ids = state.channelMessageIds.get(channelId) ?? [];
        let selected: string[];
        const before = ctx.query.get('before');
        const after = ctx.query.get('after');
        const around = ctx.query.get('around');
        if (after) {
          selected = ids.filter((id) => BigInt(id) > BigInt(after)).slice(0, limit);
        } else if (around) {
          const idx = ids.findIndex((id) => BigInt(id) >= BigInt(around));
          const center = idx === -1 ? ids.length : idx;
          selected = ids.slice(Math.max(0, center - Math.floor(limit / 2)), Math.max(0, center - Math.floor(limit / 2)) + limit);
        } else {
          const upTo = before ? ids.filter((id) => BigInt(id) < BigInt(before)) : ids;
          selected = upTo.slice(-limit);
        }
        // Discord returns newest first.
        return ok(
          selected
            .map((id) => state.messages.get(id))
            .filter((m): m is StandInMessage => m !== undefined)
            .reverse()
            .map(messageToApi),
        );
      },
    },
    {
      method: 'POST',
      template: '/channels/{channel_id}/messages',
      auth: 'bot',
      handler: (ctx) => {
        // A nonce hit answers 200 with the existing message, exactly like a fresh create.
        const { message } = messages.create({
          channelId: param(ctx, 'channel_id'),
          author: bot(),
          body: body<MessageBody>(ctx),
          files: ctx.files,
          checkPermissions: true,
          dedupeNonce: true,
        });
        return ok(messageToApi(message));
      },
    },
    {
      method: 'GET',
      template: '/channels/{channel_id}/messages/{message_id}',
      auth: 'bot',
      handler: (ctx) => {
        canView(param(ctx, 'channel_id'));
        return ok(messageToApi(requireMessage(state, param(ctx, 'channel_id'), param(ctx, 'message_id'))));
      },
    },
    {
      method: 'PATCH',
      template: '/channels/{channel_id}/messages/{message_id}',
      auth: 'bot',
      handler: (ctx) => {
        const message = requireMessage(state, param(ctx, 'channel_id'), param(ctx, 'message_id'));
        return ok(messageToApi(messages.edit(message, body<MessageBody>(ctx), ctx.files, { editorId: bot().id })));
      },
    },
    {
      method: 'DELETE',
      template: '/channels/{channel_id}/messages/{message_id}',
      auth: 'bot',
      handler: (ctx) => {
        const channelId = param(ctx, 'channel_id');
        const channel = canView(channelId);
        const message = requireMessage(state, channelId, param(ctx, 'message_id'));
        const guildId = state.guildIdOf(channel);
        if (message.author.id !== bot().id && guildId && !state.memberHas(guildId, bot().id, PermissionFlagsBits.ManageMessages, channelId)) {
          throw missingPermissions();
        }
        messages.delete(message);
        return noContent();
      },
    },
    { method: 'PUT', template: '/channels/{channel_id}/pins/{message_id}', auth: 'bot', handler: pin(true) },
    { method: 'DELETE', template: '/channels/{channel_id}/pins/{message_id}', auth: 'bot', handler: pin(false) },
    { method: 'PUT', template: '/channels/{channel_id}/messages/pins/{message_id}', auth: 'bot', handler: pin(true) },
    { method: 'DELETE', template: '/channels/{channel_id}/messages/pins/{message_id}', auth: 'bot', handler: pin(false) },
    {
      method: 'GET',
      template: '/channels/{channel_id}/pins',
      auth: 'bot',
      handler: (ctx) => ok(pinnedMessages(deps, param(ctx, 'channel_id')).map(messageToApi)),
    },
    {
      method: 'GET',
      template: '/channels/{channel_id}/messages/pins',
      auth: 'bot',
      handler: (ctx) => {
        const items = pinnedMessages(deps, param(ctx, 'channel_id')).map((m) => ({ pinned_at: m.edited_timestamp ?? m.timestamp, message: messageToApi(m) }));
        return ok({ items, has_more: false });
      },
    },
    { method: 'PUT', template: '/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me', auth: 'bot', handler: react(true) },
    { method: 'DELETE', template: '/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me', auth: 'bot', handler: react(false) },
    {
      method: 'POST',
      template: '/channels/{channel_id}/typing',
      auth: 'bot',
      handler: (ctx) => {
        canView(param(ctx, 'channel_id'));
        return noContent();
      },
    },
  ];
}

function pinnedMessages(deps: RestDeps, channelId: string): StandInMessage[] {
  requireChannel(deps.state, channelId);
  return (deps.state.channelMessageIds.get(channelId) ?? [])
    .map((id) => deps.state.messages.get(id))
    .filter((m): m is StandInMessage => m !== undefined && m.pinned)
    .reverse();
}

/** Route emoji: unicode (`%F0%9F%91%8D`) or custom `name:id`. */
function decodeEmoji(raw: string): { id: string | null; name: string } {
  const [name, id] = raw.split(':');
  if (!name) throw notFound.message();
  return { id: id ?? null, name };
}

