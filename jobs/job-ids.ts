import type { QuestionRef, ReminderRef, SessionRef } from './payloads.js';

// Deterministic job ids: adding the same job twice (a retried command, a start-up catch-up)
// leaves one job. BullMQ forbids ':' in custom ids, hence the dashes.

/** Lifecycle jobs include their due time, so a rescheduled session gets a fresh job. */
export const openJobId = (ref: SessionRef, startsAt: number) => `open-${ref.guildId}-${ref.sessionId}-${startsAt}`;
export const closeJobId = (ref: SessionRef, endsAt: number) => `close-${ref.guildId}-${ref.sessionId}-${endsAt}`;

/** One sync per event: a sync already running when the next event arrives must not swallow it. */
export const sessionSyncJobId = (ref: SessionRef, event: string) => `session-${ref.guildId}-${ref.sessionId}-${event}`;
export const questionSyncJobId = (ref: QuestionRef, event: string) =>
  `question-${ref.guildId}-${ref.sessionId}-${ref.number}-${event}`;
export const archiveJobId = (ref: SessionRef) => `archive-${ref.guildId}-${ref.sessionId}`;
/** One archive republish per session at a time; see JobScheduler.republishArchive. */
export const republishArchiveId = (ref: SessionRef) => `republish-${ref.guildId}-${ref.sessionId}`;
export const notifyVotersJobId = (ref: QuestionRef) => `notify-${ref.guildId}-${ref.sessionId}-${ref.number}`;
/** One vote-count refresh per question at a time; see JobScheduler.refreshVotes. */
export const voteRefreshId = (ref: QuestionRef) => `votes-${ref.guildId}-${ref.sessionId}-${ref.number}`;
/** Like sessionSyncJobId: one event sync per change, so a change during a running sync is not lost. */
export const eventSyncJobId = (ref: SessionRef, event: string) => `event-${ref.guildId}-${ref.sessionId}-${event}`;
/** One reminder per offset and start time: a reschedule gets fresh reminder jobs. */
export const remindJobId = (ref: ReminderRef, startsAt: number) => `remind-${ref.guildId}-${ref.sessionId}-${ref.offsetMs}-${startsAt}`;
export const tellAskerJobId = (ref: QuestionRef) => `tell-${ref.guildId}-${ref.sessionId}-${ref.number}`;
