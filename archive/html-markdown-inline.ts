// The Discord-flavoured inline rules added to markdown-it for the archive page (html-markdown.ts):
// ||spoilers||, and the plain-text rule they need.

import type { StateInline } from 'markdown-it';

// markdown-it's own text rule, plus "|": its plain-text runs would otherwise swallow "||"
// before the spoiler rule is ever asked. A sticky regex rather than a Set lookup per character:
// this rule reads every character of every text, and the regex scans a run 4-8× faster.
const PLAIN_TEXT_RUN = /[^\n!#$%&*+\-:<=>@[\\\]^_`{}~|]+/y;

export function textRuleStoppingAtPipes(state: StateInline, silent: boolean): boolean {
  PLAIN_TEXT_RUN.lastIndex = state.pos;
  if (!PLAIN_TEXT_RUN.test(state.src)) return false;
  // A nested pass (a spoiler's content, a link label) ends before the end of src.
  const end = Math.min(PLAIN_TEXT_RUN.lastIndex, state.posMax);
  if (end <= state.pos) return false;
  if (!silent) state.pending += state.src.slice(state.pos, end);
  state.pos = end;
  return true;
}

/**
 * ||spoiler|| → <span class="spoiler" tabindex="0">…</span>, its content parsed as inline
 * Markdown. Modelled on markdown-it-sup: find the closing marker, tokenize what lies between.
 */
export function spoilerRule(state: StateInline, silent: boolean): boolean {
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
