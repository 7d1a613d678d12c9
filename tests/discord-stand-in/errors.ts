/**
 * Errors shaped exactly like Discord's JSON error bodies, so discord.js turns them into
 * `DiscordAPIError`s with the right `code`/`status` and the bot's error handling is exercised
 * the same way it would be in production.
 */
import { RESTJSONErrorCodes } from 'discord-api-types/v10';

/** Discord's nested form-error object: `{ content: { _errors: [{ code, message }] } }`. */
export interface DiscordFormErrors {
  [key: string]: DiscordFormErrors | Array<{ code: string; message: string }>;
}

/** Which kind of violation a thrown error should be recorded as (if any). */
export type ViolationKind =
  | 'openapi' // body does not match Discord's OpenAPI document
  | 'unknown-route' // route Discord does not have (or the stand-in does not implement)
  | 'enforcement' // Discord would have refused this (10062, 40060, 160004, content length, ...)
  | 'auth' // missing/wrong token
  | 'gateway' // gateway protocol misuse
  | 'bad-request'; // unparseable body etc.

export class DiscordApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: DiscordFormErrors,
    /** Record a violation for this error (default: enforcement for 4xx). `null` = do not record. */
    readonly violation: ViolationKind | null = 'enforcement',
  ) {
    super(message);
  }

  toBody(): { code: number; message: string; errors?: DiscordFormErrors } {
    return this.errors ? { code: this.code, message: this.message, errors: this.errors } : { code: this.code, message: this.message };
  }
}

/** 400 50035 with one field error at a dotted path ("content", "message_reference.message_id"). */
export function invalidFormBody(path: string, code: string, message: string): DiscordApiError {
  return new DiscordApiError(400, RESTJSONErrorCodes.InvalidFormBodyOrContentType, 'Invalid Form Body', nestError(path, code, message));
}

export function nestError(path: string, code: string, message: string): DiscordFormErrors {
  const parts = path === '' ? [] : path.split('.');
  const root: DiscordFormErrors = {};
  let node = root;
  for (const part of parts) {
    const next: DiscordFormErrors = {};
    node[part] = next;
    node = next;
  }
  node._errors = [{ code, message }];
  return root;
}

/**
 * "Unknown X" answers are normal in a live server (a moderator deleted the message, the member
 * left), so they are answered like Discord but NOT recorded as violations. Exceptions: an unknown
 * interaction or webhook token means the bot used a wrong/expired id or answered before acking.
 */
export const notFound = {
  channel: () => new DiscordApiError(404, RESTJSONErrorCodes.UnknownChannel, 'Unknown Channel', undefined, null),
  message: () => new DiscordApiError(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message', undefined, null),
  guild: () => new DiscordApiError(404, RESTJSONErrorCodes.UnknownGuild, 'Unknown Guild', undefined, null),
  member: () => new DiscordApiError(404, RESTJSONErrorCodes.UnknownMember, 'Unknown Member', undefined, null),
  user: () => new DiscordApiError(404, RESTJSONErrorCodes.UnknownUser, 'Unknown User', undefined, null),
  role: () => new DiscordApiError(404, RESTJSONErrorCodes.UnknownRole, 'Unknown Role', undefined, null),
  command: () => new DiscordApiError(404, RESTJSONErrorCodes.UnknownApplicationCommand, 'Unknown application command', undefined, null),
  scheduledEvent: () => new DiscordApiError(404, RESTJSONErrorCodes.UnknownGuildScheduledEvent, 'Unknown Guild Scheduled Event', undefined, null),
  webhook: () => new DiscordApiError(404, RESTJSONErrorCodes.UnknownWebhook, 'Unknown Webhook'),
  interaction: () => new DiscordApiError(404, RESTJSONErrorCodes.UnknownInteraction, 'Unknown interaction'),
};

/** Permission answers depend on how admins set the server up: answered, not recorded. */
export function missingPermissions(): DiscordApiError {
  return new DiscordApiError(403, RESTJSONErrorCodes.MissingPermissions, 'Missing Permissions', undefined, null);
}

export function missingAccess(): DiscordApiError {
  return new DiscordApiError(403, RESTJSONErrorCodes.MissingAccess, 'Missing Access', undefined, null);
}
