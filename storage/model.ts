// Plain data for Parley's domain. Nothing here knows about Discord objects or Redis:
// storage reads and writes these shapes, rendering turns them into messages and archives.

export type SessionStatus = 'scheduled' | 'open' | 'closed' | 'cancelled';

/** A person as Parley shows them: the display name and title line captured when they acted. */
export interface Person {
  id: string;
  name: string;
  /** Their title line, like "Researcher @ Harvard"; null when they have none. */
  title: string | null;
}

export interface Session {
  guildId: string;
  /** Per-guild counter: session 1, 2, 3… so moderators can type it. */
  id: number;
  title: string;
  host: Person;
  intro: string | null;
  channelId: string;
  archiveChannelId: string;
  /** Epoch milliseconds. */
  startsAt: number;
  endsAt: number;
  status: SessionStatus;
  createdBy: string;
  createdAt: number;
  openedAt: number | null;
  closedAt: number | null;
  questionCount: number;
  answeredCount: number;
  /** Discord ids of what has been posted, recorded so retried jobs never post twice. */
  introMessageId: string | null;
  archiveMessageId: string | null;
}

export type QuestionStatus = 'pending' | 'answered';

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
  text: string;
  askedAt: number;
  status: QuestionStatus;
  answer: Answer | null;
  /** The question's message in the AMA channel, once posted. */
  messageId: string | null;
  /** The answer thread; Discord gives a thread started from a message the message's id. */
  threadId: string | null;
  /** The answer's messages in the thread, in order, once posted. */
  answerMessageIds: string[];
  /** The question message already shows it was answered. */
  markedAnswered: boolean;
}
