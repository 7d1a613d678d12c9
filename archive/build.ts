// Session + questions (storage's shapes) → the archive document that every published file is
// rendered from. Pure: the caller supplies the publishing time and generator string.

import type { Person, Question, Session } from '../storage/model.js';
import { ARCHIVE_SCHEMA_VERSION, type ArchiveDocument, type ArchivedPerson, type ArchivedQuestion } from './schema.js';

export interface BuildArchiveOptions {
  /** Epoch ms. */
  publishedAt: number;
  /** What produced the file, e.g. "Parley 0.1.0". */
  generator: string;
  /**
   * Epoch ms at which every question was asked, answered or not, for the activity chart. The
   * questions passed in are usually the answered ones only, so this comes separately.
   */
  askedTimes?: readonly number[];
}

const ANONYMOUS: ArchivedPerson = { name: 'Anonymous', title: null };

type AnsweredQuestion = Question & { answer: NonNullable<Question['answer']> };

/**
 * Answered questions only, in the order they were answered (ties by number). Unanswered
 * questions are hidden, as the archive page says; how many were asked is kept as a count.
 */
export function buildArchiveDocument(
  session: Session,
  questions: readonly Question[],
  options: BuildArchiveOptions,
): ArchiveDocument {
  const answered = questions
    .filter(isAnswered)
    .sort((a, b) => a.answer.answeredAt - b.answer.answeredAt || a.number - b.number);

  return {
    schemaVersion: ARCHIVE_SCHEMA_VERSION,
    generator: options.generator,
    publishedAt: isoTime(options.publishedAt),
    session: {
      id: session.id,
      title: session.title,
      host: archivedPerson(session.host),
      ...(session.cohosts.length > 0 ? { cohosts: session.cohosts.map(archivedPerson) } : {}),
      intro: session.intro,
      startedAt: isoTime(session.openedAt ?? session.startsAt),
      endedAt: isoTime(session.closedAt ?? session.endsAt),
    },
    askedCount: session.questionCount,
    ...(options.askedTimes ? { timeline: { askedAt: [...options.askedTimes].sort((a, b) => a - b).map(isoTime) } } : {}),
    questions: answered.map(archivedQuestion),
  };
}

function isAnswered(question: Question): question is AnsweredQuestion {
  return question.status === 'answered' && question.answer !== null;
}

function archivedQuestion(question: AnsweredQuestion): ArchivedQuestion {
  return {
    number: question.number,
    // An anonymous question was shown without its asker; the archive keeps that promise.
    asker: question.anonymous ? ANONYMOUS : archivedPerson(question.asker),
    text: question.text,
    askedAt: isoTime(question.askedAt),
    votes: votesOf(question),
    ...(question.alsoAskedBy > 0 ? { alsoAskedBy: question.alsoAskedBy } : {}),
    answer: {
      text: question.answer.text,
      answeredAt: isoTime(question.answer.answeredAt),
      host: archivedPerson(question.answer.host),
    },
  };
}

/** Records from before voting have no count: a missing or malformed one reads as 0 rather
 * than failing the whole archive. */
function votesOf(question: Question): number {
  const votes = question.votes as unknown;
  return typeof votes === 'number' && Number.isInteger(votes) && votes > 0 ? votes : 0;
}

/** Name and title line only: the archive is public and never carries Discord user ids. */
function archivedPerson(person: Person): ArchivedPerson {
  return {
    name: person.name.trim() || 'Unknown member',
    title: person.title?.trim() || null,
  };
}

function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
