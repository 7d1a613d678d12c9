// Link-preview tags for the archive page, so a shared link unfurls (in Discord, chat apps,
// social sites) as the AMA's heading and a line about it rather than a bare address. Text
// only: the page has no image to offer, since it loads nothing.

import { escapeHtml } from './html-escape.js';
import type { ArchiveDocument } from './schema.js';
import { amaHeading, collapseWhitespace, countQuestions, previewText, truncateAtWord } from './text.js';

const DESCRIPTION_MAX = 200;

/** The <meta> tags, one per line; og:url only when the page has a known address. */
export function renderOpenGraph(doc: ArchiveDocument, pageUrl?: string): string {
  const title = amaHeading(doc.session.host.name, doc.session.title);
  const description = describeArchive(doc);
  const tags: Array<[string, string, string]> = [
    ['name', 'description', description],
    ['property', 'og:type', 'article'],
    ['property', 'og:site_name', 'Parley'],
    ['property', 'og:title', title],
    ['property', 'og:description', description],
    ['property', 'article:published_time', doc.publishedAt],
    ['name', 'twitter:card', 'summary'],
  ];
  if (pageUrl) tags.push(['property', 'og:url', checkedPageUrl(pageUrl)]);
  return tags.map(([kind, key, value]) => `<meta ${kind}="${key}" content="${escapeHtml(value)}">\n`).join('');
}

/** "15 questions answered by Salil Shetty. Hi everyone, namaste. I have been…" */
export function describeArchive(doc: ArchiveDocument): string {
  const lead = `${countQuestions(doc.questions.length)} answered by ${collapseWhitespace(doc.session.host.name)}.`;
  // The intro is Markdown, read here as plain words; the name is plain text already.
  const intro = doc.session.intro?.trim() ? previewText(doc.session.intro, DESCRIPTION_MAX) : '';
  return truncateAtWord(intro ? `${lead} ${intro}` : lead, DESCRIPTION_MAX);
}

function checkedPageUrl(url: string): string {
  if (!/^https?:\/\/[^\s<>"']+$/i.test(url)) throw new Error(`pageUrl must be an http(s) URL, got ${JSON.stringify(url)}`);
  return url;
}
