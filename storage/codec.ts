import { DEFAULT_LIMITS, type EventProblem, type Person, type Question, type QuestionStatus, type Session, type SessionStatus } from './model.js';

// Sessions and questions are Redis hashes of strings. These functions are the only place that
// knows the field names; a missing field reads as null, so new optional fields need no migration.

type Hash = Record<string, string>;

const SESSION_STATUSES: readonly SessionStatus[] = ['scheduled', 'open', 'closed', 'cancelled'];
const QUESTION_STATUSES: readonly QuestionStatus[] = ['review', 'pending', 'answered', 'hidden', 'withdrawn', 'rejected'];
const EVENT_PROBLEMS: readonly EventProblem[] = ['missing-permission', 'deleted'];

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
    cohosts: JSON.stringify(session.cohosts),
    hostIds: hostIdsField(session.host, session.cohosts),
    moderated: flag(session.moderated),
    allowAnonymous: flag(session.allowAnonymous),
    collectEarly: flag(session.collectEarly),
    minLength: String(session.limits.minLength),
    maxLength: String(session.limits.maxLength),
    maxPending: String(session.limits.maxPending),
    cooldownSeconds: String(session.limits.cooldownSeconds),
  };
  if (session.reviewChannelId) hash.reviewChannelId = session.reviewChannelId;
  if (session.host.title) hash.hostTitle = session.host.title;
  if (session.intro) hash.intro = session.intro;
  if (session.timeZone) hash.timeZone = session.timeZone;
  if (session.reminderOffsets) hash.reminders = reminderField(session.reminderOffsets);
  if (session.reminderRoleId) hash.reminderRoleId = session.reminderRoleId;
  if (session.eventProblem) hash.eventProblem = session.eventProblem;
  return hash;
}

/** Reminder offsets as "86400000,900000"; an empty string means none (absent means none too). */
export function reminderField(offsets: readonly number[]): string {
  return offsets.join(',');
}

function reminderOffsets(hash: Hash): number[] {
  const field = optional(hash, 'reminders');
  return field === null ? [] : field.split(',').map(Number).filter((offset) => Number.isFinite(offset) && offset > 0);
}

export function sessionFromHash(hash: Hash): Session {
  return {
    guildId: required(hash, 'guildId'),
    id: Number(required(hash, 'id')),
    title: required(hash, 'title'),
    host: { id: required(hash, 'hostId'), name: required(hash, 'hostName'), title: optional(hash, 'hostTitle') },
    cohosts: JSON.parse(hash.cohosts ?? '[]') as Person[],
    intro: optional(hash, 'intro'),
    channelId: required(hash, 'channelId'),
    archiveChannelId: required(hash, 'archiveChannelId'),
    startsAt: Number(required(hash, 'startsAt')),
    endsAt: Number(required(hash, 'endsAt')),
    status: oneOf(required(hash, 'status'), SESSION_STATUSES),
    createdBy: required(hash, 'createdBy'),
    createdAt: Number(required(hash, 'createdAt')),
    moderated: hash.moderated === '1',
    reviewChannelId: optional(hash, 'reviewChannelId'),
    allowAnonymous: hash.allowAnonymous === '1',
    collectEarly: hash.collectEarly === '1',
    limits: {
      minLength: Number(hash.minLength ?? DEFAULT_LIMITS.minLength),
      maxLength: Number(hash.maxLength ?? DEFAULT_LIMITS.maxLength),
      maxPending: Number(hash.maxPending ?? DEFAULT_LIMITS.maxPending),
      cooldownSeconds: Number(hash.cooldownSeconds ?? DEFAULT_LIMITS.cooldownSeconds),
    },
    openedAt: optionalNumber(hash, 'openedAt'),
    closedAt: optionalNumber(hash, 'closedAt'),
    questionCount: Number(hash.questionCount ?? 0),
    answeredCount: Number(hash.answeredCount ?? 0),
    introMessageId: optional(hash, 'introMessageId'),
    archiveMessageId: optional(hash, 'archiveMessageId'),
    timeZone: optional(hash, 'timeZone') ?? 'UTC',
    reminderOffsets: reminderOffsets(hash),
    reminderRoleId: optional(hash, 'reminderRoleId'),
    eventId: optional(hash, 'eventId'),
    eventProblem: hash.eventProblem ? oneOf(hash.eventProblem, EVENT_PROBLEMS) : null,
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
    anonymous: hash.anonymous === '1',
    text: required(hash, 'text'),
    askedAt: Number(required(hash, 'askedAt')),
    status,
    votes: Number(hash.votes ?? 0),
    alsoAskedBy: Number(hash.alsoAskedBy ?? 0),
    answerVersion: Number(hash.answerVersion ?? (answerText === null ? 0 : 1)),
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
    answerSyncedVersion: Number(hash.answerSyncedVersion ?? 0),
    reviewMessageId: optional(hash, 'reviewMessageId'),
  };
}

function flag(value: boolean): string {
  return value ? '1' : '0';
}

/**
 * Every host's id between spaces (" 1 2 "), so a Lua script can check "is this user a host"
 * with one plain string.find, without decoding JSON.
 */
export function hostIdsField(host: Person, cohosts: readonly Person[]): string {
  return ` ${[host, ...cohosts].map((person) => person.id).join(' ')} `;
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
