// Question, answer and intro text going into the Markdown transcript. It is Markdown already
// and is kept as written, except where it could break the transcript around it or act when
// the file is opened in a viewer that renders HTML:
// - raw HTML, comments, character references and script URLs get a zero-width space, so
//   they show as typed but are never read as markup;
// - headings are demoted below the transcript's own ("# x" → "#### x"), and setext
//   underlines are defused, so text cannot pose as a question heading;
// - a code fence left open is closed, so it cannot swallow the rest of the transcript.
// Nothing inside code fences is touched except by the first rule.

import { ZERO_WIDTH_SPACE } from './text.js';

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX_HEADING = /^( {0,3})(#{1,6})(?=[ \t]|$)/;
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;
// The transcript's own headings are # (title) and ### (questions); body headings start at ####.
const HEADING_DEMOTION = 3;

export function defuseMarkdownBody(text: string): string {
  const lines = neutralizeMarkup(unifyNewlines(text.trim())).split('\n');
  const out: string[] = [];
  let openFence: string | null = null;
  for (const line of lines) {
    const fence = FENCE.exec(line)?.[1];
    if (openFence !== null) {
      out.push(line);
      if (fence && closesFence(openFence, fence, line)) openFence = null;
    } else if (fence) {
      openFence = fence;
      out.push(line);
    } else {
      out.push(...demoteHeading(line, out.at(-1)));
    }
  }
  if (openFence !== null) out.push(openFence);
  return out.join('\n');
}

// Each pattern below needs one character ("\r", "<", "&", ":") that most texts lack; looking
// for it first (a fast native search) skips a regex pass over the whole text. Same result.
function unifyNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

function neutralizeMarkup(text: string): string {
  let out = text;
  if (out.includes('<')) out = out.replace(/<(?=[A-Za-z/!?])/g, `<${ZERO_WIDTH_SPACE}`);
  if (out.includes('&')) out = out.replace(/&(?=#?[A-Za-z0-9]+;)/g, `&${ZERO_WIDTH_SPACE}`);
  if (out.includes(':')) out = out.replace(/\b(javascript|vbscript|data|file)(?=\s*:)/gi, `$1${ZERO_WIDTH_SPACE}`);
  return out;
}

function closesFence(open: string, candidate: string, line: string): boolean {
  return candidate[0] === open[0] && candidate.length >= open.length && line.trim() === candidate;
}

function demoteHeading(line: string, previous: string | undefined): string[] {
  const atx = ATX_HEADING.exec(line);
  if (atx) {
    const level = Math.min((atx[2]?.length ?? 1) + HEADING_DEMOTION, 6);
    return [`${atx[1] ?? ''}${'#'.repeat(level)}${line.slice(atx[0].length)}`];
  }
  // "Q99" over "===" or "---" would be a heading; "=" lines become text, "-" lines a rule.
  if (SETEXT_UNDERLINE.test(line) && previous?.trim()) {
    return line.includes('=') ? [line.replace('=', '\\=')] : ['', line];
  }
  return [line];
}
