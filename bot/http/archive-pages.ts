// The archive of a published session, as the HTTP side serves it: the same renderers and the
// same document as the files attached in Discord, built from Redis on request.
//
// Rendering a big archive takes a while (see bench/archive-render.ts) and runs on the bot's
// event loop, so a rendering is kept and served again while the document it came from is
// unchanged. Whether it changed (an answer edited after the close) is checked by reading the
// document again, at most every few seconds per archive; readers arriving together share one
// check. Renderings are kept within a memory budget, least recently checked dropped first.

import { createHash } from 'node:crypto';
import { renderArchiveFiles, type ArchiveFile } from '../../archive/files.js';
import { archivePageUrl, type ArchiveFormat } from '../../archive/links.js';
import { readArchiveDocument, type ArchiveQuestionReader } from '../../archive/source.js';
import type { Session } from '../../storage/model.js';

export interface RenderedArchiveFile {
  contentType: string;
  data: string;
  /** A strong validator for If-None-Match. */
  etag: string;
}

export type RenderedArchive = Record<ArchiveFormat, RenderedArchiveFile>;

export interface ArchivePagesDeps {
  sessions: { get(guildId: string, sessionId: number): Promise<Session | null> };
  questions: ArchiveQuestionReader;
  generator: string;
  publicBaseUrl?: string;
  now?: () => number;
  /** How long a rendering is served before Redis is asked again whether it is still current. */
  recheckMs?: number;
  /** Renderings kept at most, in characters of text. */
  maxBytes?: number;
}

export interface ArchivePages {
  /** Null unless the session exists, is closed and its archive has been published. */
  get(guildId: string, sessionId: number): Promise<RenderedArchive | null>;
}

const DEFAULT_RECHECK_MS = 5_000;
// A typical archive renders to well under 100 KB; one of 10,000 questions to about 50 MB.
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

interface CacheEntry {
  checkedAt: number;
  /** The document's hash: the same document renders the same files. */
  fingerprint: string;
  archive: RenderedArchive;
  bytes: number;
}

export function createArchivePages(deps: ArchivePagesDeps): ArchivePages {
  const now = deps.now ?? Date.now;
  const recheckMs = deps.recheckMs ?? DEFAULT_RECHECK_MS;
  const maxBytes = deps.maxBytes ?? DEFAULT_MAX_BYTES;
  const cache = new Map<string, CacheEntry>();
  const checking = new Map<string, Promise<RenderedArchive | null>>();

  /** Re-inserting moves an entry to the end of the Map, which is kept oldest first. */
  const keep = (key: string, entry: CacheEntry) => {
    cache.delete(key);
    cache.set(key, entry);
    let total = [...cache.values()].reduce((sum, kept) => sum + kept.bytes, 0);
    for (const [oldest, kept] of cache) {
      if (total <= maxBytes) break;
      cache.delete(oldest);
      total -= kept.bytes;
    }
  };

  const refresh = async (key: string, guildId: string, sessionId: number): Promise<RenderedArchive | null> => {
    const session = await deps.sessions.get(guildId, sessionId);
    // Only what Parley has already made public: an open session's questions are not an archive.
    if (!session || session.status !== 'closed' || !session.archiveMessageId) {
      cache.delete(key);
      return null;
    }
    const doc = await readArchiveDocument(session, deps.questions, deps.generator);
    const fingerprint = createHash('sha256').update(JSON.stringify(doc)).digest('base64url');
    const cached = cache.get(key);
    if (cached?.fingerprint === fingerprint) {
      keep(key, { ...cached, checkedAt: now() });
      return cached.archive;
    }
    const pageUrl = deps.publicBaseUrl ? archivePageUrl(deps.publicBaseUrl, guildId, sessionId) : undefined;
    const files = renderArchiveFiles(doc, pageUrl ? { pageUrl } : {});
    const archive: RenderedArchive = { html: served(files, 'html'), md: served(files, 'md'), json: served(files, 'json') };
    keep(key, { checkedAt: now(), fingerprint, archive, bytes: files.reduce((sum, file) => sum + file.data.length, 0) });
    return archive;
  };

  return {
    async get(guildId, sessionId) {
      const key = `${guildId}:${sessionId}`;
      const cached = cache.get(key);
      if (cached && now() - cached.checkedAt < recheckMs) return cached.archive;
      let pending = checking.get(key);
      if (!pending) {
        pending = refresh(key, guildId, sessionId).finally(() => checking.delete(key));
        checking.set(key, pending);
      }
      return pending;
    },
  };
}

function served(files: readonly ArchiveFile[], format: ArchiveFormat): RenderedArchiveFile {
  const file = files.find((candidate) => candidate.format === format);
  if (!file) throw new Error(`renderArchiveFiles made no ${format} file`);
  return { contentType: file.contentType, data: file.data, etag: `"${createHash('sha256').update(file.data).digest('base64url')}"` };
}
