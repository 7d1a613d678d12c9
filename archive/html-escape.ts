// Plain text into HTML, for everything on the archive page that is not rendered Markdown:
// names, title lines, previews, meta tag values.

const SPECIAL = /[&<>"']/;
const SPECIALS = /[&<>"']/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text → HTML text or double- or single-quoted attribute value. */
export function escapeHtml(text: string): string {
  // One pass, and none at all for the usual name with nothing to escape (the page escapes
  // several strings per question).
  return SPECIAL.test(text) ? text.replace(SPECIALS, (char) => ENTITIES[char] ?? char) : text;
}
