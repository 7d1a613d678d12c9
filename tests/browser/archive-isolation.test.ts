/// <reference lib="dom" />
// (The callbacks passed to page.evaluate run in the browser and use its globals.)
//
// Member texts as a browser parses them on the archive page. Each text's markup passes the
// sanitiser's fast path without being parsed (archive/html-allowlist.ts), so this holds the
// page to what that check promises, with a real HTML parser: every text parses on the page
// exactly as it parses alone, so nothing in one (an unclosed fence, a stray closing tag, a
// link or bold run left open) reaches the question after it or the page around it.

import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArchiveDocument } from '../../archive/build.js';
import { renderArchiveHtml } from '../../archive/html.js';
import { renderMarkdownHtml } from '../../archive/html-markdown.js';
import { HOSTILE, parlioSession, question } from '../unit/support/parlio.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const TEXTS = [
  HOSTILE.text,
  '<script>window.__pwned = "script"</script><img src=x onerror="window.__pwned = 1">',
  '</div></div></article></main><article class="qa" id="q1"><h2>Q1</h2>',
  '</p></li></ul></ol></blockquote></pre></code></span></a></strong></em>',
  '```\nunclosed fence </div>',
  '`unclosed backtick **and bold',
  '**bold __underline ~~strike ||spoiler [link](https://x.example',
  '[a link that **never** closes its bold](https://x.example) **',
  '- list\n  - nested\n    > quote in a list\n1. numbered\n\n    indented code',
  '# heading **open\n||spoiler with `code` and [a link](https://x.example)||',
  'see https://x.example/**bold**?q=<b>&r="x" and mailto:a@b.example',
  'NEXT question, plain.',
];

let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The browser tests need Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('member texts on the archive page, in a browser', () => {
  it('each parse on the page exactly as alone, inside their own question', async () => {
    const session = parlioSession({ intro: '**an intro that never closes its bold' });
    const questions = TEXTS.map((text, index) =>
      question({
        number: index + 1,
        text,
        status: 'answered',
        answer: { text: `Answer ${index + 1} starts\n\n${text}`, answeredAt: session.startsAt + index, host: session.host },
      }),
    );
    const html = renderArchiveHtml(buildArchiveDocument(session, questions, { publishedAt: 0, generator: 'test' }));
    const rendered = questions.map((entry) => [renderMarkdownHtml(entry.text), renderMarkdownHtml(entry.answer!.text)]);

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const seen = await page.evaluate((texts) => {
      const alone = (markup: string) => {
        const template = document.createElement('template');
        template.innerHTML = markup;
        return template.innerHTML;
      };
      const articles = Array.from(document.querySelectorAll('article'));
      return {
        pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
        // The page's own chart is the one svg it has.
        foreign: document.querySelectorAll('script, img, iframe, .text svg, main main, article article').length,
        articlesInMain: document.querySelectorAll('main > article.qa').length,
        articles: articles.map((article, index) => {
          const [questionText, answerText] = Array.from(article.querySelectorAll(':scope > div > div.text'));
          return {
            id: article.id,
            heading: article.querySelector(':scope > h2')?.textContent ?? '',
            questionAsAlone: questionText?.innerHTML === `\n${alone(texts[index]![0]!)}`,
            answerAsAlone: answerText?.innerHTML === `\n${alone(texts[index]![1]!)}`,
            answerStarts: answerText?.querySelector('p')?.textContent ?? '',
          };
        }),
        // Page elements inside member markup (a bold run, a link, a spoiler) would mean a text leaked.
        pageInsideMemberMarkup: Array.from(document.querySelectorAll('article, h2, .person, .text, nav, footer')).filter((element) =>
          element.parentElement?.closest('p, strong, em, u, s, code, pre, blockquote, ul, ol, li, a[rel], span.spoiler, h3, h4, h5, h6'),
        ).length,
      };
    }, rendered);
    await context.close();

    expect(seen.pwned).toBeNull();
    expect(seen.foreign).toBe(0);
    expect(seen.articlesInMain).toBe(TEXTS.length);
    expect(seen.pageInsideMemberMarkup).toBe(0);
    seen.articles.forEach((article, index) => {
      expect(article.id).toBe(`q${index + 1}`);
      expect(article.heading).toMatch(new RegExp(`^Q${index + 1} `));
      expect(article.questionAsAlone, TEXTS[index]).toBe(true);
      expect(article.answerAsAlone, TEXTS[index]).toBe(true);
      expect(article.answerStarts).toBe(`Answer ${index + 1} starts`);
    });
  });
});
