import type { Session } from '../storage/model.js';
import { archiveJobId, closeJobId, openJobId, questionSyncJobId, sessionSyncJobId } from './job-ids.js';
import type { QuestionRef, SessionRef } from './payloads.js';
import type { ParleyQueues } from './queues.js';

/** Start-up catch-up passes `recovered-<boot time>`, so it is never deduplicated against a job
 * that failed for good in an earlier run. */
type Recovery = `recovered-${number}`;
export type SessionEvent = 'opened' | 'closed' | 'cancelled' | Recovery;
export type QuestionEvent = 'asked' | 'answered' | Recovery;

/**
 * What commands and processors call to get work done later. Every method is safe to call twice:
 * job ids are deterministic, and the processors check Redis before acting.
 */
export class JobScheduler {
  constructor(
    private readonly queues: ParleyQueues,
    private readonly now: () => number = Date.now,
  ) {}

  /** Delayed open and close jobs at the session's times (at once when already due). */
  async scheduleLifecycle(session: Session): Promise<void> {
    const ref = refOf(session);
    const jobs = [];
    if (session.status === 'scheduled') {
      jobs.push({ name: 'open-session' as const, data: ref, opts: { jobId: openJobId(ref, session.startsAt), delay: this.delayUntil(session.startsAt) } });
    }
    if (session.status === 'scheduled' || session.status === 'open') {
      jobs.push({ name: 'close-session' as const, data: ref, opts: { jobId: closeJobId(ref, session.endsAt), delay: this.delayUntil(session.endsAt) } });
    }
    if (jobs.length > 0) await this.queues.lifecycle.addBulk(jobs);
  }

  // Removing jobs a start, end or cancel made obsolete keeps the queue tidy; a job that slips
  // through (already running) finds the session moved on and does nothing.
  // (BullMQ refuses to remove a job that is running; that refusal is fine to ignore.)
  async dropOpenJob(session: Session): Promise<void> {
    await this.queues.lifecycle.remove(openJobId(refOf(session), session.startsAt)).catch(() => 0);
  }

  async dropCloseJob(session: Session): Promise<void> {
    await this.queues.lifecycle.remove(closeJobId(refOf(session), session.endsAt)).catch(() => 0);
  }

  async syncSession(ref: SessionRef, event: SessionEvent): Promise<void> {
    await this.queues.discord.add('sync-session', pick(ref), { jobId: sessionSyncJobId(ref, event) });
  }

  async syncQuestion(ref: QuestionRef, event: QuestionEvent): Promise<void> {
    await this.queues.discord.add('sync-question', { ...pick(ref), number: ref.number }, { jobId: questionSyncJobId(ref, event) });
  }

  async publishArchive(ref: SessionRef): Promise<void> {
    await this.queues.discord.add('publish-archive', pick(ref), { jobId: archiveJobId(ref) });
  }

  private delayUntil(time: number): number {
    return Math.max(0, time - this.now());
  }
}

function pick(ref: SessionRef): SessionRef {
  return { guildId: ref.guildId, sessionId: ref.sessionId };
}

function refOf(session: Session): SessionRef {
  return { guildId: session.guildId, sessionId: session.id };
}
