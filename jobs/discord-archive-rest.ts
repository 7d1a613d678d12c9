import { Routes, SnowflakeUtil, type REST } from 'discord.js';
import {
  ChannelType,
  type APIChannel,
  type APIMessage,
  type APIThreadChannel,
  type APIUser,
  type RESTGetAPIGuildThreadsResult,
  type RESTPatchAPIChannelMessageJSONBody,
  type RESTPostAPIChannelMessageJSONBody,
  type RESTPostAPIGuildForumThreadsJSONBody,
} from 'discord-api-types/v10';
import type { OutgoingFile } from './discord-rest.js';

/** Where an archive goes: a forum gets a post of its own; any other channel a message. */
export type ArchiveTarget = { kind: 'forum'; tags: Array<{ id: string; name: string }> } | { kind: 'channel' };

export interface ForumPost {
  /** The post's title. */
  name: string;
  body: RESTPostAPIChannelMessageJSONBody;
  appliedTags: string[];
  files: OutgoingFile[];
}

/**
 * The Discord calls only archive publishing needs, over REST: finding out what kind of channel
 * the archive goes to, forum posts, and replacing a published message with its files.
 */
export interface DiscordArchivePosts {
  target(channelId: string): Promise<ArchiveTarget>;
  /** Creates a forum post; returns its id, which is both the thread's and its first message's. */
  createForumPost(forumId: string, post: ForumPost): Promise<string>;
  /**
   * A post of Parley's in this forum with this title, created at or after `since` (epoch ms),
   * whose first message has a file named with `filePrefix`, if one is still active: what a
   * retry finds after an earlier attempt's response was lost.
   */
  findForumPost(guildId: string, forumId: string, post: { name: string; since: number; filePrefix: string }): Promise<string | null>;
  /** Edits a message and replaces all of its files with these. */
  replaceMessage(channelId: string, messageId: string, body: RESTPatchAPIChannelMessageJSONBody, files: OutgoingFile[]): Promise<void>;
}

const FORUM_TYPES = new Set<ChannelType>([ChannelType.GuildForum, ChannelType.GuildMedia]);

export function discordArchivePostsOverRest(rest: REST): DiscordArchivePosts {
  let botUserId: Promise<string> | null = null;
  const ownId = () => (botUserId ??= (rest.get(Routes.user()) as Promise<APIUser>).then((user) => user.id));

  return {
    async target(channelId) {
      const channel = (await rest.get(Routes.channel(channelId))) as APIChannel;
      if (!FORUM_TYPES.has(channel.type)) return { kind: 'channel' };
      const tags = 'available_tags' in channel ? channel.available_tags : [];
      return { kind: 'forum', tags: tags.map((tag) => ({ id: tag.id, name: tag.name })) };
    },

    async createForumPost(forumId, post) {
      const body: RESTPostAPIGuildForumThreadsJSONBody = {
        name: post.name,
        applied_tags: post.appliedTags,
        message: { ...post.body, ...attachmentsOf(post.files) },
      };
      const thread = (await rest.post(Routes.threads(forumId), { body, files: post.files.map(toRawFile) })) as APIThreadChannel;
      return thread.id;
    },

    async findForumPost(guildId, forumId, { name, since, filePrefix }) {
      const [active, self] = await Promise.all([rest.get(Routes.guildActiveThreads(guildId)) as Promise<RESTGetAPIGuildThreadsResult>, ownId()]);
      const candidates = active.threads.filter(
        (thread) =>
          'parent_id' in thread &&
          thread.parent_id === forumId &&
          'owner_id' in thread &&
          thread.owner_id === self &&
          thread.name === name &&
          SnowflakeUtil.timestampFrom(thread.id) >= since,
      );
      // Titles repeat ("Weekly AMA"); the files name the session, so they tell posts apart.
      for (const thread of candidates) {
        const starter = (await rest.get(Routes.channelMessage(thread.id, thread.id))) as APIMessage;
        if (starter.attachments.some((file) => file.filename.startsWith(filePrefix))) return thread.id;
      }
      return null;
    },

    async replaceMessage(channelId, messageId, body, files) {
      // Listing only the new uploads under `attachments` tells Discord to drop every old file.
      await rest.patch(Routes.channelMessage(channelId, messageId), {
        body: { ...body, ...attachmentsOf(files) },
        files: files.map(toRawFile),
      });
    },
  };
}

function attachmentsOf(files: readonly OutgoingFile[]): { attachments: Array<{ id: string; filename: string }> } {
  return { attachments: files.map((file, index) => ({ id: String(index), filename: file.name })) };
}

function toRawFile(file: OutgoingFile) {
  return { name: file.name, contentType: file.contentType, data: file.data };
}
