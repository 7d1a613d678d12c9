// The files an archive is published as: Markdown to read anywhere, HTML to open in a browser,
// JSON for tools. Names carry the session id and a slug of the title, e.g.
// "ama-3-human-rights-today.md".

import type { ArchiveDocument } from './schema.js';
import { renderArchiveHtml } from './html.js';
import { renderArchiveJson } from './json.js';
import { renderArchiveMarkdown } from './markdown.js';

export interface ArchiveFile {
  name: string;
  contentType: string;
  data: string;
}

const SLUG_MAX = 60;

export function renderArchiveFiles(doc: ArchiveDocument): ArchiveFile[] {
  const base = `ama-${doc.session.id}-${slugify(doc.session.title)}`;
  return [
    { name: `${base}.md`, contentType: 'text/markdown; charset=utf-8', data: renderArchiveMarkdown(doc) },
    { name: `${base}.html`, contentType: 'text/html; charset=utf-8', data: renderArchiveHtml(doc) },
    { name: `${base}.json`, contentType: 'application/json; charset=utf-8', data: renderArchiveJson(doc) },
  ];
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
