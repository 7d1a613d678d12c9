import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { archiveFilePrefix, renderArchiveFiles, type ArchiveFile } from '../../archive/files.js';
import { archivePageUrl } from '../../archive/links.js';
import type { ArchiveDocument } from '../../archive/schema.js';
import { readArchiveDocument } from '../../archive/source.js';
import { renderArchiveMessage } from '../../bot/render/archive-message.js';
import { renderArchiveForumPost } from '../../bot/render/archive-post.js';
import type { MessageBody } from '../../bot/render/message-body.js';
import type { Session } from '../../storage/model.js';
import type { QuestionStore } from '../../storage/question-store.js';
import type { SessionStore } from '../../storage/session-store.js';
import type { DiscordArchivePosts, ArchiveTarget } from '../discord-archive-rest.js';
import type { DiscordMessages, OutgoingFile } from '../discord-rest.js';
import { messageNonce } from '../nonce.js';
import type { SessionRef } from '../payloads.js';

export interface PublishArchiveDeps {
  sessions: Pick<SessionStore, 'get' | 'recordArchiveMessage' | 'clearActive'>;
  questions: Pick<QuestionStore, 'answered' | 'askedTimes'>;
  discord: DiscordMessages;
  archivePosts: DiscordArchivePosts;
  now: () => number;
  log: Logger;
  generator: string;
  /** Where the HTTP side is reachable, if it is: the archive then links to its page. */
  publicBaseUrl?: string;
}

// A forum post made by an attempt whose response was lost is found again if it was created
// after the session closed; the margin covers clock skew between Parley and Discord.
const FORUM_LOOKBACK_MS = 10 * 60_000;
// Each pass re-reads Redis after writing; an answer edited during every one of these passes
// is left to the republish job its edit queued.
const MAX_REFRESH_PASSES = 3;
// Discord refuses a message whose files add up to more than a bot may upload (10 MiB without
// server boosts). Only an AMA of thousands of questions gets there; its files are attached in
// this order of preference while they fit, and the page online has the rest.
export const ATTACHMENT_BUDGET_BYTES = 10 * 1024 * 1024;
const ATTACH_FIRST = ['html', 'md', 'json'] as const;

/**
 * Publishes the archive of a closed session once: in a forum, a post titled after the AMA;
 * elsewhere a summary message; either with the Markdown, HTML and JSON files. It is built from
 * Redis, the record, not from what reached Discord, so it never waits on question posts still
 * being retried. An answer edited while it ran is caught by the check that follows the post.
 */
export async function publishArchiveJob(ref: SessionRef, deps: PublishArchiveDeps): Promise<string> {
  const session = await deps.sessions.get(ref.guildId, ref.sessionId);
  if (!session) return 'missing';
  if (session.status !== 'closed') return `not-closed (${session.status})`;
  if (session.archiveMessageId) {
    await deps.sessions.clearActive(session.guildId, session.id);
    return 'already-published';
  }

  const target = await deps.archivePosts.target(session.archiveChannelId);
  const read = await readDocument(session, deps);
  const edition = renderEdition(session, target, read.doc, deps);
  const messageId =
    target.kind === 'forum'
      ? await postToForum(session, target, edition, deps)
      : await deps.discord.createMessage(
          session.archiveChannelId,
          edition.body,
          messageNonce('archive', session.guildId, session.id, session.createdAt),
          edition.files,
        );
  await deps.sessions.recordArchiveMessage(session.guildId, session.id, messageId);
  await deps.sessions.clearActive(session.guildId, session.id);
  deps.log.info({ messageId, forum: target.kind === 'forum', questions: read.doc.questions.length }, 'archive published');
  await keepCurrent(session, target, messageId, read.fingerprint, deps);
  return 'published';
}

/**
 * After an answer is edited once the session has closed: the archive message is edited and its
 * files replaced. Before the archive is published there is nothing to do (the publish job reads
 * the edit, or its closing check does).
 */
export async function republishArchiveJob(ref: SessionRef, deps: PublishArchiveDeps): Promise<string> {
  const session = await deps.sessions.get(ref.guildId, ref.sessionId);
  if (!session || session.status !== 'closed' || !session.archiveMessageId) return 'not-published';
  const target = await deps.archivePosts.target(session.archiveChannelId);
  await keepCurrent(session, target, session.archiveMessageId, null, deps);
  return 'republished';
}

interface ReadDocument {
  doc: ArchiveDocument;
  /** Identifies the document's content, to tell whether Redis changed since it was read. */
  fingerprint: string;
}

interface Edition {
  body: MessageBody;
  files: OutgoingFile[];
}

async function readDocument(session: Session, deps: PublishArchiveDeps): Promise<ReadDocument> {
  const doc = await readArchiveDocument(session, deps.questions, deps.generator);
  return { doc, fingerprint: createHash('sha256').update(JSON.stringify(doc)).digest('base64url') };
}

/** The message (or forum post) and the files, linking to the page when it is online. */
function renderEdition(session: Session, target: ArchiveTarget, doc: ArchiveDocument, deps: PublishArchiveDeps): Edition {
  const pageUrl = deps.publicBaseUrl ? archivePageUrl(deps.publicBaseUrl, session.guildId, session.id) : undefined;
  const options = pageUrl ? { archiveUrl: pageUrl } : {};
  const body = target.kind === 'forum' ? renderArchiveForumPost(session, doc, options) : renderArchiveMessage(session, doc, options);
  const files = filesThatFit(renderArchiveFiles(doc, pageUrl ? { pageUrl } : {}), ATTACHMENT_BUDGET_BYTES);
  return { body, files };
}

/** A forum post has no nonce; a post already made by a lost attempt is found and kept instead. */
async function postToForum(session: Session, target: Extract<ArchiveTarget, { kind: 'forum' }>, edition: Edition, deps: PublishArchiveDeps): Promise<string> {
  const name = forumPostTitle(session);
  const since = (session.closedAt ?? session.endsAt) - FORUM_LOOKBACK_MS;
  const existing = await deps.archivePosts.findForumPost(session.guildId, session.archiveChannelId, {
    name,
    since,
    filePrefix: archiveFilePrefix(session.id),
  });
  if (existing) return existing;
  const amaTag = target.tags.find((tag) => tag.name.trim().toLowerCase() === 'ama');
  return deps.archivePosts.createForumPost(session.archiveChannelId, {
    name,
    body: edition.body,
    appliedTags: amaTag ? [amaTag.id] : [],
    files: edition.files,
  });
}

/**
 * Brings the published archive in line with Redis: re-reads, and edits the message (files
 * replaced) while what Redis holds differs from what was last written. Two of these running
 * at once for one session both end by writing what Redis holds last, so the newer edit wins.
 * Returns how many times it wrote.
 */
async function keepCurrent(
  session: Session,
  target: ArchiveTarget,
  messageId: string,
  written: string | null,
  deps: PublishArchiveDeps,
): Promise<number> {
  // A forum post's first message shares the post's id and lives in the post's own channel.
  const channelId = target.kind === 'forum' ? messageId : session.archiveChannelId;
  let passes = 0;
  let last = written;
  for (; passes < MAX_REFRESH_PASSES; passes++) {
    const read = await readDocument(session, deps);
    if (read.fingerprint === last) break;
    const edition = renderEdition(session, target, read.doc, deps);
    await deps.archivePosts.replaceMessage(channelId, messageId, edition.body, edition.files);
    deps.log.info({ messageId, questions: read.doc.questions.length }, 'archive republished');
    last = read.fingerprint;
  }
  return passes;
}

/** The files whose sizes fit the budget together, preferring ATTACH_FIRST's order; kept in their own order. */
export function filesThatFit(files: readonly ArchiveFile[], budget: number): OutgoingFile[] {
  const chosen = new Set<ArchiveFile>();
  let used = 0;
  for (const format of ATTACH_FIRST) {
    const file = files.find((candidate) => candidate.format === format);
    const size = file ? Buffer.byteLength(file.data) : 0;
    if (file && used + size <= budget) {
      chosen.add(file);
      used += size;
    }
  }
  return files.filter((file) => chosen.has(file)).map(({ name, contentType, data }) => ({ name, contentType, data }));
}

/** The post's title is the AMA's; Discord caps thread names at 100 characters. */
function forumPostTitle(session: Session): string {
  const title = session.title.trim() || `AMA #${session.id}`;
  return [...title].slice(0, 100).join('');
}
