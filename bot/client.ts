import { Client, GatewayIntentBits, Options, type ClientOptions } from 'discord.js';
import type { Config } from './config.js';

/** Effectively no client-side global limit for interaction responses (see below). */
export const INTERACTION_REQUESTS_PER_SECOND = 10_000;

/**
 * The gateway client. Parley only needs interactions and the guild's channels (to find a thread's
 * parent and check where it may post), so it asks for the Guilds intent alone and keeps no
 * messages, members, presences or reactions in memory.
 */
export function createDiscordClient(config: Pick<Config, 'discordApiUrl'>, overrides: Partial<ClientOptions> = {}): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    // This client's REST only answers interactions (callbacks, follow-ups, edits of replies),
    // which Discord does not count against the bot's global 50 requests/s. discord.js applies
    // that global limit to every request it makes, so left at its default it would hold replies
    // back under load and make them miss Discord's 3 seconds. Jobs post to channels through a
    // REST client of their own that keeps the bot's limit (bot/parts/job-workers.ts).
    rest: { api: config.discordApiUrl, globalRequestsPerSecond: INTERACTION_REQUESTS_PER_SECOND },
    // Anything sent through discord.js pings nobody unless a call says otherwise.
    allowedMentions: { parse: [] },
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      PresenceManager: 0,
      VoiceStateManager: 0,
      ThreadMemberManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      GuildScheduledEventManager: 0,
      StageInstanceManager: 0,
      GuildInviteManager: 0,
      GuildBanManager: 0,
      AutoModerationRuleManager: 0,
      ApplicationCommandManager: 0,
      // Keep the bot's own member: its roles decide where Parley may post.
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
      UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user.id },
    }),
    ...overrides,
  });
}
