// The files an archive is published as: Markdown to read anywhere, HTML to open in a browser,
// JSON for tools. Names carry the session id and a slug of the title, e.g.
// "ama-3-human-rights-today.md".

import type { ArchiveDocument } from './schema.js';
import { renderArchiveHtml, type ArchiveHtmlOptions } from './html.js';
import { renderArchiveJson } from './json.js';
import { renderArchiveMarkdown } from './markdown.js';

export interface ArchiveFile {
  name: string;
  /** Which rendering this is, so a reader can pick one without parsing the name. */
  format: 'md' | 'html' | 'json';
  contentType: string;
  data: string;
}

const SLUG_MAX = 60;

export function renderArchiveFiles(doc: ArchiveDocument, options: ArchiveHtmlOptions = {}): ArchiveFile[] {
  const base = `${archiveFilePrefix(doc.session.id)}${slugify(doc.session.title)}`;
  return [
    { name: `${base}.md`, format: 'md', contentType: ARCHIVE_CONTENT_TYPES.md, data: renderArchiveMarkdown(doc) },
    { name: `${base}.html`, format: 'html', contentType: ARCHIVE_CONTENT_TYPES.html, data: renderArchiveHtml(doc, options) },
    { name: `${base}.json`, format: 'json', contentType: ARCHIVE_CONTENT_TYPES.json, data: renderArchiveJson(doc) },
  ];
}

export const ARCHIVE_CONTENT_TYPES = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
} as const satisfies Record<ArchiveFile['format'], string>;

/** "ama-3-": how every file of session 3's archive is named, whatever its title. */
export function archiveFilePrefix(sessionId: number): string {
  return `ama-${sessionId}-`;
}

/**
 * Lowercase ASCII letters, digits and single hyphens only, so the name is safe in any file
 * system and URL: accents are dropped to their base letter, anything else becomes a hyphen.
 * Cut at a hyphen near SLUG_MAX; "session" when nothing is left.
 */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= SLUG_MAX) return slug || 'session';
  const cut = slug.lastIndexOf('-', SLUG_MAX);
  return slug.slice(0, cut > SLUG_MAX / 2 ? cut : SLUG_MAX).replace(/-+$/, '');
}
