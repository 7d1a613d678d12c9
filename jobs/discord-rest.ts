import { DiscordAPIError, Routes, type REST } from 'discord.js';
import {
  RESTJSONErrorCodes,
  ThreadAutoArchiveDuration,
  type APIDMChannel,
  type APIMessage,
  type APIThreadChannel,
  type RESTPatchAPIChannelMessageJSONBody,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';

export interface OutgoingFile {
  name: string;
  contentType: string;
  data: string | Buffer;
}

/**
 * The Discord side effects jobs perform, over REST only (workers need no gateway connection).
 * Each method is idempotent when given the same inputs: creates carry a nonce Discord enforces,
 * and starting a thread that exists returns the existing one.
 */
export interface DiscordMessages {
  createMessage(channelId: string, body: RESTPostAPIChannelMessageJSONBody, nonce: string, files?: OutgoingFile[]): Promise<string>;
  editMessage(channelId: string, messageId: string, body: RESTPatchAPIChannelMessageJSONBody): Promise<void>;
  /** Deleting a message that is already gone succeeds. */
  deleteMessage(channelId: string, messageId: string): Promise<void>;
  startThread(channelId: string, messageId: string, name: string): Promise<string>;
  /** A direct message; false when the member does not accept DMs from the server. */
  sendDirectMessage(userId: string, body: RESTPostAPIChannelMessageJSONBody, nonce: string): Promise<boolean>;
}

export function discordMessagesOverRest(rest: REST): DiscordMessages {
  return {
    async createMessage(channelId, body, nonce, files = []) {
      const payload: RESTPostAPIChannelMessageJSONBody = {
        ...body,
        // With enforce_nonce Discord answers a repeated create with the message it already made,
        // so a job retried after a lost response never posts twice.
        nonce,
        enforce_nonce: true,
        ...(files.length > 0 ? { attachments: files.map((file, index) => ({ id: String(index), filename: file.name })) } : {}),
      };
      const message = (await rest.post(Routes.channelMessages(channelId), {
        body: payload,
        files: files.map((file) => ({ name: file.name, contentType: file.contentType, data: file.data })),
      })) as APIMessage;
      return message.id;
    },

    async editMessage(channelId, messageId, body) {
      await rest.patch(Routes.channelMessage(channelId, messageId), { body });
    },

    async deleteMessage(channelId, messageId) {
      try {
        await rest.delete(Routes.channelMessage(channelId, messageId));
      } catch (error) {
        if (!(error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMessage)) throw error;
      }
    },

    async sendDirectMessage(userId, body, nonce) {
      try {
        const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIDMChannel;
        await this.createMessage(channel.id, body, nonce);
        return true;
      } catch (error) {
        if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser) return false;
        throw error;
      }
    },

    async startThread(channelId, messageId, name) {
      try {
        const thread = (await rest.post(Routes.threads(channelId, messageId), {
          body: { name, auto_archive_duration: ThreadAutoArchiveDuration.OneWeek },
        })) as APIThreadChannel;
        return thread.id;
      } catch (error) {
        // A thread started from a message takes the message's id; one already exists from an
        // earlier attempt whose response was lost.
        if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage) {
          return messageId;
        }
        throw error;
      }
    },
  };
}
