/**
 * Threads and forum posts, plus the generic single-channel routes (GET/PATCH/DELETE
 * /channels/{id}) because for an AMA bot those are mostly used on threads (archive, lock,
 * rename). Key Discord behaviours kept: a thread started from a message has the message's id,
 * one thread per message (160004), forum posts share their id with the starter message,
 * required/moderated forum tags.
 */
import { ChannelType, GatewayDispatchEvents, GatewayIntentBits, MessageFlags, PermissionFlagsBits, RESTJSONErrorCodes, ThreadAutoArchiveDuration } from 'discord-api-types/v10';
import type { APIChannel, APIGuildForumChannel, APIThreadChannel, APIThreadMember, ChannelFlags, ThreadMemberFlags } from 'discord-api-types/v10';
import { DiscordApiError, invalidFormBody, missingAccess, missingPermissions, notFound } from '../errors.js';
import type { MessageBody } from '../message-service.js';
import type { RequestContext, RouteDef } from '../router.js';
import { messageToApi } from '../serialize.js';
import { nextSnowflake } from '../snowflake.js';
import type { DispatchData, GuildRecord } from '../state.js';
import { body, created, ok, param, requireChannel, requireGuild, requireMessage, noContent } from './common.js';
import type { RestDeps } from './common.js';

const REQUIRE_TAG_FLAG = 1 << 4;

interface StartThreadBody {
  name: string;
  auto_archive_duration?: ThreadAutoArchiveDuration;
  rate_limit_per_user?: number | null;
  type?: ChannelType;
  invitable?: boolean;
  applied_tags?: string[];
  message?: MessageBody;
}

interface PatchChannelBody {
  name?: string;
  archived?: boolean;
  locked?: boolean;
  invitable?: boolean;
  auto_archive_duration?: ThreadAutoArchiveDuration;
  rate_limit_per_user?: number | null;
  applied_tags?: string[];
  topic?: string | null;
  flags?: number;
}

export function threadRoutes(deps: RestDeps): RouteDef[] {
  const { state, messages } = deps;
  const botId = () => state.botUser.id;

  const guildOf = (channel: APIChannel): GuildRecord => {
    const guildId = state.guildIdOf(channel);
    if (!guildId) throw new DiscordApiError(400, RESTJSONErrorCodes.CannotExecuteActionOnThisChannelType, 'Cannot execute action on this channel type');
    return requireGuild(state, guildId);
  };

  const needs = (guild: GuildRecord, channelId: string, bits: bigint) => {
    if (!state.memberHas(guild.id, botId(), PermissionFlagsBits.ViewChannel, channelId)) throw missingAccess();
    if (!state.memberHas(guild.id, botId(), bits, channelId)) throw missingPermissions();
  };

  const makeThread = (guild: GuildRecord, parent: APIChannel, id: string, b: StartThreadBody, type: ChannelType.PublicThread | ChannelType.PrivateThread | ChannelType.AnnouncementThread): APIThreadChannel => {
    const now = new Date().toISOString();
    const defaultArchive = 'default_auto_archive_duration' in parent ? parent.default_auto_archive_duration : undefined;
    const thread: APIThreadChannel = {
      id,
      type,
      guild_id: guild.id,
      parent_id: parent.id,
      name: b.name,
      owner_id: botId(),
      last_message_id: null,
      rate_limit_per_user: b.rate_limit_per_user ?? 0,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      flags: 0 as ChannelFlags,
      thread_metadata: {
        archived: false,
        auto_archive_duration: b.auto_archive_duration ?? defaultArchive ?? ThreadAutoArchiveDuration.OneDay,
        archive_timestamp: now,
        locked: false,
        create_timestamp: now,
        ...(type === ChannelType.PrivateThread ? { invitable: b.invitable ?? true } : {}),
      },
      member: { id, user_id: botId(), join_timestamp: now, flags: 0 as ThreadMemberFlags },
      ...(b.applied_tags ? { applied_tags: b.applied_tags } : {}),
    };
    state.addThread(guild, thread, botId());
    return thread;
  };

  const announceThread = (guild: GuildRecord, thread: APIThreadChannel) => {
    state.dispatcher.dispatch(GatewayDispatchEvents.ThreadCreate, { ...thread, newly_created: true } as DispatchData<GatewayDispatchEvents.ThreadCreate>, {
      guildId: guild.id,
      intent: GatewayIntentBits.Guilds,
    });
  };

  const threadMember = (ctx: RequestContext, add: boolean, userId: string) => {
    const channel = requireChannel(state, param(ctx, 'channel_id'));
    if (!state.isThread(channel)) throw new DiscordApiError(400, RESTJSONErrorCodes.CannotExecuteActionOnThisChannelType, 'Cannot execute action on this channel type');
    const guild = guildOf(channel);
    if (channel.thread_metadata?.archived) throw new DiscordApiError(400, RESTJSONErrorCodes.InvalidActionOnArchivedThread, 'Thread is archived', undefined, null);
    if (!guild.members.has(userId)) throw notFound.member();
    if (userId !== botId()) needs(guild, channel.id, PermissionFlagsBits.SendMessagesInThreads);
    const members = state.threadMembers.get(channel.id) ?? new Map<string, APIThreadMember>();
    state.threadMembers.set(channel.id, members);
    const had = members.has(userId);
    if (add && !had) members.set(userId, { id: channel.id, user_id: userId, join_timestamp: new Date().toISOString(), flags: 0 as ThreadMemberFlags });
    if (!add && had) members.delete(userId);
    if (had !== add) {
      channel.member_count = members.size;
      state.dispatcher.dispatch(
        GatewayDispatchEvents.ThreadMembersUpdate,
        {
          id: channel.id,
          guild_id: guild.id,
          member_count: members.size,
          ...(add ? { added_members: [members.get(userId)!] } : { removed_member_ids: [userId] }),
        },
        { guildId: guild.id, intent: GatewayIntentBits.Guilds },
      );
    }
    return noContent();
  };

  return [
    {
      method: 'POST',
      template: '/channels/{channel_id}/messages/{message_id}/threads',
      auth: 'bot',
      handler: (ctx) => {
        const channel = requireChannel(state, param(ctx, 'channel_id'));
        if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) {
          throw new DiscordApiError(400, RESTJSONErrorCodes.CannotExecuteActionOnThisChannelType, 'Cannot execute action on this channel type');
        }
        const guild = guildOf(channel);
        const message = requireMessage(state, channel.id, param(ctx, 'message_id'));
        needs(guild, channel.id, PermissionFlagsBits.CreatePublicThreads);
        if (state.channels.has(message.id)) {
          throw new DiscordApiError(400, RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage, 'A thread has already been created for this message');
        }
        const b = body<StartThreadBody>(ctx);
        const thread = makeThread(guild, channel, message.id, b, channel.type === ChannelType.GuildAnnouncement ? ChannelType.AnnouncementThread : ChannelType.PublicThread);
        announceThread(guild, thread);
        message.thread = thread as APIChannel;
        message.flags = (message.flags ?? 0) | MessageFlags.HasThread;
        messages.touch(message);
        return created(thread);
      },
    },
    {
      method: 'POST',
      template: '/channels/{channel_id}/threads',
      auth: 'bot',
      handler: (ctx) => {
        const channel = requireChannel(state, param(ctx, 'channel_id'));
        const guild = guildOf(channel);
        const b = body<StartThreadBody>(ctx);
        if (channel.type === ChannelType.GuildForum || channel.type === ChannelType.GuildMedia) {
          return created(createForumPost(channel as APIGuildForumChannel, guild, b, ctx));
        }
        if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) {
          throw new DiscordApiError(400, RESTJSONErrorCodes.CannotExecuteActionOnThisChannelType, 'Cannot execute action on this channel type');
        }
        // Without a message, Discord's default thread type in v10 is a private thread.
        const type = (b.type ?? ChannelType.PrivateThread) as ChannelType.PublicThread | ChannelType.PrivateThread | ChannelType.AnnouncementThread;
        needs(guild, channel.id, type === ChannelType.PrivateThread ? PermissionFlagsBits.CreatePrivateThreads : PermissionFlagsBits.CreatePublicThreads);
        const thread = makeThread(guild, channel, nextSnowflake(), b, type);
        announceThread(guild, thread);
        return created(thread);
      },
    },
    {
      method: 'GET',
      template: '/channels/{channel_id}',
      auth: 'bot',
      handler: (ctx) => {
        const channel = requireChannel(state, param(ctx, 'channel_id'));
        const guildId = state.guildIdOf(channel);
        if (guildId && !state.memberHas(guildId, botId(), PermissionFlagsBits.ViewChannel, channel.id)) throw missingAccess();
        return ok(channel);
      },
    },
    {
      method: 'PATCH',
      template: '/channels/{channel_id}',
      auth: 'bot',
      handler: (ctx) => {
        const channel = requireChannel(state, param(ctx, 'channel_id'));
        const guild = guildOf(channel);
        const b = body<PatchChannelBody>(ctx);
        if (state.isThread(channel)) {
          const owner = channel.owner_id === botId();
          const touchesModeration = b.locked !== undefined || b.invitable !== undefined || b.rate_limit_per_user !== undefined;
          if ((!owner || touchesModeration) && !state.memberHas(guild.id, botId(), PermissionFlagsBits.ManageThreads, channel.id)) throw missingPermissions();
          const meta = channel.thread_metadata!;
          if (b.name !== undefined) channel.name = b.name;
          if (b.archived !== undefined && b.archived !== meta.archived) {
            meta.archived = b.archived;
            meta.archive_timestamp = new Date().toISOString();
          }
          if (b.locked !== undefined) meta.locked = b.locked;
          if (b.invitable !== undefined) meta.invitable = b.invitable;
          if (b.auto_archive_duration !== undefined) meta.auto_archive_duration = b.auto_archive_duration;
          if (b.rate_limit_per_user !== undefined) channel.rate_limit_per_user = b.rate_limit_per_user ?? 0;
          if (b.applied_tags !== undefined) channel.applied_tags = b.applied_tags;
          state.dispatcher.dispatch(GatewayDispatchEvents.ThreadUpdate, channel as DispatchData<GatewayDispatchEvents.ThreadUpdate>, {
            guildId: guild.id,
            intent: GatewayIntentBits.Guilds,
          });
          return ok(channel);
        }
        if (!state.memberHas(guild.id, botId(), PermissionFlagsBits.ManageChannels, channel.id)) throw missingPermissions();
        if (b.name !== undefined && 'name' in channel) (channel as { name: string }).name = b.name;
        if (b.topic !== undefined && 'topic' in channel) (channel as { topic?: string | null }).topic = b.topic;
        state.dispatcher.dispatch(GatewayDispatchEvents.ChannelUpdate, channel as DispatchData<GatewayDispatchEvents.ChannelUpdate>, {
          guildId: guild.id,
          intent: GatewayIntentBits.Guilds,
        });
        return ok(channel);
      },
    },
    {
      method: 'DELETE',
      template: '/channels/{channel_id}',
      auth: 'bot',
      handler: (ctx) => {
        const channel = requireChannel(state, param(ctx, 'channel_id'));
        const guild = guildOf(channel);
        const thread = state.isThread(channel);
        const perm = thread ? PermissionFlagsBits.ManageThreads : PermissionFlagsBits.ManageChannels;
        if (!state.memberHas(guild.id, botId(), perm, channel.id)) throw missingPermissions();
        state.channels.delete(channel.id);
        if (thread) {
          guild.threadIds = guild.threadIds.filter((id) => id !== channel.id);
          state.dispatcher.dispatch(
            GatewayDispatchEvents.ThreadDelete,
            { id: channel.id, guild_id: guild.id, parent_id: channel.parent_id!, type: channel.type },
            { guildId: guild.id, intent: GatewayIntentBits.Guilds },
          );
        } else {
          guild.channelIds = guild.channelIds.filter((id) => id !== channel.id);
          state.dispatcher.dispatch(GatewayDispatchEvents.ChannelDelete, channel as DispatchData<GatewayDispatchEvents.ChannelDelete>, {
            guildId: guild.id,
            intent: GatewayIntentBits.Guilds,
          });
        }
        return ok(channel);
      },
    },
    {
      method: 'GET',
      template: '/channels/{channel_id}/thread-members',
      auth: 'bot',
      handler: (ctx) => ok([...(state.threadMembers.get(requireChannel(state, param(ctx, 'channel_id')).id)?.values() ?? [])]),
    },
    {
      method: 'GET',
      template: '/channels/{channel_id}/thread-members/{user_id}',
      auth: 'bot',
      handler: (ctx) => {
        const member = state.threadMembers.get(requireChannel(state, param(ctx, 'channel_id')).id)?.get(param(ctx, 'user_id'));
        if (!member) throw notFound.member();
        return ok(member);
      },
    },
    { method: 'PUT', template: '/channels/{channel_id}/thread-members/@me', auth: 'bot', handler: (ctx) => threadMember(ctx, true, botId()) },
    { method: 'DELETE', template: '/channels/{channel_id}/thread-members/@me', auth: 'bot', handler: (ctx) => threadMember(ctx, false, botId()) },
    { method: 'PUT', template: '/channels/{channel_id}/thread-members/{user_id}', auth: 'bot', handler: (ctx) => threadMember(ctx, true, param(ctx, 'user_id')) },
    { method: 'DELETE', template: '/channels/{channel_id}/thread-members/{user_id}', auth: 'bot', handler: (ctx) => threadMember(ctx, false, param(ctx, 'user_id')) },
  ];

  function createForumPost(forum: APIGuildForumChannel, guild: GuildRecord, b: StartThreadBody, ctx: RequestContext) {
    needs(guild, forum.id, PermissionFlagsBits.SendMessages);
    const tags = b.applied_tags ?? [];
    tags.forEach((tagId, i) => {
      const tag = forum.available_tags.find((t) => t.id === tagId);
      if (!tag) throw invalidFormBody(`applied_tags.${i}`, 'CHANNEL_TAG_INVALID', 'Invalid tag');
      if (tag.moderated && !state.memberHas(guild.id, botId(), PermissionFlagsBits.ManageThreads, forum.id)) throw missingPermissions();
    });
    if (tags.length === 0 && ((forum.flags ?? 0) & REQUIRE_TAG_FLAG) !== 0) {
      throw new DiscordApiError(400, RESTJSONErrorCodes.TagRequiredToCreateAForumPostInThisChannel, 'A tag is required to create a forum post in this channel');
    }
    if (!b.message) throw invalidFormBody('message', 'BASE_TYPE_REQUIRED', 'This field is required');
    // Forum posts: the thread and its starter message share one id.
    const id = nextSnowflake();
    const thread = makeThread(guild, forum, id, { ...b, applied_tags: tags }, ChannelType.PublicThread);
    let starter;
    try {
      starter = messages.create({ channelId: id, id, author: state.botUser, body: b.message, files: ctx.files, fieldPrefix: 'message', deferDispatch: true }).message;
    } catch (err) {
      state.channels.delete(id);
      guild.threadIds = guild.threadIds.filter((t) => t !== id);
      throw err;
    }
    thread.message_count = 0; // the starter message does not count
    forum.last_message_id = id;
    announceThread(guild, thread);
    messages.dispatchCreated(starter);
    return { ...thread, message: messageToApi(starter) };
  }
}
