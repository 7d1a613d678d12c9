/**
 * The stand-in's in-memory Discord: users, guilds, roles, members, channels (incl. threads and
 * DMs), messages, scheduled events and registered commands. Handlers and the test-side API both
 * work on this one model, so what the bot did over REST is exactly what tests read back.
 *
 * Entities are stored directly as discord-api-types shapes where that is natural (channels,
 * roles, scheduled events, commands) so serialising them is free and a missing field is a
 * compile error.
 */
import { ChannelType, ForumLayoutType, Locale, PermissionFlagsBits, GatewayDispatchEvents, GatewayIntentBits } from 'discord-api-types/v10';
import type {
  ChannelFlags,
  GuildMemberFlags,
  RoleFlags,
  ThreadMemberFlags,
  UserFlags,
  APIApplicationCommand,
  APIChannel,
  APIDMChannel,
  APIGuildForumChannel,
  APIGuildForumTag,
  APIGuildScheduledEvent,
  APIOverwrite,
  APIRole,
  APIThreadChannel,
  APIThreadMember,
  APIUser,
  APIAttachment,
  APIMessage,
  GatewayDispatchPayload,
} from 'discord-api-types/v10';
import { assertShardSpec } from './sharding.js';
import type { ShardSpec } from './sharding.js';
import { nextSnowflake, nextSnowflakeOnShard } from './snowflake.js';
import type { Pinged } from './mentions.js';
import { basePermissions, channelPermissions, DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, toBits } from './permissions.js';
import type { PermissionInput, PermissionSubject } from './permissions.js';

// ---------------------------------------------------------------------------------------------
// Gateway dispatch contract (implemented by gateway.ts; state only describes who should get what)

export type DispatchEvent = GatewayDispatchPayload['t'];
export type DispatchData<E extends DispatchEvent> = Extract<GatewayDispatchPayload, { t: E }>['d'];

export interface DispatchTarget {
  /** Guild the event belongs to (shard routing); null/undefined = DM or global → shard 0. */
  guildId?: string | null | undefined;
  /** Intent bit a session needs to receive it; 0 = always delivered (READY, INTERACTION_CREATE). */
  intent: number;
  /**
   * For message events: Discord blanks content/embeds/attachments/components for sessions without
   * MESSAGE_CONTENT unless the bot wrote it, was mentioned, or it is a DM.
   */
  contentVisibleWithoutIntent?: boolean;
}

export interface Dispatcher {
  dispatch<E extends DispatchEvent>(t: E, d: DispatchData<E>, target: DispatchTarget): void;
}

// ---------------------------------------------------------------------------------------------
// Stored records

export interface MemberRecord {
  userId: string;
  roles: string[];
  nick: string | null;
  joinedAt: string;
}

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  preferredLocale: Locale;
  roles: Map<string, APIRole>;
  members: Map<string, MemberRecord>;
  /** Non-thread channels in creation order. */
  channelIds: string[];
  threadIds: string[];
  scheduledEvents: Map<string, APIGuildScheduledEvent>;
  commands: Map<string, APIApplicationCommand>;
  botRoleId: string;
  joinedAt: string;
}

export interface StandInAttachment extends APIAttachment {
  /** The uploaded bytes, exactly as received. */
  bytes: Buffer;
}

/** A message as the stand-in keeps it: the API shape plus what tests want to assert on. */
export interface StandInMessage extends Omit<APIMessage, 'attachments'> {
  attachments: StandInAttachment[];
  guild_id?: string;
  /** Whom this message (as created or last edited) would notify. */
  pinged: Pinged;
  /** Every ping computation, one per create/edit, oldest first. */
  pingHistory: Pinged[];
  deleted: boolean;
  ephemeral: boolean;
  /** Interaction that produced this message (reply, follow-up, or @original edit). */
  interactionId?: string;
  /** Content of every version of the message, oldest first. */
  contentHistory: string[];
}

export interface UserRecord {
  user: APIUser;
  /** False simulates a user who closed DMs: sending to their DM channel → 50007. */
  acceptsDms: boolean;
}

export interface StateOptions {
  applicationId: string;
  botUser: APIUser;
}

export interface CreateGuildOptions {
  name: string;
  /** Owner user id; a user named `<guild>-owner` is created when omitted. */
  ownerId?: string;
  everyonePermissions?: PermissionInput;
  /** Permissions of the bot's managed role (default: see DEFAULT_BOT_PERMISSIONS). */
  botPermissions?: PermissionInput;
  preferredLocale?: Locale;
  /**
   * Give the guild an id that lands on this gateway shard (`(id >> 22) % count === id`), so a
   * sharded bot's routing can be tested. Without it the id is just the next snowflake.
   */
  shard?: ShardSpec;
}

export interface CreateChannelOptions {
  name: string;
  topic?: string;
  parentId?: string;
  permissionOverwrites?: APIOverwrite[];
  nsfw?: boolean;
  rateLimitPerUser?: number;
}

export interface ForumTagInput {
  name: string;
  moderated?: boolean;
  emojiName?: string;
}

export interface CreateForumOptions extends CreateChannelOptions {
  tags?: Array<string | ForumTagInput>;
  /** Posts must carry at least one tag (channel flag REQUIRE_TAG) → otherwise 40067. */
  requireTag?: boolean;
}

export interface CreateRoleOptions {
  name: string;
  permissions?: PermissionInput;
  mentionable?: boolean;
  color?: number;
}

export interface CreateMemberOptions {
  username: string;
  globalName?: string;
  /** Role ids to assign. */
  roles?: string[];
  /** Shortcut: a personal role with these permissions is created and assigned. */
  permissions?: PermissionInput;
  nick?: string;
  bot?: boolean;
  /** False: the user has DMs closed (DM sends fail with 50007). */
  acceptsDms?: boolean;
  /** Reuse an existing user (e.g. the same person in a second guild). */
  userId?: string;
}

const REQUIRE_TAG_FLAG = 1 << 4;

export class StandInState {
  readonly users = new Map<string, UserRecord>();
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, APIChannel>();
  /** Global (non-guild) application commands. */
  readonly globalCommands = new Map<string, APIApplicationCommand>();
  readonly messages = new Map<string, StandInMessage>();
  /** Attachment id → attachment, for the stand-in's CDN route. */
  readonly attachments = new Map<string, StandInAttachment>();
  /** Channel id → message ids in creation order (non-ephemeral only). */
  readonly channelMessageIds = new Map<string, string[]>();
  /** Thread id → member user ids. */
  readonly threadMembers = new Map<string, Map<string, APIThreadMember>>();
  /** Recipient user id → DM channel id. */
  readonly dmChannelByUser = new Map<string, string>();
  /** Base URL (`http://127.0.0.1:port`) for attachment URLs; set once the server listens. */
  publicBaseUrl = 'http://127.0.0.1';
  dispatcher: Dispatcher = { dispatch: () => undefined };

  constructor(readonly options: StateOptions) {
    this.users.set(options.botUser.id, { user: options.botUser, acceptsDms: false });
  }

  get botUser(): APIUser {
    return this.options.botUser;
  }

  // ---- lookups (throwing helpers live in the REST layer; these return undefined) -------------

  user(id: string): APIUser | undefined {
    return this.users.get(id)?.user;
  }

  guild(id: string): GuildRecord | undefined {
    return this.guilds.get(id);
  }

  channel(id: string): APIChannel | undefined {
    return this.channels.get(id);
  }

  guildIdOf(channel: APIChannel): string | undefined {
    return 'guild_id' in channel ? channel.guild_id : undefined;
  }

  isThread(channel: APIChannel): channel is APIThreadChannel {
    return channel.type === ChannelType.PublicThread || channel.type === ChannelType.PrivateThread || channel.type === ChannelType.AnnouncementThread;
  }

  /** Member's permissions in a channel (threads inherit their parent's overwrites). */
  memberPermissions(guildId: string, userId: string, channelId?: string): bigint {
    const guild = this.guilds.get(guildId);
    const member = guild?.members.get(userId);
    if (!guild || !member) return 0n;
    const subject: PermissionSubject = { guildId, ownerId: guild.ownerId, userId, roleIds: member.roles, roles: guild.roles };
    if (!channelId) return basePermissions(subject);
    let channel = this.channels.get(channelId);
    if (channel && this.isThread(channel) && channel.parent_id) channel = this.channels.get(channel.parent_id);
    return channelPermissions(subject, channel);
  }

  // ---- creation ------------------------------------------------------------------------------

  createUser(input: { username: string; globalName?: string; bot?: boolean; acceptsDms?: boolean }): APIUser {
    const user: APIUser = {
      id: nextSnowflake(),
      username: input.username,
      discriminator: '0',
      global_name: input.globalName ?? null,
      avatar: null,
      ...(input.bot ? { bot: true } : {}),
      public_flags: 0 as UserFlags,
    };
    this.users.set(user.id, { user, acceptsDms: input.acceptsDms ?? !input.bot });
    return user;
  }

  createGuild(opts: CreateGuildOptions): GuildRecord {
    if (opts.shard) assertShardSpec(opts.shard);
    const id = opts.shard ? nextSnowflakeOnShard(opts.shard.id, opts.shard.count) : nextSnowflake();
    const now = new Date().toISOString();
    const ownerId = opts.ownerId ?? this.createUser({ username: `${opts.name.toLowerCase().replace(/\W+/g, '-')}-owner` }).id;
    const guild: GuildRecord = {
      id,
      name: opts.name,
      ownerId,
      preferredLocale: opts.preferredLocale ?? Locale.EnglishUS,
      roles: new Map(),
      members: new Map(),
      channelIds: [],
      threadIds: [],
      scheduledEvents: new Map(),
      commands: new Map(),
      botRoleId: '',
      joinedAt: now,
    };
    // @everyone shares the guild's id, exactly like Discord.
    guild.roles.set(id, makeRole(id, '@everyone', toBits(opts.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS), 0));
    const botRole = makeRole(nextSnowflake(), this.botUser.username, toBits(opts.botPermissions ?? DEFAULT_BOT_PERMISSIONS), 1);
    botRole.managed = true;
    botRole.tags = { bot_id: this.botUser.id };
    guild.roles.set(botRole.id, botRole);
    guild.botRoleId = botRole.id;
    guild.members.set(ownerId, { userId: ownerId, roles: [], nick: null, joinedAt: now });
    guild.members.set(this.botUser.id, { userId: this.botUser.id, roles: [botRole.id], nick: null, joinedAt: now });
    this.guilds.set(id, guild);
    return guild;
  }

  /** What text and forum channels share: placement, permissions and the text-channel settings. */
  private textLikeFields(guild: { id: string; channelIds: string[] }, opts: CreateChannelOptions) {
    return {
      guild_id: guild.id,
      name: opts.name,
      position: guild.channelIds.length,
      permission_overwrites: opts.permissionOverwrites ?? [],
      parent_id: opts.parentId ?? null,
      nsfw: opts.nsfw ?? false,
      topic: opts.topic ?? null,
      last_message_id: null,
      rate_limit_per_user: opts.rateLimitPerUser ?? 0,
    };
  }

  createTextChannel(guildId: string, opts: CreateChannelOptions): APIChannel {
    const guild = this.requireGuild(guildId);
    const channel: APIChannel = {
      id: nextSnowflake(),
      type: ChannelType.GuildText,
      ...this.textLikeFields(guild, opts),
      flags: 0 as ChannelFlags,
    };
    return this.addGuildChannel(guild, channel);
  }

  createForumChannel(guildId: string, opts: CreateForumOptions): APIGuildForumChannel {
    const guild = this.requireGuild(guildId);
    const tags: APIGuildForumTag[] = (opts.tags ?? []).map((t) => {
      const input: ForumTagInput = typeof t === 'string' ? { name: t } : t;
      return { id: nextSnowflake(), name: input.name, moderated: input.moderated ?? false, emoji_id: null, emoji_name: input.emojiName ?? null };
    });
    const channel: APIGuildForumChannel = {
      id: nextSnowflake(),
      type: ChannelType.GuildForum,
      ...this.textLikeFields(guild, opts),
      available_tags: tags,
      default_reaction_emoji: null,
      default_sort_order: null,
      default_forum_layout: ForumLayoutType.NotSet,
      flags: (opts.requireTag ? REQUIRE_TAG_FLAG : 0) as ChannelFlags,
    };
    this.addGuildChannel(guild, channel);
    return channel;
  }

  createVoiceChannel(guildId: string, opts: CreateChannelOptions & { stage?: boolean }): APIChannel {
    const guild = this.requireGuild(guildId);
    const channel: APIChannel = {
      id: nextSnowflake(),
      type: opts.stage ? ChannelType.GuildStageVoice : ChannelType.GuildVoice,
      guild_id: guildId,
      name: opts.name,
      position: guild.channelIds.length,
      permission_overwrites: opts.permissionOverwrites ?? [],
      parent_id: opts.parentId ?? null,
      nsfw: false,
      bitrate: 64_000,
      user_limit: 0,
      rtc_region: null,
      flags: 0 as ChannelFlags,
    };
    return this.addGuildChannel(guild, channel);
  }

  createCategory(guildId: string, opts: { name: string; permissionOverwrites?: APIOverwrite[] }): APIChannel {
    const guild = this.requireGuild(guildId);
    const channel: APIChannel = {
      id: nextSnowflake(),
      type: ChannelType.GuildCategory,
      guild_id: guildId,
      name: opts.name,
      position: guild.channelIds.length,
      permission_overwrites: opts.permissionOverwrites ?? [],
      flags: 0 as ChannelFlags,
    };
    return this.addGuildChannel(guild, channel);
  }

  private addGuildChannel<C extends APIChannel>(guild: GuildRecord, channel: C): C {
    this.channels.set(channel.id, channel);
    this.channelMessageIds.set(channel.id, []);
    guild.channelIds.push(channel.id);
    this.dispatcher.dispatch(GatewayDispatchEvents.ChannelCreate, channel as DispatchData<GatewayDispatchEvents.ChannelCreate>, {
      guildId: guild.id,
      intent: GatewayIntentBits.Guilds,
    });
    return channel;
  }

  addThread(guild: GuildRecord, thread: APIThreadChannel, creatorId: string): void {
    this.channels.set(thread.id, thread as APIChannel);
    this.channelMessageIds.set(thread.id, []);
    guild.threadIds.push(thread.id);
    const joined = new Date().toISOString();
    this.threadMembers.set(thread.id, new Map([[creatorId, { id: thread.id, user_id: creatorId, join_timestamp: joined, flags: 0 as ThreadMemberFlags }]]));
  }

  createRole(guildId: string, opts: CreateRoleOptions): APIRole {
    const guild = this.requireGuild(guildId);
    const role = makeRole(nextSnowflake(), opts.name, toBits(opts.permissions), guild.roles.size);
    role.mentionable = opts.mentionable ?? false;
    role.color = opts.color ?? 0;
    role.colors = { primary_color: opts.color ?? 0, secondary_color: null, tertiary_color: null };
    guild.roles.set(role.id, role);
    this.dispatcher.dispatch(GatewayDispatchEvents.GuildRoleCreate, { guild_id: guildId, role }, { guildId, intent: GatewayIntentBits.Guilds });
    return role;
  }

  createMember(guildId: string, opts: CreateMemberOptions): { user: APIUser; member: MemberRecord } {
    const guild = this.requireGuild(guildId);
    const user =
      (opts.userId ? this.user(opts.userId) : undefined) ??
      this.createUser({ username: opts.username, globalName: opts.globalName, bot: opts.bot, acceptsDms: opts.acceptsDms });
    const roles = [...(opts.roles ?? [])];
    for (const roleId of roles) if (!guild.roles.has(roleId)) throw new Error(`createMember: role ${roleId} is not in guild ${guildId}`);
    if (opts.permissions !== undefined) {
      roles.push(this.createRole(guildId, { name: `${opts.username} permissions`, permissions: opts.permissions }).id);
    }
    const member: MemberRecord = { userId: user.id, roles, nick: opts.nick ?? null, joinedAt: new Date().toISOString() };
    guild.members.set(user.id, member);
    this.dispatcher.dispatch(
      GatewayDispatchEvents.GuildMemberAdd,
      { guild_id: guildId, user, roles, nick: member.nick, joined_at: member.joinedAt, deaf: false, mute: false, flags: 0 as GuildMemberFlags },
      { guildId, intent: GatewayIntentBits.GuildMembers },
    );
    return { user, member };
  }

  /** The DM channel with a user, created on first use (idempotent like Discord's). */
  dmChannel(userId: string): APIDMChannel {
    const existing = this.dmChannelByUser.get(userId);
    if (existing) return this.channels.get(existing) as APIDMChannel;
    const recipient = this.user(userId);
    if (!recipient) throw new Error(`dmChannel: unknown user ${userId}`);
    const channel: APIDMChannel = { id: nextSnowflake(), type: ChannelType.DM, name: null, last_message_id: null, recipients: [recipient], flags: 0 as ChannelFlags };
    this.channels.set(channel.id, channel);
    this.channelMessageIds.set(channel.id, []);
    this.dmChannelByUser.set(userId, channel.id);
    return channel;
  }

  requireGuild(guildId: string): GuildRecord {
    const guild = this.guilds.get(guildId);
    if (!guild) throw new Error(`Unknown guild ${guildId}`);
    return guild;
  }

  /** Whether a member has the permission bits in the guild (Administrator counts). */
  memberHas(guildId: string, userId: string, bits: bigint, channelId?: string): boolean {
    const perms = this.memberPermissions(guildId, userId, channelId);
    return (perms & PermissionFlagsBits.Administrator) !== 0n || (perms & bits) === bits;
  }
}

function makeRole(id: string, name: string, permissions: bigint, position: number): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: permissions.toString(),
    managed: false,
    mentionable: false,
    flags: 0 as RoleFlags,
  };
}
