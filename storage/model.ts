// Plain data for Parley's domain. Nothing here knows about Discord objects or Redis:
// storage reads and writes these shapes, rendering turns them into messages and archives.

export type SessionStatus = 'scheduled' | 'open' | 'closed' | 'cancelled';

/**
 * Why a session has no Discord event kept in step with it: the bot lacks Manage Events, or
 * someone deleted the event in Discord (Parley does not put back what a moderator removed).
 */
export type EventProblem = 'missing-permission' | 'deleted';

/** A person as Parley shows them: the display name and title line captured when they acted. */
export interface Person {
  id: string;
  name: string;
  /** Their title line, like "Researcher @ Harvard"; null when they have none. */
  title: string | null;
}

/** Per-session limits on asking; defaults in DEFAULT_LIMITS, overridable at scheduling. */
export interface AskLimits {
  minLength: number;
  maxLength: number;
  /** Unanswered questions one member may have waiting at once. */
  maxPending: number;
  /** Seconds a member waits between two questions. */
  cooldownSeconds: number;
}

export const DEFAULT_LIMITS: AskLimits = { minLength: 10, maxLength: 1500, maxPending: 3, cooldownSeconds: 30 };
/** The bounds moderators may set limits within. */
export const LIMIT_BOUNDS = {
  minLength: [10, 1500],
  maxLength: [10, 1500],
  maxPending: [1, 50],
  cooldownSeconds: [0, 3600],
} as const satisfies Record<keyof AskLimits, readonly [number, number]>;

export const MAX_HOSTS = 4;

export interface Session {
  guildId: string;
  /** Per-guild counter: session 1, 2, 3… so moderators can type it. */
  id: number;
  title: string;
  /** The main host, named first and credited in the intro. */
  host: Person;
  /** Up to MAX_HOSTS - 1 more hosts, each with their own title line. */
  cohosts: Person[];
  intro: string | null;
  channelId: string;
  archiveChannelId: string;
  /** Epoch milliseconds. */
  startsAt: number;
  endsAt: number;
  status: SessionStatus;
  createdBy: string;
  createdAt: number;
  /** Questions go to the review channel first; only approved ones are posted and queued. */
  moderated: boolean;
  reviewChannelId: string | null;
  allowAnonymous: boolean;
  /** Questions (and votes) are taken while the session is still scheduled. */
  collectEarly: boolean;
  limits: AskLimits;
  openedAt: number | null;
  closedAt: number | null;
  questionCount: number;
  answeredCount: number;
  /** Discord ids of what has been posted, recorded so retried jobs never post twice. */
  introMessageId: string | null;
  archiveMessageId: string | null;
  // Scheduling. Optional so Session values built before these fields existed stay valid; the
  // codec always fills them when reading from Redis.
  /** The IANA zone the times were typed in (echoed back; reschedules default to it). */
  timeZone?: string;
  /** Reminders in the AMA channel, in ms before the start, longest first; [] for none. */
  reminderOffsets?: number[];
  /** The one role reminders may ping; null pings nobody. */
  reminderRoleId?: string | null;
  /** The Guild Scheduled Event that mirrors the session, once created. */
  eventId?: string | null;
  eventProblem?: EventProblem | null;
}

/**
 * review: waiting for a moderator (moderated sessions); pending: in the host's queue;
 * answered; hidden by a moderator; withdrawn by its asker; rejected in review.
 */
export type QuestionStatus = 'review' | 'pending' | 'answered' | 'hidden' | 'withdrawn' | 'rejected';

export interface Answer {
  text: string;
  answeredAt: number;
  host: Person;
}

export interface Question {
  guildId: string;
  sessionId: number;
  /** Per-session counter, shown as Q12. */
  number: number;
  asker: Person;
  /** Shown and archived without the asker's name or title line; moderators can still see who. */
  anonymous: boolean;
  text: string;
  askedAt: number;
  status: QuestionStatus;
  votes: number;
  /** Members whose near-identical question was folded into this one. */
  alsoAskedBy: number;
  /** Bumped on every answer edit; the thread is in sync when it shows this version. */
  answerVersion: number;
  answer: Answer | null;
  /** The question's message in the AMA channel, once posted. */
  messageId: string | null;
  /** The answer thread; Discord gives a thread started from a message the message's id. */
  threadId: string | null;
  /** The answer's messages in the thread, in order, once posted. */
  answerMessageIds: string[];
  /** The question message already shows it was answered. */
  markedAnswered: boolean;
  /** The answer version the thread's messages show (0: none posted yet). */
  answerSyncedVersion: number;
  /** The question's message in the review channel (moderated sessions). */
  reviewMessageId: string | null;
}
