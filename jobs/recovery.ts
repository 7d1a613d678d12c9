import type { Logger } from 'pino';
import type { QuestionStore } from '../storage/question-store.js';
import type { SessionStore } from '../storage/session-store.js';
import type { JobScheduler } from './scheduler.js';
import { afterClose } from './processors/close-session.js';

export interface RecoveryDeps {
  sessions: SessionStore;
  questions: QuestionStore;
  scheduler: JobScheduler;
  now: () => number;
  log: Logger;
}

export interface RecoveryReport {
  sessions: number;
  questions: number;
}

/**
 * Run at start-up: re-queues everything Redis says is still to happen, so nothing is lost to a
 * crash between storing a change and queuing its job, to a deploy, or to a Redis restart that
 * lost queued jobs. Lifecycle jobs that fell due while the bot was down run at once. Every job
 * queued here is idempotent, so running this when nothing was lost costs only the queuing.
 */
export async function catchUp(deps: RecoveryDeps): Promise<RecoveryReport> {
  const event = `recovered-${deps.now()}` as const;
  const report: RecoveryReport = { sessions: 0, questions: 0 };
  for (const { guildId, sessionId } of await deps.sessions.listActive()) {
    const session = await deps.sessions.get(guildId, sessionId);
    if (!session || session.status === 'cancelled') {
      await deps.sessions.clearActive(guildId, sessionId);
      continue;
    }
    const ref = { guildId, sessionId };
    report.sessions += 1;
    if (session.status === 'closed') await afterClose(ref, deps.scheduler);
    else await deps.scheduler.scheduleLifecycle(session);
    if (session.status === 'open') await deps.scheduler.syncSession(ref, event);
    if (session.status === 'scheduled') {
      // Reminders still ahead (each job checks it was not sent already) and the Discord event,
      // in case their jobs were lost; opens and closes that fell due run at once above.
      await deps.scheduler.scheduleReminders(session);
      await deps.scheduler.syncEvent(ref, event);
    }

    const unsynced = await deps.questions.unsynced(guildId, sessionId);
    for (const number of unsynced) await deps.scheduler.syncQuestion({ ...ref, number }, event);
    report.questions += unsynced.length;
  }
  deps.log.info(report, 'start-up catch-up queued');
  return report;
}
