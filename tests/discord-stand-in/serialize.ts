/**
 * State → Discord API shapes. Kept apart from the state so every outgoing object is built in one
 * place and typed against discord-api-types (a field Discord always sends is a compile error if
 * missing here).
 */
import {
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildVerificationLevel,
} from 'discord-api-types/v10';
import type {
  APIChannel,
  APIGuild,
  APIGuildMember,
  APIInteractionDataResolvedChannel,
  APIInteractionDataResolvedGuildMember,
  APIInteractionGuildMember,
  APIMessage,
  APIThreadChannel,
  GatewayGuildCreateDispatchData,
  GuildMemberFlags,
  GuildSystemChannelFlags,

  ChannelType} from 'discord-api-types/v10';
import type { GuildRecord, MemberRecord, StandInMessage, StandInState } from './state.js';

export function guildToApi(guild: GuildRecord): APIGuild {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: [...guild.roles.values()],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    vanity_url_code: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: guild.preferredLocale,
    public_updates_channel_id: null,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    max_members: 500_000,
  };
}

export function memberToApi(state: StandInState, member: MemberRecord): APIGuildMember {
  const user = state.user(member.userId);
  if (!user) throw new Error(`member of unknown user ${member.userId}`);
  return {
    user,
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: [...member.roles],
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
  };
}

/** `member` of an interaction: the guild member plus their permissions in the channel. */
export function interactionMember(state: StandInState, guild: GuildRecord, member: MemberRecord, channelId: string): APIInteractionGuildMember {
  const api = memberToApi(state, member);
  return { ...api, user: api.user, permissions: state.memberPermissions(guild.id, member.userId, channelId).toString() };
}

export function resolvedMember(state: StandInState, guild: GuildRecord, member: MemberRecord, channelId: string): APIInteractionDataResolvedGuildMember {
  const { user: _user, deaf: _deaf, mute: _mute, ...rest } = memberToApi(state, member);
  return { ...rest, permissions: state.memberPermissions(guild.id, member.userId, channelId).toString() };
}

export function resolvedChannel(state: StandInState, channel: APIChannel, guildId: string, userId: string): APIInteractionDataResolvedChannel {
  const permissions = state.memberPermissions(guildId, userId, channel.id).toString();
  if (state.isThread(channel)) {
    return {
      id: channel.id,
      type: channel.type,
      name: channel.name,
      permissions,
      ...(channel.parent_id ? { parent_id: channel.parent_id } : {}),
      ...(channel.thread_metadata ? { thread_metadata: channel.thread_metadata } : {}),
    } as APIInteractionDataResolvedChannel;
  }
  return { id: channel.id, type: channel.type as Exclude<ChannelType, ChannelType.PublicThread>, name: 'name' in channel ? (channel.name ?? '') : '', permissions } as APIInteractionDataResolvedChannel;
}

/** GUILD_CREATE as sent after READY (or when the bot joins a guild while connected). */
export function guildCreatePayload(state: StandInState, guild: GuildRecord): GatewayGuildCreateDispatchData {
  const channels = guild.channelIds.map((id) => state.channel(id)).filter((c): c is APIChannel => c !== undefined);
  const threads = guild.threadIds
    .map((id) => state.channel(id))
    .filter((c): c is APIChannel => c !== undefined && state.isThread(c) && !(c as APIThreadChannel).thread_metadata?.archived);
  return {
    ...guildToApi(guild),
    joined_at: guild.joinedAt,
    large: false,
    unavailable: false,
    member_count: guild.members.size,
    voice_states: [],
    members: [...guild.members.values()].map((m) => memberToApi(state, m)),
    channels: channels as GatewayGuildCreateDispatchData['channels'],
    threads: threads as GatewayGuildCreateDispatchData['threads'],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [...guild.scheduledEvents.values()],
    soundboard_sounds: [],
  };
}

/** The public API form of a stored message (drops bytes and stand-in bookkeeping). */
export function messageToApi(m: StandInMessage): APIMessage {
  const {
    pinged: _pinged,
    pingHistory: _pingHistory,
    deleted: _deleted,
    ephemeral: _ephemeral,
    interactionId: _interactionId,
    contentHistory: _contentHistory,
    guild_id: _guildId,
    attachments,
    ...rest
  } = m;
  return { ...rest, attachments: attachments.map(({ bytes: _bytes, ...a }) => a) };
}
