/// <reference lib="dom" />
// (The callbacks passed to page.evaluate run in the browser and use its globals.)
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArchivePages } from '../../bot/http/archive-pages.js';
import { archiveRoute } from '../../bot/http/routes.js';
import { startHttpServer, type RunningHttpServer } from '../../bot/http/server.js';
import { createLogger } from '../../bot/logger.js';
import type { Question, Session } from '../../storage/model.js';
import { GUILD_ID, HOSTILE, parlioQuestions, parlioSession, question } from '../unit/support/parlio.js';

// The archive page in a real browser (Debian's headless Chromium, driven by playwright-core),
// served by Parley's own HTTP side: the Parlio demo's archive, and a hostile session's. It
// checks what a reader sees (headings, count, contents, anchors, rendered Markdown, phone and
// desktop layouts, both themes) and what must never happen (a script running, a request
// leaving the page). Screenshots go to artifacts/screenshots/.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../../artifacts/screenshots/', import.meta.url));
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

const MARKDOWN_ANSWER = [
  'Some **bold**, some *italics*, some __underline__ and ~~struck~~ text, and `inline code`.',
  '',
  '- first point',
  '- second point with a [link](https://example.org/report)',
  '',
  '1. one',
  '2. two',
  '',
  '> a quoted line',
  '',
  '```',
  'const x = "<b>not bold</b>";',
  '```',
  '',
  'And a ||hidden spoiler|| at the end.',
].join('\n');

// Every way member text has tried to get a script onto a page, each setting a flag if it ran.
const ATTACKS = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'onerror\'">',
  '<svg onload="window.__pwned = \'svg\'"></svg>',
  '[click me](javascript:window.__pwned="js-link")',
  '<a href="javascript:window.__pwned=\'raw-link\'">raw link</a>',
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '<style>body{display:none}</style>',
  '![tracker](https://tracker.example/pixel.png)',
  '"><script>window.__pwned="attr"</script>',
].join('\n\n');

let browser: Browser;
let server: RunningHttpServer;
const sessions = new Map<number, { session: Session; questions: Question[] }>();

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The browser tests need Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  await mkdir(SCREENSHOTS, { recursive: true });
  sessions.set(3, { session: parlioSession({ archiveMessageId: '900000000000000001' }), questions: parlioQuestions() });
  sessions.set(7, hostileSession());
  const pages = createArchivePages({
    sessions: { get: async (_guild, id) => sessions.get(id)?.session ?? null },
    questions: {
      answered: async (_guild, id) => sessions.get(id)?.questions ?? [],
      askedTimes: async (_guild, id) => (sessions.get(id)?.questions ?? []).map((entry) => entry.askedAt),
    },
    generator: 'Parley 0.1.0',
    publicBaseUrl: 'https://ama.example.org',
  });
  server = await startHttpServer({ port: 0, routes: [archiveRoute(pages)], log: createLogger('silent') });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function hostileSession(): { session: Session; questions: Question[] } {
  const hostileHost = { id: '777000000000000001', name: `${HOSTILE.name}<img src=x onerror=alert(1)>`, title: HOSTILE.title };
  const session = parlioSession({
    id: 7,
    title: 'Hostile </title><script>window.__pwned="title"</script>',
    host: hostileHost,
    intro: ATTACKS,
    archiveMessageId: '900000000000000007',
  });
  const at = session.startsAt;
  const answered = (number: number, text: string, answer: string, votes: number): Question =>
    question({
      number,
      sessionId: 7,
      asker: { id: `77700000000000001${number}`, name: `"><img src=x onerror=alert(${number})>`, title: HOSTILE.title },
      text,
      askedAt: at + number * 60_000,
      votes,
      status: 'answered',
      answer: { text: answer, answeredAt: at + 3_600_000 + number * 60_000, host: hostileHost },
    });
  return {
    session,
    questions: [answered(1, ATTACKS, ATTACKS, 2), answered(2, 'What does **Markdown** look like here?', MARKDOWN_ANSWER, 5)],
  };
}

/** A fresh page that records every request it makes and every script or policy violation. */
async function openArchive(sessionId: number, viewport: { width: number; height: number }, colorScheme: 'light' | 'dark' = 'light') {
  const context: BrowserContext = await browser.newContext({ viewport, colorScheme, javaScriptEnabled: true });
  const page: Page = await context.newPage();
  const url = `${server.url}/archives/${GUILD_ID}/${sessionId}`;
  const requests: string[] = [];
  const dialogs: string[] = [];
  // Nothing is allowed out but the page itself; anything else is recorded and refused.
  await context.route('**/*', (route) => {
    requests.push(route.request().url());
    return route.request().url() === url ? route.continue() : route.abort();
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  // Runs before the page's own content, outside its CSP: lets the test see violations.
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  expect(response?.status()).toBe(200);
  return { page, context, url, requests, dialogs };
}

describe('the Parlio archive', () => {
  it('reads like the Parlio page: heading, host, dates, count, contents and every question', async () => {
    const { page, context, url, requests } = await openArchive(3, DESKTOP);
    await expect(page.title()).resolves.toBe('AMA with Salil Shetty — Secretary General of Amnesty International');
    expect(await page.locator('h1').textContent()).toBe('AMA with Salil Shetty — Secretary General of Amnesty International');
    expect(await page.locator('header .title-line').first().textContent()).toBe('Secretary General @ Amnesty International');
    expect(await page.locator('.facts').textContent()).toContain('This AMA took place between 2 October 2015, 00:00 UTC and 8 October 2015, 23:59 UTC.');
    expect(await page.locator('.facts .count').textContent()).toBe('15 questions');

    const headings = await page.locator('article.qa h2').allTextContents();
    expect(headings).toHaveLength(15);
    expect(headings[0]).toBe('Q15 0 votes');

    // Contents: one link per question, each to an article that exists, in the same order.
    const tocTargets = await page.locator('nav li a').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    const articleIds = await page.locator('article.qa').evaluateAll((articles) => articles.map((article) => `#${article.id}`));
    expect(tocTargets).toEqual(articleIds);

    // A contents link scrolls its question into view and becomes the address's anchor.
    await page.locator('nav a[href="#q4"]').click();
    expect(new URL(page.url()).hash).toBe('#q4');
    const top = await page.locator('#q4').evaluate((element) => element.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(40);
    // Each question's number is a permalink to itself.
    expect(await page.locator('#q4 h2 a').getAttribute('href')).toBe('#q4');

    // The activity chart is drawn, inside the page's width.
    const chart = await page.locator('figure.activity svg').boundingBox();
    expect(chart!.width).toBeGreaterThan(300);
    expect(await page.locator('figure.activity rect.answered').count()).toBeGreaterThan(0);

    expect(requests).toEqual([url]);
    await page.screenshot({ path: `${SCREENSHOTS}parlio-desktop.png`, fullPage: true });
    await context.close();
  });

  it('opens at a question from its permalink', async () => {
    const { page, context, url } = await openArchive(3, DESKTOP);
    await page.goto(`${url}#q9`);
    const top = await page.locator('#q9').evaluate((element) => element.getBoundingClientRect().top);
    expect(Math.abs(top)).toBeLessThan(40);
    expect(await page.locator('#q9 h2').textContent()).toMatch(/^Q9/);
    await context.close();
  });

  it('reads on a phone: nothing wider than the screen, text at a readable size', async () => {
    const { page, context, requests, url } = await openArchive(3, PHONE);
    const layout = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      bodyFont: parseFloat(getComputedStyle(document.body).fontSize),
      widest: Math.max(...Array.from(document.querySelectorAll('main *')).map((element) => element.getBoundingClientRect().right)),
    }));
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth);
    expect(layout.widest).toBeLessThanOrEqual(layout.innerWidth);
    expect(layout.bodyFont).toBeGreaterThanOrEqual(16);
    expect(requests).toEqual([url]);
    // The top of the page, then a question as a phone shows it (a full-page shot of a phone's
    // 24,000-pixel column takes seconds and shows nothing more).
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SCREENSHOTS}parlio-phone.png` });
    await page.locator('#q15').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}parlio-phone-question.png` });
    await context.close();
  });

  it('follows the reader’s dark setting', async () => {
    const { page, context } = await openArchive(3, PHONE, 'dark');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = background.match(/\d+/g)!.map(Number);
    expect((r! + g! + b!) / 3).toBeLessThan(60);
    await page.screenshot({ path: `${SCREENSHOTS}parlio-phone-dark.png` });
    await context.close();
  });
});

describe('a hostile session’s archive', () => {
  for (const [label, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`runs nothing a member typed and requests nothing, at ${label} width`, async () => {
      const { page, context, url, requests, dialogs } = await openArchive(7, viewport);
      // Give anything that might fire (onerror, onload) its chance.
      await page.waitForTimeout(200);
      for (const link of await page.locator('a').all()) await link.hover();

      const state = await page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
        scripts: document.scripts.length,
        frames: document.querySelectorAll('iframe, img, object, embed').length,
        handlers: Array.from(document.querySelectorAll('*')).flatMap((element) =>
          Array.from(element.attributes).filter((attribute) => /^on/i.test(attribute.name)).map((attribute) => attribute.name),
        ),
        hrefs: Array.from(document.querySelectorAll('a[href]')).map((link) => link.getAttribute('href')!),
        styles: document.querySelectorAll('style').length,
        violations: (window as unknown as { __violations: string[] }).__violations,
        hidden: getComputedStyle(document.body).display,
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      expect(state.pwned).toBeNull();
      expect(dialogs).toEqual([]);
      expect(state.scripts).toBe(0);
      expect(state.frames).toBe(0);
      expect(state.handlers).toEqual([]);
      for (const href of state.hrefs) expect(href).toMatch(/^(https:\/\/|#q\d+$)/);
      expect(state.styles).toBe(1);
      expect(state.hidden).toBe('block');
      // Nothing was even attempted: no blocked inline script, style or load.
      expect(state.violations).toEqual([]);
      expect(requests).toEqual([url]);
      expect(state.scrollWidth).toBeLessThanOrEqual(state.innerWidth);

      // The attacks are on the page as the text the member typed.
      expect(await page.locator('#q1 .question .text').textContent()).toContain('<script>window.__pwned = "script"</script>');
      expect(await page.locator('#q1 .question .text').textContent()).toContain('javascript:window.__pwned="js-link"');
      expect(await page.locator('h1').textContent()).toContain('</title><script>window.__pwned="title"</script>');

      await page.screenshot({ path: `${SCREENSHOTS}hostile-${label}.png` });
      await context.close();
    });
  }

  it('renders Discord Markdown: bold, italics, underline, links, lists, quotes, code and spoilers', async () => {
    const { page, context } = await openArchive(7, DESKTOP);
    const answer = page.locator('#q2 .answer .text');
    expect(await answer.locator('strong').first().textContent()).toBe('bold');
    expect(await answer.locator('em').first().textContent()).toBe('italics');
    expect(await answer.locator('u').textContent()).toBe('underline');
    expect(await answer.locator('s').textContent()).toBe('struck');
    expect(await answer.locator('ul > li').allTextContents()).toEqual(['first point', 'second point with a link']);
    expect(await answer.locator('ol > li').allTextContents()).toEqual(['one', 'two']);
    const link = answer.locator('a');
    expect(await link.getAttribute('href')).toBe('https://example.org/report');
    expect(await link.getAttribute('rel')).toBe('nofollow noopener noreferrer');
    expect(await answer.locator('blockquote').textContent()).toContain('a quoted line');
    expect(await answer.locator('pre code').textContent()).toBe('const x = "<b>not bold</b>";\n');
    expect(await answer.locator('p code').textContent()).toBe('inline code');
    expect(await page.locator('#q2 .question strong').textContent()).toBe('Markdown');
    expect(await page.locator('#q2 h2 .votes').textContent()).toBe('5 votes');

    // A spoiler hides its text until hovered.
    const spoiler = answer.locator('.spoiler');
    expect(await spoiler.textContent()).toBe('hidden spoiler');
    const hiddenColor = await spoiler.evaluate((element) => getComputedStyle(element).color);
    await spoiler.hover();
    await page.waitForTimeout(250); // the reveal is a short transition
    const shownColor = await spoiler.evaluate((element) => getComputedStyle(element).color);
    expect(hiddenColor).toMatch(/rgba\(\d+, \d+, \d+, 0\)/);
    expect(shownColor).not.toBe(hiddenColor);
    await context.close();
  });
});
