import { createHash } from 'node:crypto';

/**
 * Discord's message nonce (at most 25 characters) for one intended message, the same on every
 * retry: a hash of what the message is for, e.g. `question:<guild>:<session>:<created>:<n>`.
 * The session's creation time keeps nonces distinct even if session numbers restart (a wiped
 * Redis, a second deployment in the same server).
 */
export function messageNonce(...parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join(':')).digest('base64url').slice(0, 25);
}
