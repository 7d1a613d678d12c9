// Member text on the archive page, rendered one text at a time and passed through the
// sanitiser's fast path: hostile Markdown still arrives as text, every text's markup is
// closed within it, and nothing one member types can reach into the next question.

import { describe, expect, it } from 'vitest';
import { buildArchiveDocument } from '../../archive/build.js';
import { isAllowlistedMarkup } from '../../archive/html-allowlist.js';
import { renderArchiveHtml } from '../../archive/html.js';
import { renderMarkdownHtml } from '../../archive/html-markdown.js';
import { sanitizeWithParser } from '../../archive/html-sanitize.js';
import { expectBalancedTags, tagsOf } from './support/html.js';
import { parlioSession, question } from './support/parlio.js';
import { pick, randomInt, seededRandom } from './support/random.js';

const HOSTILE_TEXTS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](java&#115;cript:alert(1)) <javascript:alert(1)>',
  '[x](data:text/html,<script>alert(1)</script>) [y](vbscript:x) [z](//evil.example) [w](file:///etc/passwd)',
  '[x](https://ok.example "title" onclick="alert(1)") [y](https://ok.example/"onmouseover="alert(1))',
  '![pic](https://tracker.example/pixel.png) ![x](javascript:alert(1))',
  '</div></div></article><article class="qa" id="q1"><h2>Q1</h2>',
  '</p></li></ul></ol></blockquote></pre></code></span></a>',
  '```\nunclosed fence </article>',
  '`unclosed backtick',
  '**unclosed bold __and underline ~~and strike ||and spoiler',
  '[unclosed link](https://x.example',
  '> quote\n- list\n1. numbered\n    indented code',
  '<!-- unclosed comment',
  '&lt;script&gt; &#60;script&#62; &#x3C;script&#x3E; &quot; &amp;amp;',
  '" onmouseover=alert(1) \' onfocus=alert(1)',
  '# Q99\n## Q99\nQ99\n===',
  '||[spoiled link](https://x.example)|| ||`code`||',
];

describe('hostile Markdown in one text', () => {
  for (const text of HOSTILE_TEXTS) {
    it(`renders as text and closed markup: ${JSON.stringify(text).slice(0, 60)}`, () => {
      const html = renderMarkdownHtml(text);
      expect(isAllowlistedMarkup(html)).toBe(true);
      expect(sanitizeWithParser(html)).toBe(html);
      expectBalancedTags(html);
      expect(html).not.toMatch(/<(script|img|svg|div|article|iframe|style|!--)/i);
      for (const tag of tagsOf(html)) {
        expect(tag).toMatch(/^<\/?(p|br|hr|strong|em|u|s|code|pre|blockquote|ul|ol|li|a|span|h[3-6])[\s>/]/);
        expect(tag.replace(/"[^"]*"/g, '""')).not.toMatch(/\s(on[a-z]+|style|src|title)=/i);
        const href = /\shref="([^"]*)"/.exec(tag)?.[1];
        if (href !== undefined) expect(href).toMatch(/^(https?:\/\/|mailto:)/i);
      }
    });
  }
});

describe('random hostile Markdown', () => {
  it('always renders to markup the sanitiser would leave unchanged, so its fast path is taken', () => {
    const random = seededRandom(2015);
    for (let index = 0; index < 2500; index++) {
      const text = randomMarkdown(random);
      const html = renderMarkdownHtml(text);
      expect(isAllowlistedMarkup(html), text).toBe(true);
      expect(sanitizeWithParser(html), text).toBe(html);
    }
  });
});

describe('texts side by side on the page', () => {
  const texts = [...HOSTILE_TEXTS, 'NEXT **bold**'];
  const session = parlioSession({ intro: '```\nan intro that never closes its fence' });
  const questions = texts.map((text, index) =>
    question({
      number: index + 1,
      text,
      status: 'answered',
      // Hostile at the end of the answer too, where it would reach into the next question.
      answer: { text: `Answer ${index + 1} **starts**\n\n${text}`, answeredAt: session.startsAt + index, host: session.host },
    }),
  );
  const page = renderArchiveHtml(buildArchiveDocument(session, questions, { publishedAt: 0, generator: 'test' }));

  it('keep every question in its own article, each text within its own element', () => {
    expectBalancedTags(page);
    const articles = page.split('<article ').slice(1);
    expect(articles).toHaveLength(texts.length);
    articles.forEach((article, index) => {
      expect(article.startsWith(`class="qa" id="q${index + 1}"`)).toBe(true);
      const body = article.slice(0, article.indexOf('</article>'));
      expectBalancedTags(`<article ${body}</article>`);
      // The question's text did not swallow the answer, and the answer's closes before the article does.
      expect(body).toContain(`<div class="answer">\n<p class="person">`);
      expect(body).toContain(`<div class="text">\n<p>Answer ${index + 1} <strong>starts</strong></p>\n`);
      expect(body.endsWith('</div>\n</div>\n')).toBe(true);
    });
  });

  it('render the text after a hostile one as its own', () => {
    expect(page).toContain('<p>NEXT <strong>bold</strong></p>');
    expect(page).toContain('<section class="facts">');
  });
});

// Markdown built from the pieces most likely to open something and leave it open, to reach
// outside the text, or to smuggle markup or a script address through.
const PIECES = [
  '*', '_', '__', '**', '~~', '||', '`', '```', '~~~', '\n', '\n\n', '> ', '- ', '1. ', '7) ', '# ', '###### ', '    ',
  '[', ']', '(', ')', '![', '"', "'", '\\', '|', '---', '===', 'word', ' ', '\t', '\r\n', '\0', '\u00a0', '😀',
  'https://x.example/a?b=1&c="d"', 'HTTP://Y.EXAMPLE', 'mailto:a@b.example', 'javascript:alert(1)', 'data:text/html,x', '//evil.example',
  '[l](https://l.example "t")', '[r][ref]', '\n[ref]: https://ref.example\n', '<https://auto.example>', '<javascript:alert(1)>',
  '<script>', '</script>', '</article>', '</div>', '<img src=x onerror=alert(1)>', '<!--', '&quot;', '&amp;', '&#60;', '&lt;', '&copy;', '&', '<', '>',
];

function randomMarkdown(random: () => number): string {
  let text = '';
  const count = randomInt(random, 1, 30);
  for (let index = 0; index < count; index++) text += pick(random, PIECES);
  return text;
}
