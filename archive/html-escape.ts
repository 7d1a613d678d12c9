// Plain text into HTML, for everything on the archive page that is not rendered Markdown:
// names, title lines, previews, meta tag values.

/** Text → HTML text or double- or single-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
