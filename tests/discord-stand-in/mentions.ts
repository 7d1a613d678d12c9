/**
 * Who a message would ping, given its content and `allowed_mentions`.
 *
 * This is deliberately the *message's* intent, independent of the author's permissions: Discord
 * additionally requires MENTION_EVERYONE for `@everyone`/`@here` and non-mentionable roles, but a
 * bot that relies on lacking a permission to stay quiet is one permission change away from
 * pinging a whole server. Tests assert on this worst case.
 */
import type { APIAllowedMentions } from 'discord-api-types/v10';
import { invalidFormBody } from './errors.js';

export interface Pinged {
  /** `@everyone` or `@here` would notify the channel. */
  everyone: boolean;
  users: string[];
  roles: string[];
}

export const NOBODY: Pinged = Object.freeze({ everyone: false, users: [], roles: [] }) as Pinged;

const USER_MENTION = /<@!?(\d{15,21})>/g;
const ROLE_MENTION = /<@&(\d{15,21})>/g;
const EVERYONE = /@(everyone|here)\b/;

export interface MentionInput {
  content: string | undefined | null;
  allowedMentions: APIAllowedMentions | null | undefined;
  /** Author of the message being replied to, if this is a reply. */
  repliedUserId?: string | undefined;
}

/** Throws Discord's 50035 for the combinations Discord rejects (parse + explicit list). */
export function validateAllowedMentions(am: APIAllowedMentions | null | undefined, field = 'allowed_mentions'): void {
  if (!am) return;
  const parse = am.parse ?? [];
  if (parse.includes('users' as never) && am.users && am.users.length > 0) {
    throw invalidFormBody(`${field}.parse`, 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', 'parse:["users"] and users: [ids...] are mutually exclusive.');
  }
  if (parse.includes('roles' as never) && am.roles && am.roles.length > 0) {
    throw invalidFormBody(`${field}.parse`, 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', 'parse:["roles"] and roles: [ids...] are mutually exclusive.');
  }
}

export function computePinged({ content, allowedMentions, repliedUserId }: MentionInput): Pinged {
  const text = content ?? '';
  const mentionedUsers = unique([...text.matchAll(USER_MENTION)].map((m) => m[1]!));
  const mentionedRoles = unique([...text.matchAll(ROLE_MENTION)].map((m) => m[1]!));
  const mentionsEveryone = EVERYONE.test(text);

  // Absent (or null) allowed_mentions = Discord's default: everything in content pings,
  // and a reply pings the replied-to author.
  if (!allowedMentions) {
    const users = repliedUserId ? unique([...mentionedUsers, repliedUserId]) : mentionedUsers;
    return { everyone: mentionsEveryone, users, roles: mentionedRoles };
  }

  const parse = new Set<string>(allowedMentions.parse ?? []);
  const userAllow = parse.has('users') ? null : new Set(allowedMentions.users ?? []);
  const roleAllow = parse.has('roles') ? null : new Set(allowedMentions.roles ?? []);
  const users = mentionedUsers.filter((id) => userAllow === null || userAllow.has(id));
  if (repliedUserId && allowedMentions.replied_user === true && !users.includes(repliedUserId)) users.push(repliedUserId);
  return {
    everyone: mentionsEveryone && parse.has('everyone'),
    users,
    roles: mentionedRoles.filter((id) => roleAllow === null || roleAllow.has(id)),
  };
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
