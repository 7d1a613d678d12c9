// The archive of a published session, as the HTTP side serves it: the same renderers and the
// same document as the files attached in Discord, built from Redis on request. Rendering a big
// archive takes a while (see bench/archive-render.ts) and runs on the bot's event loop, so
// renderings are kept for a minute, and readers arriving together share one rendering.

import { createHash } from 'node:crypto';
import { renderArchiveFiles, type ArchiveFile } from '../../archive/files.js';
import { archivePageUrl, type ArchiveFormat } from '../../archive/links.js';
import { readArchiveDocument, type ArchiveQuestionReader } from '../../archive/source.js';
import type { Session } from '../../storage/model.js';

export interface RenderedArchiveFile {
  contentType: string;
  data: string;
  /** A strong validator for If-None-Match: the file's own hash. */
  etag: string;
}

export type RenderedArchive = Record<ArchiveFormat, RenderedArchiveFile>;

export interface ArchivePagesDeps {
  sessions: { get(guildId: string, sessionId: number): Promise<Session | null> };
  questions: ArchiveQuestionReader;
  generator: string;
  publicBaseUrl?: string;
  now?: () => number;
  /** How long a rendering is served before it is rebuilt (edits after the close show then). */
  ttlMs?: number;
  maxEntries?: number;
}

export interface ArchivePages {
  /** Null unless the session exists, is closed and its archive has been published. */
  get(guildId: string, sessionId: number): Promise<RenderedArchive | null>;
}

const DEFAULT_TTL_MS = 60_000;
const DEFAULT_MAX_ENTRIES = 32;

export function createArchivePages(deps: ArchivePagesDeps): ArchivePages {
  const now = deps.now ?? Date.now;
  const ttlMs = deps.ttlMs ?? DEFAULT_TTL_MS;
  const maxEntries = deps.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const cache = new Map<string, { at: number; rendering: Promise<RenderedArchive | null> }>();

  const render = async (guildId: string, sessionId: number): Promise<RenderedArchive | null> => {
    const session = await deps.sessions.get(guildId, sessionId);
    // Only what Parley has already made public: an open session's questions are not an archive.
    if (!session || session.status !== 'closed' || !session.archiveMessageId) return null;
    const doc = await readArchiveDocument(session, deps.questions, deps.generator);
    const pageUrl = deps.publicBaseUrl ? archivePageUrl(deps.publicBaseUrl, guildId, sessionId) : undefined;
    const files = renderArchiveFiles(doc, pageUrl ? { pageUrl } : {});
    return { html: served(files, 'html'), md: served(files, 'md'), json: served(files, 'json') };
  };

  return {
    get(guildId, sessionId) {
      const key = `${guildId}:${sessionId}`;
      const cached = cache.get(key);
      if (cached && now() - cached.at < ttlMs) return cached.rendering;
      const rendering = render(guildId, sessionId);
      cache.delete(key);
      cache.set(key, { at: now(), rendering });
      // A failed rendering (Redis down) is not kept; the next reader tries again.
      rendering.catch(() => cache.get(key)?.rendering === rendering && cache.delete(key));
      // Oldest first in a Map: drop from the front.
      while (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
      return rendering;
    },
  };
}

function served(files: readonly ArchiveFile[], format: ArchiveFormat): RenderedArchiveFile {
  const file = files.find((candidate) => candidate.format === format);
  if (!file) throw new Error(`renderArchiveFiles made no ${format} file`);
  return { contentType: file.contentType, data: file.data, etag: `"${createHash('sha256').update(file.data).digest('base64url')}"` };
}
