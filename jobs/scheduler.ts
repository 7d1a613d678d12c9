import type { Session } from '../storage/model.js';
import { archiveJobId, republishArchiveId, closeJobId, eventSyncJobId, notifyVotersJobId, openJobId, questionSyncJobId, remindJobId, sessionSyncJobId, voteRefreshId, tellAskerJobId } from './job-ids.js';
import type { QuestionRef, SessionRef } from './payloads.js';
import type { ParleyQueues } from './queues.js';

/** Start-up catch-up passes `recovered-<boot time>`, so it is never deduplicated against a job
 * that failed for good in an earlier run. */
type Recovery = `recovered-${number}`;
/** Times moved: the new times are part of the name, so each move gets its own sync. */
type Moved = `rescheduled-${number}-${number}` | `extended-${number}`;
export type SessionEvent = 'scheduled' | 'opened' | 'closed' | 'cancelled' | Moved | Recovery;
export type QuestionEvent =
  | 'asked'
  | 'answered'
  | `edited-${number}`
  | 'approved'
  | 'rejected'
  | 'hidden'
  | 'withdrawn'
  | Recovery;

/**
 * How long vote changes on one question are gathered into one edit of its message. Discord
 * allows about five message edits per five seconds in a channel; a popular AMA has many
 * questions being voted on at once, so each question's count is refreshed at most every 3 s.
 */
export const VOTE_REFRESH_MS = 3_000;

/** A host fixing several answers in a row gets one archive edit, not one per fix. */
export const REPUBLISH_ARCHIVE_MS = 5_000;

/**
 * What commands and processors call to get work done later. Every method is safe to call twice:
 * job ids are deterministic, and the processors check Redis before acting.
 */
export class JobScheduler {
  constructor(
    private readonly queues: ParleyQueues,
    private readonly now: () => number = Date.now,
    /** The vote-coalescing window; tests shorten it to keep end-to-end runs fast. */
    private readonly voteRefreshMs: number = VOTE_REFRESH_MS,
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

  /**
   * Brings what members see of the session outside its questions in line with Redis: the intro
   * message and the Discord event. Every lifecycle change (open, close, cancel, times moved,
   * start-up catch-up) calls this, so the event follows the session without each caller knowing.
   */
  async syncSession(ref: SessionRef, event: SessionEvent): Promise<void> {
    await this.queues.discord.addBulk([
      { name: 'sync-session', data: pick(ref), opts: { jobId: sessionSyncJobId(ref, event) } },
      { name: 'sync-event', data: pick(ref), opts: { jobId: eventSyncJobId(ref, event) } },
    ]);
  }

  /** Only the Discord event (a session just scheduled has no intro to post yet). */
  async syncEvent(ref: SessionRef, event: SessionEvent): Promise<void> {
    await this.queues.discord.add('sync-event', pick(ref), { jobId: eventSyncJobId(ref, event) });
  }

  /**
   * A delayed job per reminder still ahead of a scheduled session. Job data is the offset only:
   * the job reads the start time when it runs and does nothing if the session moved since.
   */
  async scheduleReminders(session: Session): Promise<void> {
    if (session.status !== 'scheduled') return;
    const now = this.now();
    const jobs = (session.reminderOffsets ?? [])
      .filter((offsetMs) => session.startsAt - offsetMs > now)
      .map((offsetMs) => {
        const data = { ...refOf(session), offsetMs };
        return { name: 'remind' as const, data, opts: { jobId: remindJobId(data, session.startsAt), delay: session.startsAt - offsetMs - now } };
      });
    if (jobs.length > 0) await this.queues.discord.addBulk(jobs);
  }

  /** Removes reminder jobs queued for this start time (after a reschedule, start or cancel). */
  async dropReminders(session: Session): Promise<void> {
    for (const offsetMs of session.reminderOffsets ?? []) {
      await this.queues.discord.remove(remindJobId({ ...refOf(session), offsetMs }, session.startsAt)).catch(() => 0);
    }
  }

  async syncQuestion(ref: QuestionRef, event: QuestionEvent): Promise<void> {
    await this.queues.discord.add('sync-question', { ...pick(ref), number: ref.number }, { jobId: questionSyncJobId(ref, event) });
  }

  /**
   * Coalesced: the first vote in a window queues a refresh delayed by the window; votes inside
   * it are deduplicated into that job, which reads the count when it runs, so the last vote of
   * a burst is always shown and the message is edited at most once per window.
   */
  async refreshVotes(ref: QuestionRef): Promise<void> {
    await this.queues.discord.add('sync-question', { ...pick(ref), number: ref.number }, {
      delay: this.voteRefreshMs,
      deduplication: { id: voteRefreshId(ref), ttl: this.voteRefreshMs },
    });
  }

  async tellAsker(ref: QuestionRef): Promise<void> {
    await this.queues.discord.add('tell-asker', { ...pick(ref), number: ref.number }, { jobId: tellAskerJobId(ref) });
  }

  async notifyVoters(ref: QuestionRef): Promise<void> {
    await this.queues.discord.add('notify-voters', { ...pick(ref), number: ref.number }, { jobId: notifyVotersJobId(ref) });
  }

  async publishArchive(ref: SessionRef): Promise<void> {
    await this.queues.discord.add('publish-archive', pick(ref), { jobId: archiveJobId(ref) });
  }

  /**
   * Call after an answer of a closed session is edited. Coalesced like refreshVotes: edits
   * within the window join one delayed job, which reads every answer when it runs; an edit
   * after the window has passed (the job started) queues the next one.
   */
  async republishArchive(ref: SessionRef): Promise<void> {
    await this.queues.discord.add('republish-archive', pick(ref), {
      delay: REPUBLISH_ARCHIVE_MS,
      deduplication: { id: republishArchiveId(ref), ttl: REPUBLISH_ARCHIVE_MS },
    });
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
