// A strict, fast check of rendered member text: is it made only of the markup the archive's
// Markdown rules produce, in exactly the form the sanitiser writes it? Then the sanitiser
// would return it unchanged (the tests hold it to that over many thousand hostile and random
// texts), and html-sanitize.ts can skip it. Running sanitize-html on every text cost more
// than rendering the Markdown (~30 µs a text, over half the page at 10,000 questions); this
// check reads each string once.
//
// It is an allowlist in its own right, narrower than the sanitiser's: a fixed set of tags,
// written exactly as below; attributes only on links (an http(s) or mailto href and Parley's
// rel), spoilers and numbered lists; text with no "<" or ">" and no character reference but
// &amp; &lt; &gt;; every element closed, in order, within the text, and nested only as HTML's
// parsing rules keep it (below). So a browser, like the sanitiser's parser, builds exactly the
// tree the tags spell: nothing is closed early, reopened or carried past the end of the text,
// and no text can leave an element open for the next one or close its container. Anything
// else, harmless or not, goes to the sanitiser.

const ELEMENTS = ['p', 'strong', 'em', 'u', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'h3', 'h4', 'h5', 'h6'] as const;

/** Tag as written → element it opens. */
const OPENING = new Map<string, string>([...ELEMENTS.map((name) => [`<${name}>`, name] as const), ['<span class="spoiler" tabindex="0">', 'span']]);
/** Tag as written → element it closes. */
const CLOSING = new Map<string, string>([...ELEMENTS, 'span', 'a'].map((name) => [`</${name}>`, name]));
/** Void elements, as the sanitiser writes them. */
const VOID = new Map([
  ['<br />', 'br'],
  ['<hr />', 'hr'],
]);
const LINK = /^<a href="(?:[hH][tT][tT][pP][sS]?:\/\/|[mM][aA][iI][lL][tT][oO]:)[!#-;=?-~]*" rel="nofollow noopener noreferrer">$/;
const NUMBERED_LIST = /^<ol start="[0-9]{1,9}">$/;

const INLINE = new Set(['strong', 'em', 'u', 's', 'code', 'a', 'span', 'br']);

/**
 * Whether parent (undefined: the text's own container) may hold child as the renderer nests
 * them. Paragraphs, headings, <pre> and inline elements hold inline content only: a block
 * opening inside one makes an HTML parser close it early, and the text's remaining tags then
 * close or reopen something else. List items go in lists only (an <li> ends an open <li>), and
 * a link never inside a link (a browser ends the outer one and rebuilds it around what follows).
 */
function mayHold(parent: string | undefined, child: string, insideLink: boolean): boolean {
  if (child === 'a' && insideLink) return false;
  if (child === 'li') return parent === 'ul' || parent === 'ol';
  if (parent === undefined || parent === 'li' || parent === 'blockquote') return true;
  if (parent === 'ul' || parent === 'ol') return false;
  return INLINE.has(child);
}

/** True when html is exactly what the sanitiser would make of it; false sends it to the sanitiser. */
export function isAllowlistedMarkup(html: string): boolean {
  return hasOnlyOwnReferences(html) && hasOnlyAllowlistedTags(html);
}

/**
 * No character reference but the three the renderer writes: a parser would decode any other,
 * and the sanitiser write it back differently. (Every other character, control ones included,
 * comes out of the sanitiser as it went in; the tests check every UTF-16 code unit.)
 */
function hasOnlyOwnReferences(html: string): boolean {
  for (let at = html.indexOf('&'); at !== -1; at = html.indexOf('&', at + 1)) {
    if (!html.startsWith('amp;', at + 1) && !html.startsWith('lt;', at + 1) && !html.startsWith('gt;', at + 1)) return false;
  }
  return true;
}

/** Text with no "<" or ">", tags from the allowlist only, every element closed in order. */
function hasOnlyAllowlistedTags(html: string): boolean {
  const open: string[] = [];
  let openLinks = 0;
  let pos = 0;
  for (;;) {
    const tagStart = html.indexOf('<', pos);
    // No text may hold a ">", so the next one must end the next tag.
    const tagEnd = html.indexOf('>', pos);
    if (tagStart === -1) return tagEnd === -1 && open.length === 0;
    if (tagEnd < tagStart) return false;
    const tag = html.slice(tagStart, tagEnd + 1);
    pos = tagEnd + 1;

    const closes = CLOSING.get(tag);
    if (closes !== undefined) {
      if (open.pop() !== closes) return false;
      if (closes === 'a') openLinks -= 1;
      continue;
    }
    const opens = OPENING.get(tag) ?? VOID.get(tag) ?? (LINK.test(tag) ? 'a' : NUMBERED_LIST.test(tag) ? 'ol' : undefined);
    if (opens === undefined || !mayHold(open.at(-1), opens, openLinks > 0)) return false;
    if (VOID.has(tag)) continue;
    open.push(opens);
    if (opens === 'a') openLinks += 1;
  }
}
