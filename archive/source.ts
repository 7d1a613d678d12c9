// What an archive is built from, gathered for the two places that build one: the publish job
// and the HTTP side. The only module in archive/ that awaits anything; it reads through the
// narrow interface its caller passes (the question store), so it never touches Redis itself.

import type { Question, Session } from '../storage/model.js';
import { buildArchiveDocument } from './build.js';
import type { ArchiveDocument } from './schema.js';

export interface ArchiveQuestionReader {
  answered(guildId: string, sessionId: number): Promise<Question[]>;
  askedTimes(guildId: string, sessionId: number, count: number): Promise<number[]>;
}

/**
 * The archive document of a closed session, as of now. Published at the session's close, so
 * building it again (a republish, a page request) gives the same document unless an answer
 * changed since.
 */
export async function readArchiveDocument(session: Session, questions: ArchiveQuestionReader, generator: string): Promise<ArchiveDocument> {
  const [answered, askedTimes] = await Promise.all([
    questions.answered(session.guildId, session.id),
    questions.askedTimes(session.guildId, session.id, session.questionCount),
  ]);
  return buildArchiveDocument(session, answered, {
    publishedAt: session.closedAt ?? session.endsAt,
    generator,
    askedTimes,
  });
}
