/**
 * Creating, editing and deleting messages — shared by channel routes, interaction callbacks,
 * webhook follow-ups and forum posts, so Discord's rules (2000 chars, empty messages, nonce
 * dedupe, allowed_mentions, attachments, permissions) are enforced identically everywhere.
 */
import { ChannelType, GatewayDispatchEvents, GatewayIntentBits, MessageFlags, MessageType, PermissionFlagsBits, RESTJSONErrorCodes } from 'discord-api-types/v10';
import type {
  APIAllowedMentions,
  APIChannel,
  APIEmbed,
  APIMessageInteraction,
  APIMessageInteractionMetadata,
  APIMessageReference,
  APIMessageTopLevelComponent,
  APIUser,
  APIUserWithMember,
  GatewayMessageCreateDispatchData,
} from 'discord-api-types/v10';
import { DiscordApiError, invalidFormBody, missingAccess, missingPermissions, notFound } from './errors.js';
import type { UploadedFile } from './http-body.js';
import { computePinged, validateAllowedMentions } from './mentions.js';
import { messageToApi } from './serialize.js';
import { nextSnowflake } from './snowflake.js';
import type { StandInAttachment, StandInMessage, StandInState } from './state.js';

export const MAX_CONTENT_LENGTH = 2000;
const MAX_EMBED_TOTAL = 6000;
/** Flags a client may set on a message; everything else is Discord-controlled. */
const SETTABLE_FLAGS = MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2 | MessageFlags.IsVoiceMessage;

/** The subset of message create/edit bodies the stand-in acts on (already OpenAPI-validated). */
export interface MessageBody {
  content?: string | null;
  embeds?: APIEmbed[] | null;
  components?: APIMessageTopLevelComponent[] | null;
  allowed_mentions?: APIAllowedMentions | null;
  flags?: number | null;
  attachments?: Array<{ id: string | number; filename?: string | null; description?: string | null; title?: string | null }> | null;
  message_reference?: { message_id?: string | null; channel_id?: string | null; fail_if_not_exists?: boolean | null; type?: number | null } | null;
  nonce?: string | number | null;
  enforce_nonce?: boolean | null;
  tts?: boolean | null;
  sticker_ids?: string[] | null;
  poll?: unknown;
}

export interface CreateMessageInput {
  channelId: string;
  author: APIUser;
  body: MessageBody;
  files: UploadedFile[];
  /** Prefix for error paths, e.g. `data` for interaction callbacks (`data.content`). */
  fieldPrefix?: string;
  type?: MessageType;
  /** Use this id (forum starter messages share the thread's id). */
  id?: string;
  webhookId?: string;
  interaction?: { metadata: APIMessageInteractionMetadata; legacy?: APIMessageInteraction; id: string };
  /** Only the invoking user sees it: not in channel history, not dispatched. */
  ephemeral?: boolean;
  /** A deferred "is thinking…" placeholder: empty is allowed, LOADING flag set. */
  loading?: boolean;
  /** Check the author's (bot's) channel permissions like Discord does for bot REST sends. */
  checkPermissions?: boolean;
  /** Apply nonce + enforce_nonce dedupe (channel messages). */
  dedupeNonce?: boolean;
  /** Store but do not dispatch MESSAGE_CREATE yet (forum posts announce the thread first). */
  deferDispatch?: boolean;
}

export interface CreateResult {
  message: StandInMessage;
  /** True when an earlier message with the same nonce was returned instead of creating one. */
  deduplicated: boolean;
}

export class MessageService {
  private readonly nonces = new Map<string, { messageId: string; at: number }>();

  constructor(
    private readonly state: StandInState,
    private readonly options: { nonceWindowMs: number },
  ) {}

  create(input: CreateMessageInput): CreateResult {
    const { state } = this;
    const channel = state.channel(input.channelId);
    if (!channel) throw notFound.channel();
    const prefix = input.fieldPrefix ? `${input.fieldPrefix}.` : '';
    const body = input.body ?? {};

    if (!input.ephemeral) this.checkChannelAcceptsMessages(channel, input);

    // Idempotent retries: same author + channel + nonce within the window → the same message.
    let nonceKey: string | undefined;
    if (input.dedupeNonce && body.enforce_nonce === true && body.nonce !== undefined && body.nonce !== null) {
      nonceKey = `${input.author.id}:${input.channelId}:${String(body.nonce)}`;
      const seen = this.nonces.get(nonceKey);
      if (seen && Date.now() - seen.at <= this.options.nonceWindowMs) {
        const existing = state.messages.get(seen.messageId);
        if (existing) return { message: existing, deduplicated: true };
      }
    }

    this.checkContent(body, input.files, prefix, !input.loading);
    validateAllowedMentions(body.allowed_mentions, `${prefix}allowed_mentions`);

    const id = input.id ?? nextSnowflake();
    const now = new Date().toISOString();
    const guildId = state.guildIdOf(channel);

    // Replies: the referenced message must exist (unless fail_if_not_exists: false).
    let reference: APIMessageReference | undefined;
    let referenced: StandInMessage | undefined;
    let type = input.type ?? MessageType.Default;
    const ref = body.message_reference;
    if (ref?.message_id) {
      const target = state.messages.get(ref.message_id);
      const sameChannel = target && !target.deleted && target.channel_id === (ref.channel_id ?? input.channelId);
      if (!sameChannel && ref.fail_if_not_exists !== false) {
        throw invalidFormBody(`${prefix}message_reference`, 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
      }
      if (sameChannel) {
        referenced = target;
        reference = { type: 0, message_id: target.id, channel_id: target.channel_id, ...(guildId ? { guild_id: guildId } : {}) };
        if (type === MessageType.Default) type = MessageType.Reply;
      }
    }

    const pinged = computePinged({ content: body.content, allowedMentions: body.allowed_mentions, repliedUserId: referenced?.author.id });
    const attachments = this.buildAttachments(input.channelId, body, input.files, []);
    const flags =
      ((body.flags ?? 0) & SETTABLE_FLAGS) | (input.ephemeral ? MessageFlags.Ephemeral : 0) | (input.loading ? MessageFlags.Loading : 0);

    const message: StandInMessage = {
      id,
      channel_id: input.channelId,
      ...(guildId ? { guild_id: guildId } : {}),
      author: input.author,
      content: body.content ?? '',
      timestamp: now,
      edited_timestamp: null,
      tts: body.tts ?? false,
      mention_everyone: pinged.everyone,
      mentions: pinged.users.map((u) => state.user(u)).filter((u): u is APIUser => u !== undefined),
      mention_roles: pinged.roles,
      attachments,
      embeds: normalizeEmbeds(body.embeds),
      components: body.components ?? [],
      pinned: false,
      type,
      flags,
      ...(body.nonce !== undefined && body.nonce !== null ? { nonce: body.nonce } : {}),
      ...(input.webhookId ? { webhook_id: input.webhookId, application_id: input.webhookId } : {}),
      ...(input.interaction ? { interaction_metadata: input.interaction.metadata } : {}),
      ...(input.interaction?.legacy ? { interaction: input.interaction.legacy } : {}),
      ...(reference ? { message_reference: reference, referenced_message: referenced ? messageToApi(referenced) : null } : {}),
      pinged,
      pingHistory: [pinged],
      deleted: false,
      ephemeral: input.ephemeral ?? false,
      ...(input.interaction ? { interactionId: input.interaction.id } : {}),
      contentHistory: [body.content ?? ''],
    };

    state.messages.set(id, message);
    if (nonceKey) this.nonces.set(nonceKey, { messageId: id, at: Date.now() });
    if (!input.ephemeral) {
      state.channelMessageIds.get(input.channelId)?.push(id);
      if ('last_message_id' in channel) channel.last_message_id = id;
      if (state.isThread(channel)) {
        channel.message_count = (channel.message_count ?? 0) + 1;
        channel.total_message_sent = (channel.total_message_sent ?? 0) + 1;
      }
      if (!input.deferDispatch) this.dispatchCreate(message, channel);
    }
    return { message, deduplicated: false };
  }

  edit(message: StandInMessage, body: MessageBody, files: UploadedFile[], opts: { fieldPrefix?: string; editorId: string }): StandInMessage {
    const prefix = opts.fieldPrefix ? `${opts.fieldPrefix}.` : '';
    if (message.author.id !== opts.editorId && (body.content !== undefined || body.embeds !== undefined || body.attachments !== undefined)) {
      throw new DiscordApiError(403, RESTJSONErrorCodes.CannotEditMessageAuthoredByAnotherUser, 'Cannot edit a message authored by another user');
    }
    if (body.content !== undefined && body.content !== null && body.content.length > MAX_CONTENT_LENGTH) {
      throw invalidFormBody(`${prefix}content`, 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_CONTENT_LENGTH} or fewer in length.`);
    }
    if (body.embeds) checkEmbeds(body.embeds, prefix);
    validateAllowedMentions(body.allowed_mentions, `${prefix}allowed_mentions`);

    if (body.content !== undefined) message.content = body.content ?? '';
    if (body.embeds !== undefined) message.embeds = normalizeEmbeds(body.embeds);
    if (body.components !== undefined) message.components = body.components ?? [];
    if (body.attachments !== undefined || files.length > 0) {
      message.attachments = this.buildAttachments(message.channel_id, body, files, message.attachments);
    }
    if (body.flags !== undefined && body.flags !== null) {
      const systemFlags = (message.flags ?? 0) & ~SETTABLE_FLAGS;
      message.flags = systemFlags | (body.flags & SETTABLE_FLAGS);
    }
    // An edit of a deferred placeholder turns it into the real reply.
    if (((message.flags ?? 0) & MessageFlags.Loading) !== 0) message.flags = (message.flags ?? 0) & ~MessageFlags.Loading;
    if (!message.content && message.embeds.length === 0 && message.attachments.length === 0 && (message.components?.length ?? 0) === 0) {
      throw new DiscordApiError(400, RESTJSONErrorCodes.CannotSendAnEmptyMessage, 'Cannot send an empty message');
    }

    const pinged = computePinged({
      content: message.content,
      allowedMentions: body.allowed_mentions,
      repliedUserId: message.referenced_message?.author.id,
    });
    message.pinged = pinged;
    message.pingHistory.push(pinged);
    message.mention_everyone = pinged.everyone;
    message.mentions = pinged.users.map((u) => this.state.user(u)).filter((u): u is APIUser => u !== undefined);
    message.mention_roles = pinged.roles;
    message.edited_timestamp = new Date().toISOString();
    message.contentHistory.push(message.content);

    if (!message.ephemeral) {
      const channel = this.state.channel(message.channel_id);
      if (channel) {
        this.state.dispatcher.dispatch(GatewayDispatchEvents.MessageUpdate, this.gatewayMessage(message, channel), this.messageTarget(message, channel));
      }
    }
    return message;
  }

  /** MESSAGE_CREATE for a message created with `deferDispatch`. */
  dispatchCreated(message: StandInMessage): void {
    const channel = this.state.channel(message.channel_id);
    if (channel && !message.ephemeral) this.dispatchCreate(message, channel);
  }

  /** Bot-side edits that are not author edits (thread flag, pin): keep state, tell the gateway. */
  touch(message: StandInMessage): void {
    const channel = this.state.channel(message.channel_id);
    if (channel && !message.ephemeral) {
      this.state.dispatcher.dispatch(GatewayDispatchEvents.MessageUpdate, this.gatewayMessage(message, channel), this.messageTarget(message, channel));
    }
  }

  delete(message: StandInMessage): void {
    message.deleted = true;
    const ids = this.state.channelMessageIds.get(message.channel_id);
    if (ids) {
      const idx = ids.indexOf(message.id);
      if (idx !== -1) ids.splice(idx, 1);
    }
    const channel = this.state.channel(message.channel_id);
    if (!channel || message.ephemeral) return;
    const guildId = this.state.guildIdOf(channel);
    this.state.dispatcher.dispatch(
      GatewayDispatchEvents.MessageDelete,
      { id: message.id, channel_id: message.channel_id, ...(guildId ? { guild_id: guildId } : {}) },
      { guildId, intent: guildId ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages },
    );
  }

  // ---- helpers --------------------------------------------------------------------------------

  private checkChannelAcceptsMessages(channel: APIChannel, input: CreateMessageInput): void {
    const { state } = this;
    if (channel.type === ChannelType.GuildForum || channel.type === ChannelType.GuildMedia) {
      throw new DiscordApiError(400, RESTJSONErrorCodes.CannotSendAMessageInAForumChannel, 'Cannot send a message in a forum channel');
    }
    if (channel.type === ChannelType.GuildCategory) {
      throw new DiscordApiError(400, RESTJSONErrorCodes.CannotSendMessagesInNonTextChannel, 'Cannot send messages in a non-text channel');
    }
    if (channel.type === ChannelType.DM) {
      const recipient = channel.recipients?.[0];
      const record = recipient ? state.users.get(recipient.id) : undefined;
      if (recipient && recipient.id !== input.author.id && !record?.acceptsDms) {
        // A user closing DMs is a fact of life, not a bot bug: answered, not recorded.
        throw new DiscordApiError(403, RESTJSONErrorCodes.CannotSendMessagesToThisUser, 'Cannot send messages to this user', undefined, null);
      }
      return;
    }
    if (state.isThread(channel) && channel.thread_metadata?.locked && input.checkPermissions) {
      const guildId = state.guildIdOf(channel)!;
      if (!state.memberHas(guildId, input.author.id, PermissionFlagsBits.ManageThreads, channel.id)) {
        throw new DiscordApiError(403, RESTJSONErrorCodes.ThreadLocked, 'Thread is locked', undefined, null);
      }
    }
    if (input.checkPermissions) {
      const guildId = state.guildIdOf(channel);
      if (!guildId) return;
      if (!state.memberHas(guildId, input.author.id, PermissionFlagsBits.ViewChannel, channel.id)) throw missingAccess();
      const send = state.isThread(channel) ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
      if (!state.memberHas(guildId, input.author.id, send, channel.id)) throw missingPermissions();
      if (input.files.length > 0 && !state.memberHas(guildId, input.author.id, PermissionFlagsBits.AttachFiles, channel.id)) throw missingPermissions();
    }
    if (state.isThread(channel) && channel.thread_metadata?.archived) {
      // Sending into an archived (unlocked) thread unarchives it, as on Discord.
      channel.thread_metadata.archived = false;
    }
  }

  private checkContent(body: MessageBody, files: UploadedFile[], prefix: string, requireNonEmpty: boolean): void {
    const content = body.content ?? '';
    if (content.length > MAX_CONTENT_LENGTH) {
      throw invalidFormBody(`${prefix}content`, 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_CONTENT_LENGTH} or fewer in length.`);
    }
    if (body.embeds) checkEmbeds(body.embeds, prefix);
    if (!requireNonEmpty) return;
    const hasSomething =
      content.trim().length > 0 ||
      (body.embeds?.length ?? 0) > 0 ||
      files.length > 0 ||
      (body.components?.length ?? 0) > 0 ||
      (body.sticker_ids?.length ?? 0) > 0 ||
      (body.poll !== undefined && body.poll !== null);
    if (!hasSomething) throw new DiscordApiError(400, RESTJSONErrorCodes.CannotSendAnEmptyMessage, 'Cannot send an empty message');
  }

  /**
   * `files[n]` uploads become attachments; `attachments: [{ id: "n", description }]` carries their
   * metadata, and on edits `{ id: "<existing snowflake>" }` keeps an existing attachment.
   */
  private buildAttachments(channelId: string, body: MessageBody, files: UploadedFile[], existing: StandInAttachment[]): StandInAttachment[] {
    const meta = new Map<string, NonNullable<MessageBody['attachments']>[number]>();
    for (const a of body.attachments ?? []) meta.set(String(a.id), a);
    const kept = body.attachments === undefined || body.attachments === null ? existing : existing.filter((a) => meta.has(a.id));
    const uploaded = files.map((file, index): StandInAttachment => {
      const fieldIndex = /\[(\d+)\]/.exec(file.field)?.[1] ?? String(index);
      const m = meta.get(fieldIndex);
      const id = nextSnowflake();
      const filename = m?.filename ?? file.filename;
      const url = `${this.state.publicBaseUrl}/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
      return {
        id,
        filename,
        size: file.bytes.length,
        url,
        proxy_url: url,
        content_type: contentTypeFor(file.contentType, filename),
        ...(m?.description ? { description: m.description } : {}),
        ...(m?.title ? { title: m.title } : {}),
        bytes: file.bytes,
      };
    });
    for (const a of uploaded) this.state.attachments.set(a.id, a);
    return [...kept, ...uploaded];
  }

  gatewayMessage(message: StandInMessage, channel: APIChannel): GatewayMessageCreateDispatchData {
    const api = messageToApi(message);
    const guildId = this.state.guildIdOf(channel);
    const guild = guildId ? this.state.guild(guildId) : undefined;
    const memberOf = (userId: string) => {
      const m = guild?.members.get(userId);
      return m
        ? {
            roles: [...m.roles],
            nick: m.nick,
            avatar: null,
            joined_at: m.joinedAt,
            premium_since: null,
            deaf: false,
            mute: false,
            flags: 0 as never,
            pending: false,
            communication_disabled_until: null,
          }
        : undefined;
    };
    const authorMember = memberOf(message.author.id);
    return {
      ...api,
      ...(guildId ? { guild_id: guildId } : {}),
      ...(authorMember && !message.webhook_id ? { member: authorMember } : {}),
      mentions: api.mentions.map((u): APIUserWithMember => {
        const m = memberOf(u.id);
        return m ? { ...u, member: m } : u;
      }),
      channel_type: channel.type as GatewayMessageCreateDispatchData['channel_type'],
    };
  }

  private messageTarget(message: StandInMessage, channel: APIChannel) {
    const guildId = this.state.guildIdOf(channel);
    const botId = this.state.botUser.id;
    return {
      guildId,
      intent: guildId ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages,
      contentVisibleWithoutIntent: !guildId || message.author.id === botId || message.pinged.users.includes(botId),
    };
  }

  private dispatchCreate(message: StandInMessage, channel: APIChannel): void {
    this.state.dispatcher.dispatch(GatewayDispatchEvents.MessageCreate, this.gatewayMessage(message, channel), this.messageTarget(message, channel));
  }
}

function normalizeEmbeds(embeds: APIEmbed[] | null | undefined): APIEmbed[] {
  return (embeds ?? []).map((e) => ({ type: 'rich' as APIEmbed['type'], ...e }));
}

function checkEmbeds(embeds: APIEmbed[], prefix: string): void {
  let total = 0;
  for (const e of embeds) {
    total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
    for (const f of e.fields ?? []) total += f.name.length + f.value.length;
  }
  if (total > MAX_EMBED_TOTAL) {
    throw invalidFormBody(`${prefix}embeds`, 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${MAX_EMBED_TOTAL}`);
  }
}

/** Discord sniffs a type when the client sent none (discord.js only labels files it recognises by magic bytes). */
const TYPES_BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  zip: 'application/zip',
};

function contentTypeFor(sent: string, filename: string): string {
  if (sent && sent !== 'application/octet-stream') return sent;
  const ext = filename.split('.').pop()?.toLowerCase() ?? '';
  return TYPES_BY_EXTENSION[ext] ?? 'application/octet-stream';
}
