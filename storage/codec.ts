import type { Question, Session, SessionStatus, QuestionStatus } from './model.js';

// Sessions and questions are Redis hashes of strings. These functions are the only place that
// knows the field names; a missing field reads as null, so new optional fields need no migration.

type Hash = Record<string, string>;

const SESSION_STATUSES: readonly SessionStatus[] = ['scheduled', 'open', 'closed', 'cancelled'];
const QUESTION_STATUSES: readonly QuestionStatus[] = ['pending', 'answered'];

export class CorruptRecordError extends Error {
  override name = 'CorruptRecordError';
}

function required(hash: Hash, field: string): string {
  const value = hash[field];
  if (value === undefined) throw new CorruptRecordError(`record is missing field "${field}"`);
  return value;
}

function optional(hash: Hash, field: string): string | null {
  const value = hash[field];
  return value === undefined || value === '' ? null : value;
}

function optionalNumber(hash: Hash, field: string): number | null {
  const value = optional(hash, field);
  return value === null ? null : Number(value);
}

function oneOf<T extends string>(value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new CorruptRecordError(`unexpected value "${value}"`);
  return value as T;
}

/** The fields written when a session is created; counters and message ids come later. */
export function sessionToHash(session: Session): Hash {
  const hash: Hash = {
    id: String(session.id),
    guildId: session.guildId,
    title: session.title,
    hostId: session.host.id,
    hostName: session.host.name,
    channelId: session.channelId,
    archiveChannelId: session.archiveChannelId,
    startsAt: String(session.startsAt),
    endsAt: String(session.endsAt),
    status: session.status,
    createdBy: session.createdBy,
    createdAt: String(session.createdAt),
    questionCount: String(session.questionCount),
    answeredCount: String(session.answeredCount),
  };
  if (session.host.title) hash.hostTitle = session.host.title;
  if (session.intro) hash.intro = session.intro;
  return hash;
}

export function sessionFromHash(hash: Hash): Session {
  return {
    guildId: required(hash, 'guildId'),
    id: Number(required(hash, 'id')),
    title: required(hash, 'title'),
    host: { id: required(hash, 'hostId'), name: required(hash, 'hostName'), title: optional(hash, 'hostTitle') },
    intro: optional(hash, 'intro'),
    channelId: required(hash, 'channelId'),
    archiveChannelId: required(hash, 'archiveChannelId'),
    startsAt: Number(required(hash, 'startsAt')),
    endsAt: Number(required(hash, 'endsAt')),
    status: oneOf(required(hash, 'status'), SESSION_STATUSES),
    createdBy: required(hash, 'createdBy'),
    createdAt: Number(required(hash, 'createdAt')),
    openedAt: optionalNumber(hash, 'openedAt'),
    closedAt: optionalNumber(hash, 'closedAt'),
    questionCount: Number(hash.questionCount ?? 0),
    answeredCount: Number(hash.answeredCount ?? 0),
    introMessageId: optional(hash, 'introMessageId'),
    archiveMessageId: optional(hash, 'archiveMessageId'),
  };
}

export function questionFromHash(hash: Hash): Question {
  const status = oneOf(required(hash, 'status'), QUESTION_STATUSES);
  const answerText = optional(hash, 'answerText');
  return {
    guildId: required(hash, 'guildId'),
    sessionId: Number(required(hash, 'sessionId')),
    number: Number(required(hash, 'number')),
    asker: { id: required(hash, 'askerId'), name: required(hash, 'askerName'), title: optional(hash, 'askerTitle') },
    text: required(hash, 'text'),
    askedAt: Number(required(hash, 'askedAt')),
    status,
    answer:
      status === 'answered' && answerText !== null
        ? {
            text: answerText,
            answeredAt: Number(required(hash, 'answeredAt')),
            host: {
              id: required(hash, 'answererId'),
              name: required(hash, 'answererName'),
              title: optional(hash, 'answererTitle'),
            },
          }
        : null,
    messageId: optional(hash, 'messageId'),
    threadId: optional(hash, 'threadId'),
    answerMessageIds: answerPartIds(hash),
    markedAnswered: hash.markedAnswered === '1',
  };
}

/** Answer messages are recorded one field per part (`answerPart:0`, `answerPart:1`…) so each
 * posted part is recorded by a single HSET, with no read-modify-write. */
export function answerPartField(index: number): string {
  return `answerPart:${index}`;
}

function answerPartIds(hash: Hash): string[] {
  const parts: string[] = [];
  for (let index = 0; hash[answerPartField(index)] !== undefined; index++) parts.push(hash[answerPartField(index)]!);
  return parts;
}
