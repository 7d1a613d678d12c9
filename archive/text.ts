// Plain-text helpers shared by the archive renderers and the Discord renderers (bot/render).
// They know nothing about any output format: escaping for Discord, Markdown or HTML is done
// by each renderer on top of these.

const ELLIPSIS = '…';

/** Invisible, but enough to stop a renderer from reading "<script" or "@everyone" as syntax. */
export const ZERO_WIDTH_SPACE = '\u200B';

/** "AMA with Salil Shetty — Human rights today": the one heading every output leads with. */
export function amaHeading(hostName: string, title: string): string {
  const trimmedTitle = title.trim();
  return trimmedTitle ? `AMA with ${hostName} — ${trimmedTitle}` : `AMA with ${hostName}`;
}

/** What every archive says under its dates, as the Parlio archive did. */
export const HIDDEN_NOTE = 'Unanswered questions have been hidden.';

/** "15 questions", "1 question". */
export function countQuestions(count: number): string {
  return `${count} ${count === 1 ? 'question' : 'questions'}`;
}

/** "3 votes", "1 vote", "0 votes". */
export function countVotes(count: number): string {
  return `${count} ${count === 1 ? 'vote' : 'votes'}`;
}

// Only what needs changing: a run of two or more, or a lone whitespace character other than
// a space. Replacing every run, single spaces included, rebuilt the whole string word by word
// and was the bulk of the archive page's table of contents.
const WHITESPACE_TO_COLLAPSE = /\s{2,}|[^\S ]/;
const WHITESPACE_TO_COLLAPSE_ALL = /\s{2,}|[^\S ]/g;

/** All runs of whitespace, newlines included, as single spaces; trimmed. */
export function collapseWhitespace(text: string): string {
  const collapsed = WHITESPACE_TO_COLLAPSE.test(text) ? text.replace(WHITESPACE_TO_COLLAPSE_ALL, ' ') : text;
  return collapsed.trim();
}

/**
 * Shortens text to at most maxLength characters (the ellipsis included), cutting at the last
 * space when one falls in the second half, so a preview never ends mid-word without need.
 */
export function truncateAtWord(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  if (maxLength <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, maxLength));
  const room = maxLength - ELLIPSIS.length;
  const lastSpace = text.lastIndexOf(' ', room);
  const cut = lastSpace > room / 2 ? lastSpace : safeCutIndex(text, room);
  return text.slice(0, cut).trimEnd() + ELLIPSIS;
}

/** Moves a cut one unit left if it would split a UTF-16 surrogate pair (an emoji, say). */
export function safeCutIndex(text: string, index: number): number {
  const before = text.charCodeAt(index - 1);
  const isHighSurrogate = before >= 0xd800 && before <= 0xdbff;
  return isHighSurrogate && index > 1 ? index - 1 : index;
}

/**
 * A one-line preview of Markdown-ish member text (thread names, tables of contents, queues):
 * common emphasis markers and link syntax are dropped so the words read cleanly where no
 * Markdown is rendered. The result is plain text and still needs escaping for its destination.
 */
export function previewText(text: string, maxLength: number): string {
  const plain = text
    .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
    .replace(/```[^\n]*\n?/g, ' ')
    .replace(/(\*\*|__|~~|\|\||`)/g, '')
    .replace(/^\s*(?:#{1,3}|>+|-#)\s+/gm, '');
  return truncateAtWord(collapseWhitespace(plain), maxLength);
}

/** "also asked by 3 members"; empty when nobody's question was folded into this one. */
export function alsoAskedNote(count: number | undefined): string {
  if (!count) return '';
  return `also asked by ${count} ${count === 1 ? 'member' : 'members'}`;
}
