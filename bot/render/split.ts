// Splits long text into Discord-sized messages, breaking where a reader would: between
// paragraphs, else between lines, else after a sentence, else between words. Only a single
// "word" longer than the limit (a huge URL, say) is ever cut in the middle.
//
// Only ' ', '\t' and '\n' count as places to break: a no-break space stays unbroken, as its
// author asked. Whitespace at a break is dropped; everything else is kept, in order.

import { safeCutIndex } from '../../archive/text.js';

/** Discord's limit on a message's content. */
export const DISCORD_MESSAGE_LIMIT = 2000;

export interface SplitOptions {
  /** A smaller budget for the first part only, e.g. to leave room for a header above it. */
  firstLimit?: number;
}

interface Break {
  /** Where the part ends (exclusive). */
  end: number;
  /** Where the next part starts, before leading blank lines are dropped. */
  resume: number;
}

type BreakFinder = (text: string, max: number, minEnd: number) => Break | null;

/**
 * Splits text into parts of at most `limit` characters (UTF-16 units, which never
 * undercounts Discord's own count). No part is empty, none starts or ends with blank lines,
 * and joining the parts keeps every non-whitespace character in order.
 */
export function splitMessage(text: string, limit = DISCORD_MESSAGE_LIMIT, options: SplitOptions = {}): string[] {
  const firstLimit = options.firstLimit ?? limit;
  assertLimit(limit);
  assertLimit(firstLimit);

  const parts: string[] = [];
  let rest = trimBreakableEnd(dropLeadingBlankLines(text.replace(/\r\n?/g, '\n')));
  while (rest.length > 0) {
    const max = parts.length === 0 ? firstLimit : limit;
    if (rest.length <= max) {
      parts.push(rest);
      break;
    }
    const found = findBreak(rest, max);
    if (!found && /^[ \t]/.test(rest)) {
      // Only the line's indentation stands before a word too long to share the part with it:
      // the indentation goes, rather than cutting a word that fits on its own.
      rest = rest.replace(/^[ \t]+/, '');
      continue;
    }
    const { end, resume } = found ?? hardCut(rest, max);
    parts.push(trimBreakableEnd(rest.slice(0, end)));
    rest = dropLeadingBlankLines(rest.slice(resume));
  }
  return parts;
}

// Strongest break first. The first pass only accepts breaks that fill at least a quarter of
// the message, so a short opening line does not become a message of its own when a sentence
// end further on would do; the second pass takes any break at all.
const BREAK_FINDERS: readonly BreakFinder[] = [paragraphBreak, lineBreak, sentenceBreak, spaceBreak];

function findBreak(text: string, max: number): Break | null {
  for (const minEnd of [Math.ceil(max / 4), 1]) {
    for (const find of BREAK_FINDERS) {
      const found = find(text, max, minEnd);
      if (found) return found;
    }
  }
  return null;
}

/** The text opens with one word longer than the part: cut it, but never inside an emoji. */
function hardCut(text: string, max: number): Break {
  const cut = safeCutIndex(text, max);
  return { end: cut, resume: cut };
}

function paragraphBreak(text: string, max: number, minEnd: number): Break | null {
  const blankLineAfter = /\n[ \t]*\n/y;
  for (let at = text.lastIndexOf('\n', max); at >= minEnd; at = text.lastIndexOf('\n', at - 1)) {
    blankLineAfter.lastIndex = at;
    if (blankLineAfter.test(text) && hasContent(text, at)) return { end: at, resume: at + 1 };
  }
  return null;
}

function lineBreak(text: string, max: number, minEnd: number): Break | null {
  for (let at = text.lastIndexOf('\n', max); at >= minEnd; at = text.lastIndexOf('\n', at - 1)) {
    if (hasContent(text, at)) return { end: at, resume: at + 1 };
  }
  return null;
}

// A sentence ends with . ! ? or … plus any closing quotes, brackets or emphasis markers
// (so "**done.**" stays whole), followed by a space or tab.
const SENTENCE_END = /[.!?…]+["'”’)\]*_~|]*(?=[ \t])/g;

function sentenceBreak(text: string, max: number, minEnd: number): Break | null {
  const window = text.slice(0, max + 1);
  let best: number | null = null;
  for (const match of window.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    if (end <= max && end >= minEnd && hasContent(text, end)) best = end;
  }
  return best === null ? null : { end: best, resume: skipSpaces(text, best) };
}

function spaceBreak(text: string, max: number, minEnd: number): Break | null {
  for (let at = max; at >= minEnd; at--) {
    const char = text[at];
    if ((char === ' ' || char === '\t') && hasContent(text, at)) {
      let end = at;
      while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
      return { end, resume: skipSpaces(text, at) };
    }
  }
  return null;
}

function hasContent(text: string, end: number): boolean {
  return /[^ \t\n]/.test(text.slice(0, end));
}

function skipSpaces(text: string, from: number): number {
  let at = from;
  while (text[at] === ' ' || text[at] === '\t') at++;
  return at;
}

/** Drops whole blank lines at the start but keeps the next line's indentation (code, lists). */
function dropLeadingBlankLines(text: string): string {
  return text.replace(/^(?:[ \t]*\n)+/, '');
}

function trimBreakableEnd(text: string): string {
  return text.replace(/[ \t\n]+$/, '');
}

function assertLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`splitMessage needs a whole-number limit of at least 1, got ${limit}`);
  }
}
