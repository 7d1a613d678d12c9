// The shape every renderer returns: message JSON for Discord's REST API.

import type { APIActionRowComponent, APIAllowedMentions, APIButtonComponent } from 'discord-api-types/v10';
import { DISCORD_MESSAGE_LIMIT } from './split.js';

/**
 * A narrow slice of discord-api-types' RESTPostAPIChannelMessageJSONBody that is always
 * complete: content is set and allowed_mentions is explicit, so nothing Parley posts can
 * fall back to Discord's default of pinging whatever the text mentions. It is also a valid
 * RESTPatchAPIChannelMessageJSONBody, so edits (intro closing, question answered) reuse it.
 * Callers may spread it and add fields (attachments, flags).
 *
 * This is REST JSON (snake_case). discord.js's `channel.send()` reads `allowedMentions`
 * instead and would ignore `allowed_mentions`; post it with `client.rest` and `Routes`.
 */
export interface MessageBody {
  content: string;
  allowed_mentions: APIAllowedMentions;
  /** Buttons; an edit that passes [] removes them. */
  components?: APIActionRowComponent<APIButtonComponent>[];
}

/** A message that pings nobody, whatever its text says. */
export function silentMessage(content: string): MessageBody {
  return { content: checkedContent(content), allowed_mentions: { parse: [] } };
}

/** A message that may ping exactly this one user and nobody else. */
export function messagePinging(userId: string, content: string): MessageBody {
  return { content: checkedContent(content), allowed_mentions: { parse: [], users: [userId] } };
}

// Renderers size their text to fit; this is the backstop that turns a sizing bug into a clear
// error here rather than a 400 from Discord in a job.
function checkedContent(content: string): string {
  if (content.trim().length === 0) throw new Error('A Discord message needs some content');
  if (content.length > DISCORD_MESSAGE_LIMIT) {
    throw new Error(`Rendered message is ${content.length} characters; Discord allows ${DISCORD_MESSAGE_LIMIT}`);
  }
  return content;
}
