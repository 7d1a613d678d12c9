import type { SessionRef } from '../payloads.js';
import type { JobScheduler } from '../scheduler.js';
import type { SessionStore } from '../../storage/session-store.js';

export interface CloseSessionDeps {
  sessions: SessionStore;
  scheduler: JobScheduler;
  now: () => number;
}

/**
 * The delayed job at a session's end. Closing happens once (an atomic transition); any run that
 * finds the session closed queues the follow-ups (intro shows it ended, archive published),
 * whose deterministic ids make the second queuing a no-op.
 * A job left over from before the end moved later finds the session "not-due" and does nothing.
 */
export async function closeSessionJob(ref: SessionRef, deps: CloseSessionDeps): Promise<string> {
  const outcome = await deps.sessions.close(ref.guildId, ref.sessionId, deps.now(), 'due');
  if (outcome === 'closed' || outcome === 'already-closed') await afterClose(ref, deps.scheduler);
  return outcome;
}

export async function afterClose(ref: SessionRef, scheduler: JobScheduler): Promise<void> {
  await scheduler.syncSession(ref, 'closed');
  await scheduler.publishArchive(ref);
}
