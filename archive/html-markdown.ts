// Member-typed Markdown → HTML for the archive page, configured so nothing a member types can
// add markup, scripts, styles or requests of its own:
// - raw HTML is escaped (html: false), never passed through;
// - links go only to http(s) and mailto, checked twice (markdown-it's validateLink, then again
//   when rendering, html-markdown-output.ts), and carry rel="nofollow noopener noreferrer";
// - image syntax renders as a link to the image, since the page loads nothing from anywhere;
// - headings are demoted below the page's own, so text cannot pose as a question heading;
// - what it renders then passes an allowlist sanitiser (html-sanitize.ts) as a backstop.
// Discord's flavour where cheap: single newlines are line breaks, __x__ is underline,
// ||x|| is a spoiler (revealed by CSS on hover or focus), ~~x~~ strikes (built in). Tables
// are off because Discord shows them as typed.
//
// Each text is rendered and sanitised on its own, so nothing in one (an unclosed fence, a
// link reference definition) can reach into the next.

import MarkdownIt from 'markdown-it';
import { spoilerRule, textRuleStoppingAtPipes } from './html-markdown-inline.js';
import { SAFE_HREF, useArchiveOutputRules } from './html-markdown-output.js';
import { sanitizeMarkdownHtml } from './html-sanitize.js';

const markdown = createSafeMarkdown();

/** Renders one block of member-typed Markdown (question, answer, intro) to safe HTML. */
export function renderMarkdownHtml(text: string): string {
  return sanitizeMarkdownHtml(markdown.render(text));
}

function createSafeMarkdown() {
  const md = new MarkdownIt('default', { html: false, linkify: true, breaks: true, typographer: false });
  md.disable(['image', 'table']);
  // Only links written out in full, as Discord does; "example.com" stays text.
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: false });
  skipLinkifyWithoutSafeScheme(md.linkify);
  md.validateLink = (url) => SAFE_HREF.test(url.trim());
  md.inline.ruler.at('text', textRuleStoppingAtPipes);
  md.inline.ruler.before('emphasis', 'discord_spoiler', spoilerRule);
  useArchiveOutputRules(md);
  return md;
}

// With fuzzy links off, a link linkify finds starts with its scheme as typed, and validateLink
// keeps only http(s) and mailto ones; so text without "http:", "https:" or "mailto:" can gain
// no link. linkify-it's own test runs a large Unicode-class regex over every text and was a
// third of markdown-it's time on the archive; this cheap look first skips it where it cannot
// find anything that would be kept.
const MAY_HOLD_SAFE_LINK = /https?:|mailto:/i;

function skipLinkifyWithoutSafeScheme(linkify: { test(text: string): boolean }): void {
  const fullTest = linkify.test.bind(linkify);
  linkify.test = (text: string) => text.includes(':') && MAY_HOLD_SAFE_LINK.test(text) && fullTest(text);
}
