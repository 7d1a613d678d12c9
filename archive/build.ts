// Session + questions (storage's shapes) → the archive document that every published file is
// rendered from. Pure: the caller supplies the publishing time and generator string.

import type { Person, Question, Session } from '../storage/model.js';
import { ARCHIVE_SCHEMA_VERSION, type ArchiveDocument, type ArchivedPerson, type ArchivedQuestion } from './schema.js';

export interface BuildArchiveOptions {
  /** Epoch ms. */
  publishedAt: number;
  /** What produced the file, e.g. "Parley 0.1.0". */
  generator: string;
}

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
      intro: session.intro,
      startedAt: isoTime(session.openedAt ?? session.startsAt),
      endedAt: isoTime(session.closedAt ?? session.endsAt),
    },
    askedCount: session.questionCount,
    questions: answered.map(archivedQuestion),
  };
}

function isAnswered(question: Question): question is AnsweredQuestion {
  return question.status === 'answered' && question.answer !== null;
}

function archivedQuestion(question: AnsweredQuestion): ArchivedQuestion {
  return {
    number: question.number,
    asker: archivedPerson(question.asker),
    text: question.text,
    askedAt: isoTime(question.askedAt),
    // Voting is not built yet; the field is in the schema so readers need no change when it is.
    votes: 0,
    answer: {
      text: question.answer.text,
      answeredAt: isoTime(question.answer.answeredAt),
      host: archivedPerson(question.answer.host),
    },
  };
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
