import { DEFAULT_LIMITS } from '../../storage/model.js';
import type { NewSession } from '../../storage/session-store.js';

/**
 * A session to create in a test: plain defaults (one host, no co-hosts, not moderated, default
 * limits, open from now for an hour) with only what the test cares about overridden.
 */
export function sessionInput(overrides: Partial<NewSession> & Pick<NewSession, 'guildId' | 'channelId'>): NewSession {
  const now = Date.now();
  return {
    title: 'Test AMA',
    host: { id: '1', name: 'Host', title: null },
    cohosts: [],
    intro: null,
    moderated: false,
    reviewChannelId: null,
    allowAnonymous: false,
    collectEarly: false,
    limits: DEFAULT_LIMITS,
    archiveChannelId: overrides.channelId,
    startsAt: now,
    endsAt: now + 3_600_000,
    createdBy: '2',
    createdAt: now,
    ...overrides,
  };
}
