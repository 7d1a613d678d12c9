import { randomBytes } from 'node:crypto';

/**
 * A refusal meant for the member: bad input, missing permission, wrong moment. The router shows
 * its message as a short ephemeral reply and logs it at debug level only.
 */
export class UserError extends Error {
  override name = 'UserError';
}

/** Redis is unreachable: say so plainly instead of a generic failure or a hung interaction. */
export class StorageUnavailableError extends UserError {
  override name = 'StorageUnavailableError';
  constructor() {
    super("Parley can't take questions for a moment: its storage is unreachable. Please try again in a minute.");
  }
}

// ioredis' errors when the connection is down and the offline queue is off (we fail fast).
const REDIS_DOWN_PATTERNS = [
  /Stream isn't writeable/i,
  /Connection is closed/i,
  /Reached the max retries per request/i,
  /Command timed out/i,
  /ECONNREFUSED/i,
  /connect ETIMEDOUT/i,
  /LOADING/,
  // The same on a Redis Cluster: no node reachable, the cluster failed, or a failover outlasted
  // the retries (storage/redis.ts).
  /Cluster isn't ready and enableOfflineQueue options is false/i,
  /None of startup nodes is available/i,
  /Failed to refresh slots cache/i,
  /Too many Cluster redirections/i,
  /CLUSTERDOWN/,
];

// discord.js refuses options that are missing or of the wrong type; only a forged or broken
// client sends those, but the member still deserves a clear answer rather than a crash report.
const MALFORMED_OPTION_CODES = new Set([
  'CommandInteractionOptionNotFound',
  'CommandInteractionOptionType',
  'CommandInteractionOptionEmpty',
  'CommandInteractionOptionNoSubcommand',
  'CommandInteractionOptionNoSubcommandGroup',
  'CommandInteractionOptionInvalidChannelType',
  'ModalSubmitInteractionFieldNotFound',
  'ModalSubmitInteractionFieldType',
]);

export const MALFORMED_INTERACTION_MESSAGE =
  "Parley couldn't read that command's options. Please run it again from Discord's command menu.";

export function isMalformedInteraction(error: unknown): boolean {
  return error instanceof Error && 'code' in error && MALFORMED_OPTION_CODES.has(String((error as { code: unknown }).code));
}

export function isRedisUnavailable(error: unknown): boolean {
  return error instanceof Error && REDIS_DOWN_PATTERNS.some((pattern) => pattern.test(error.message));
}

/** A short id shown to the member and written to the log, so a report can be found. */
export function newErrorReference(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}
