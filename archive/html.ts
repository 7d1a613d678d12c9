// The archive as one self-contained HTML page, laid out like the Parlio archive page. It makes
// no request of any kind (inline stylesheet, system fonts, no scripts or images) and its
// Content-Security-Policy forbids every source but its own stylesheet, so it is safe to open
// from a Discord attachment or to host as a static file. Dates are spelled out in UTC because
// the page has no script to show local times.

import type { ArchiveDocument, ArchivedPerson, ArchivedQuestion } from './schema.js';
import { formatUtcDateTime } from './dates.js';
import { renderActivityChart } from './html-chart.js';
import { escapeHtml } from './html-escape.js';
import { renderMarkdownHtml } from './html-markdown.js';
import { renderOpenGraph } from './html-open-graph.js';
import { ARCHIVE_CSS, ARCHIVE_CSS_SOURCE } from './html-style.js';
import { HIDDEN_NOTE, alsoAskedNote, amaHeading, countQuestions, countVotes, previewText } from './text.js';

/** The page's policy: nothing but its own stylesheet. The HTTP side sends it as a header too. */
export const ARCHIVE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${ARCHIVE_CSS_SOURCE}`,
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const TOC_PREVIEW_MAX = 100;

export interface ArchiveHtmlOptions {
  /** Where the page is published, if anywhere: given to link previews (Open Graph). */
  pageUrl?: string;
}

export function renderArchiveHtml(doc: ArchiveDocument, options: ArchiveHtmlOptions = {}): string {
  const { session } = doc;
  const heading = escapeHtml(amaHeading(session.host.name, session.title));
  const top = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${ARCHIVE_CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="${escapeHtml(doc.generator)}">
<title>${heading}</title>
${renderOpenGraph(doc, options.pageUrl)}<style>${ARCHIVE_CSS}</style>
</head>
<body>
<main>
<header>
<p class="kicker">AMA archive</p>
<h1>${heading}</h1>
${[session.host, ...(session.cohosts ?? [])].map((host) => renderPerson(host, 'person host')).join('\n')}
</header>
${renderIntro(session.intro)}<section class="facts">
<p>This AMA took place between ${renderTime(session.startedAt)} and ${renderTime(session.endedAt)}.</p>
<p>${HIDDEN_NOTE}</p>
<p class="count">${countQuestions(doc.questions.length)}</p>
</section>
${renderActivityChart(doc)}${renderContents(doc.questions)}`;
  const bottom = `<footer>
<p>Published ${renderTime(doc.publishedAt)} by ${escapeHtml(doc.generator)}.</p>
</footer>
</main>
</body>
</html>
`;
  // One join, so the page is built as one flat string. Concatenating the joined questions
  // into a template made a rope that had to be copied again, page-sized, when first read.
  const parts = [top];
  for (const question of doc.questions) parts.push(renderQuestion(question));
  parts.push(bottom);
  return parts.join('');
}

function renderIntro(intro: string | null): string {
  if (!intro?.trim()) return '';
  return `<section class="intro text" aria-label="Introduction">\n${renderMarkdownHtml(intro)}</section>\n`;
}

function renderContents(questions: readonly ArchivedQuestion[]): string {
  if (questions.length === 0) return '';
  const items = questions.map(
    (question) =>
      `<li><a href="#q${question.number}"><span class="toc-number">Q${question.number}</span>${escapeHtml(previewText(question.text, TOC_PREVIEW_MAX))}</a> <span class="toc-asker">· ${escapeHtml(question.asker.name)}</span></li>`,
  );
  return `<nav aria-labelledby="contents">\n<h2 id="contents">Questions</h2>\n<ol>\n${items.join('\n')}\n</ol>\n</nav>\n`;
}

function renderQuestion(question: ArchivedQuestion): string {
  const anchor = `q${question.number}`;
  return `<article class="qa" id="${anchor}" aria-labelledby="${anchor}-heading">
<h2 id="${anchor}-heading"><a href="#${anchor}">Q${question.number}</a> <span class="votes">${countVotes(question.votes)}</span>${question.alsoAskedBy ? ` <span class="votes">· ${alsoAskedNote(question.alsoAskedBy)}</span>` : ''}</h2>
<div class="question">
${renderPerson(question.asker, 'person')}
<div class="text">
${renderMarkdownHtml(question.text)}</div>
</div>
<div class="answer">
${renderPerson(question.answer.host, 'person')}
<div class="text">
${renderMarkdownHtml(question.answer.text)}</div>
</div>
</article>
`;
}

function renderPerson(person: ArchivedPerson, className: string): string {
  const title = person.title?.trim() ? `<span class="title-line">${escapeHtml(person.title)}</span>` : '';
  return `<p class="${className}"><span class="name">${escapeHtml(person.name)}</span>${title}</p>`;
}

function renderTime(isoTime: string): string {
  return `<time datetime="${escapeHtml(isoTime)}">${formatUtcDateTime(isoTime)}</time>`;
}
