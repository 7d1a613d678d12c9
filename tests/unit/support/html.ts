// Just enough HTML reading for assertions on Parley's own generated pages.

const VOID_ELEMENTS = new Set(['meta', 'br', 'hr', 'img', 'link', 'input']);

/** Every tag in the page, e.g. '<a href="#q1">', '</p>'. Comments and the doctype excluded. */
export function tagsOf(html: string): string[] {
  return [...html.matchAll(/<\/?[a-zA-Z][^>]*>/g)].map((match) => match[0]);
}

/** Throws unless every element that is opened is closed, in order. */
export function expectBalancedTags(html: string): void {
  const open: string[] = [];
  for (const tag of tagsOf(html)) {
    const name = /^<\/?([a-zA-Z0-9]+)/.exec(tag)?.[1]?.toLowerCase() ?? '';
    if (tag.startsWith('</')) {
      const last = open.pop();
      if (last !== name) throw new Error(`</${name}> closes <${last ?? 'nothing'}>`);
    } else if (!VOID_ELEMENTS.has(name)) {
      open.push(name);
    }
  }
  if (open.length > 0) throw new Error(`unclosed: ${open.join(', ')}`);
}

/** The text of an element's content, for elements that hold plain text (style, title). */
export function contentOf(html: string, tag: string): string {
  const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(html);
  if (!match?.[1]) throw new Error(`no <${tag}> in page`);
  return match[1];
}
