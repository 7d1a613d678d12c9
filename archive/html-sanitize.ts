// The second line of defence for member text on the archive page. markdown-it is configured
// to emit no raw HTML and no unsafe link (html-markdown.ts); this allowlist re-checks what it
// emitted, so a future change to the Markdown rules or a parser bug cannot put a script, an
// event handler, a style or a request on the page. It allows exactly the markup our Markdown
// rules produce and nothing else.
//
// Markup already in the sanitiser's own exact form (html-allowlist.ts, a stricter allowlist)
// is returned as it is, which the renderer's output always is; anything else, or anything
// new a rule might one day emit, is parsed and cleaned by sanitize-html.

import sanitizeHtml from 'sanitize-html';
import { isAllowlistedMarkup } from './html-allowlist.js';

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'hr', 'strong', 'em', 'u', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'span', 'h3', 'h4', 'h5', 'h6'],
  allowedAttributes: {
    a: ['href', 'rel'],
    span: ['class', 'tabindex'],
    ol: ['start'],
  },
  allowedClasses: { span: ['spoiler'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Dropped tags keep their text (script and style lose theirs), so nothing a member wrote vanishes silently.
  disallowedTagsMode: 'discard',
  parseStyleAttributes: false,
};

/** HTML from the Markdown renderer → the same HTML less anything outside the allowlist. */
export function sanitizeMarkdownHtml(html: string): string {
  return isAllowlistedMarkup(html) ? html : sanitizeWithParser(html);
}

/** The full sanitiser, whatever the input: parses it (htmlparser2) and rebuilds it from the allowlist. */
export function sanitizeWithParser(html: string): string {
  return sanitizeHtml(html, SANITIZE_OPTIONS);
}
