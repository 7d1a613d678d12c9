// Member-typed Markdown → HTML for the archive page, configured so nothing a member types can
// add markup, scripts, styles or requests of its own:
// - raw HTML is escaped (html: false), never passed through;
// - links go only to http(s) and mailto, checked twice (markdown-it's validateLink, then again
//   when rendering), and carry rel="nofollow noopener noreferrer";
// - image syntax renders as a link to the image, since the page loads nothing from anywhere;
// - headings are demoted below the page's own, so text cannot pose as a question heading;
// - what it renders then passes an allowlist sanitiser (html-sanitize.ts) as a backstop.
// Discord's flavour where cheap: single newlines are line breaks, __x__ is underline,
// ||x|| is a spoiler (revealed by CSS on hover or focus), ~~x~~ strikes (built in). Tables
// are off because Discord shows them as typed.

import MarkdownIt from 'markdown-it';
import type { StateInline } from 'markdown-it';
import { sanitizeMarkdownHtml } from './html-sanitize.js';

const SAFE_HREF = /^(?:https?:\/\/|mailto:)/i;
const LINK_REL = 'nofollow noopener noreferrer';

// The page's own headings are h1 (title) and h2 (sections, questions); body headings start at h3.
const DEMOTED_HEADING: Record<string, string> = { h1: 'h3', h2: 'h4', h3: 'h5', h4: 'h6', h5: 'h6', h6: 'h6' };

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
  md.validateLink = (url) => SAFE_HREF.test(url.trim());
  md.inline.ruler.at('text', textRuleStoppingAtPipes);
  md.inline.ruler.before('emphasis', 'discord_spoiler', spoilerRule);

  const rules = md.renderer.rules;
  rules.link_open = (tokens, index, options, _env, self) => {
    const token = tokens[index];
    if (!token) return '';
    const href = token.attrGet('href');
    // Belt and braces: markdown-it has already checked, but an unsafe href must never be written.
    if (href === null || !SAFE_HREF.test(String(href))) token.attrs = null;
    else token.attrSet('rel', LINK_REL);
    return self.renderToken(tokens, index, options);
  };
  // Discord reads __x__ as underline and **x** as bold; markdown-it makes both <strong>.
  rules.strong_open = (tokens, index) => (tokens[index]?.markup === '__' ? '<u>' : '<strong>');
  rules.strong_close = (tokens, index) => (tokens[index]?.markup === '__' ? '</u>' : '</strong>');
  rules.heading_open = (tokens, index) => `<${DEMOTED_HEADING[tokens[index]?.tag ?? 'h6'] ?? 'h6'}>`;
  rules.heading_close = (tokens, index) => `</${DEMOTED_HEADING[tokens[index]?.tag ?? 'h6'] ?? 'h6'}>\n`;
  return md;
}

// markdown-it's own text rule, plus "|": its plain-text runs would otherwise swallow "||"
// before the spoiler rule is ever asked.
const TEXT_TERMINATORS = new Set([...'\n!#$%&*+-:<=>@[\\]^_`{}~|'].map((char) => char.charCodeAt(0)));

function textRuleStoppingAtPipes(state: StateInline, silent: boolean): boolean {
  let pos = state.pos;
  while (pos < state.posMax && !TEXT_TERMINATORS.has(state.src.charCodeAt(pos))) pos++;
  if (pos === state.pos) return false;
  if (!silent) state.pending += state.src.slice(state.pos, pos);
  state.pos = pos;
  return true;
}

/**
 * ||spoiler|| → <span class="spoiler" tabindex="0">…</span>, its content parsed as inline
 * Markdown. Modelled on markdown-it-sup: find the closing marker, tokenize what lies between.
 */
function spoilerRule(state: StateInline, silent: boolean): boolean {
  const start = state.pos;
  const { src, posMax } = state;
  if (src.charCodeAt(start) !== 0x7c || src.charCodeAt(start + 1) !== 0x7c) return false;
  // Silent mode only validates (skipping over a link label, say); like markdown-it-sup, decline
  // there and let the real pass that follows build the tokens.
  if (silent) return false;
  const close = src.indexOf('||', start + 2);
  if (close < 0 || close + 2 > posMax || close === start + 2) return false;

  const open = state.push('spoiler_open', 'span', 1);
  open.attrs = [
    ['class', 'spoiler'],
    ['tabindex', '0'],
  ];
  open.markup = '||';
  state.pos = start + 2;
  state.posMax = close;
  state.md.inline.tokenize(state);
  state.push('spoiler_close', 'span', -1).markup = '||';
  state.pos = close + 2;
  state.posMax = posMax;
  return true;
}
