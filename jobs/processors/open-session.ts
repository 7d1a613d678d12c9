import type { SessionRef } from '../payloads.js';
import type { JobScheduler } from '../scheduler.js';
import type { SessionStore } from '../../storage/session-store.js';

export interface OpenSessionDeps {
  sessions: SessionStore;
  scheduler: JobScheduler;
  now: () => number;
}

/**
 * The delayed job at a session's start. Opening is one atomic transition, so with several workers
 * (or a retry) only one run opens; every run that finds the session open makes sure the intro
 * gets posted, which also repairs a crash between the two steps.
 */
export async function openSessionJob(ref: SessionRef, deps: OpenSessionDeps): Promise<string> {
  const outcome = await deps.sessions.open(ref.guildId, ref.sessionId, deps.now(), 'due');
  if (outcome === 'opened' || outcome === 'already-open') await deps.scheduler.syncSession(ref, 'opened');
  return outcome;
}
