// How the archive's Markdown renderer writes its markup. Two jobs: Parley's choices (safe
// links only, Discord's __underline__, headings demoted below the page's own), and writing
// everything in exactly the form the sanitiser (html-sanitize.ts) writes it, so the sanitiser's
// fast path can pass it through unchanged: "<br />" and "<hr />" (xhtmlOut, set with these
// rules), text with only & < > escaped, links with exactly href and rel, code fences without
// a language class. Those are the only ways markdown-it's defaults differ from what the
// sanitiser writes, and what is left out (a link title, a language class) it strips anyway: the
// page is byte for byte what it was when the sanitiser parsed every text.

import type { MarkdownIt } from 'markdown-it';

/** Where member links may go: the web and mail, nothing that runs or reads local files. */
export const SAFE_HREF = /^(?:https?:\/\/|mailto:)/i;
const LINK_REL = 'nofollow noopener noreferrer';

// The page's own headings are h1 (title) and h2 (sections, questions); body headings start at h3.
const DEMOTED_HEADING: Record<string, string> = { h1: 'h3', h2: 'h4', h3: 'h5', h4: 'h6', h5: 'h6', h6: 'h6' };

export function useArchiveOutputRules(md: MarkdownIt): void {
  md.set({ xhtmlOut: true });
  const rules = md.renderer.rules;
  rules.link_open = (tokens, index, options, _env, self) => {
    const token = tokens[index];
    if (!token) return '';
    const href = String(token.attrGet('href') ?? '');
    // Belt and braces: markdown-it has already checked, but an unsafe href must never be written.
    // A title is dropped: the sanitiser allows none.
    token.attrs = SAFE_HREF.test(href) ? [['href', href], ['rel', LINK_REL]] : null;
    return self.renderToken(tokens, index, options);
  };
  // Discord reads __x__ as underline and **x** as bold; markdown-it makes both <strong>.
  rules.strong_open = (tokens, index) => (tokens[index]?.markup === '__' ? '<u>' : '<strong>');
  rules.strong_close = (tokens, index) => (tokens[index]?.markup === '__' ? '</u>' : '</strong>');
  rules.heading_open = (tokens, index) => `<${DEMOTED_HEADING[tokens[index]?.tag ?? 'h6'] ?? 'h6'}>`;
  rules.heading_close = (tokens, index) => `</${DEMOTED_HEADING[tokens[index]?.tag ?? 'h6'] ?? 'h6'}>\n`;
  rules.text = (tokens, index) => escapeText(tokens[index]?.content ?? '');
  rules.code_inline = (tokens, index) => `<code>${escapeText(tokens[index]?.content ?? '')}</code>`;
  rules.code_block = (tokens, index) => `<pre><code>${escapeText(tokens[index]?.content ?? '')}</code></pre>\n`;
  rules.fence = rules.code_block;
}

const TEXT_SPECIAL = /[&<>]/;
const TEXT_SPECIALS = /[&<>]/g;
const TEXT_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Text content → HTML as the sanitiser writes it: a quote needs no escaping outside attributes. */
function escapeText(text: string): string {
  return TEXT_SPECIAL.test(text) ? text.replace(TEXT_SPECIALS, (char) => TEXT_ENTITIES[char] ?? char) : text;
}
