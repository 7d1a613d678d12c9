import type { Logger } from 'pino';
import { buildArchiveDocument } from '../../archive/build.js';
import { renderArchiveFiles } from '../../archive/files.js';
import { renderArchiveMessage } from '../../bot/render/archive-message.js';
import type { QuestionStore } from '../../storage/question-store.js';
import type { SessionStore } from '../../storage/session-store.js';
import type { DiscordMessages } from '../discord-rest.js';
import { messageNonce } from '../nonce.js';
import type { SessionRef } from '../payloads.js';

export interface PublishArchiveDeps {
  sessions: SessionStore;
  questions: QuestionStore;
  discord: DiscordMessages;
  now: () => number;
  log: Logger;
  generator: string;
}

/**
 * Publishes the archive of a closed session once: a summary message in the archive channel with
 * the Markdown, HTML and JSON files. It is built from Redis, the record, not from what reached
 * Discord, so it never waits on question posts still being retried.
 */
export async function publishArchiveJob(ref: SessionRef, deps: PublishArchiveDeps): Promise<string> {
  const session = await deps.sessions.get(ref.guildId, ref.sessionId);
  if (!session) return 'missing';
  if (session.status !== 'closed') return `not-closed (${session.status})`;
  if (session.archiveMessageId) {
    await deps.sessions.clearActive(session.guildId, session.id);
    return 'already-published';
  }

  const answered = await deps.questions.answered(session.guildId, session.id);
  const doc = buildArchiveDocument(session, answered, {
    publishedAt: session.closedAt ?? deps.now(),
    generator: deps.generator,
  });
  const files = renderArchiveFiles(doc).map((file) => ({ name: file.name, contentType: file.contentType, data: file.data }));
  const messageId = await deps.discord.createMessage(
    session.archiveChannelId,
    renderArchiveMessage(session, doc),
    messageNonce('archive', session.guildId, session.id, session.createdAt),
    files,
  );
  await deps.sessions.recordArchiveMessage(session.guildId, session.id, messageId);
  await deps.sessions.clearActive(session.guildId, session.id);
  deps.log.info({ messageId, questions: doc.questions.length }, 'archive published');
  return 'published';
}
