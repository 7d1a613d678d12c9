import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { activityOf, MAX_BUCKETS } from '../../archive/activity.js';
import { buildArchiveDocument } from '../../archive/build.js';
import { renderActivityChart } from '../../archive/html-chart.js';
import { sanitizeMarkdownHtml } from '../../archive/html-sanitize.js';
import { renderArchiveHtml } from '../../archive/html.js';
import { renderArchiveJsonSchema } from '../../archive/json-schema.js';
import { parseArchiveJson, renderArchiveJson } from '../../archive/json.js';
import { archivePageUrl, archivePath } from '../../archive/links.js';
import { renderArchiveMarkdown } from '../../archive/markdown.js';
import type { ArchiveDocument } from '../../archive/schema.js';
import { expectBalancedTags, tagsOf } from './support/html.js';
import { HOSTILE, parlioQuestions, parlioSession, question } from './support/parlio.js';

// What the archive page gained beyond the transcript: the activity chart, link previews, vote
// counts, co-hosts and anonymous askers, the sanitiser behind the Markdown renderer, the
// timeline in the JSON, and the published JSON Schema.

const HOUR = 3_600_000;
const session = parlioSession();
const questions = parlioQuestions().map((entry) => ({ ...entry, votes: entry.number % 4 }));
const askedTimes = questions.map((entry) => entry.askedAt);
const doc = buildArchiveDocument(session, questions, { publishedAt: session.closedAt!, generator: 'Parley 0.1.0', askedTimes });
const html = renderArchiveHtml(doc, { pageUrl: 'https://ama.example.org/archives/1/3' });

describe('the activity chart', () => {
  it('counts every question asked and every answer, per bucket of a round size', () => {
    const activity = activityOf(doc);
    expect(activity.bucketLabel).toBe('6 hours'); // the Parlio AMA ran just under 7 days
    expect(activity.asked.length).toBeLessThanOrEqual(MAX_BUCKETS);
    expect(activity.asked.reduce((a, b) => a + b, 0)).toBe(18);
    expect(activity.answered.reduce((a, b) => a + b, 0)).toBe(15);
  });

  it('falls back to the answered questions when the document has no timeline', () => {
    const { timeline: _timeline, ...older } = doc;
    expect(activityOf(older).asked.reduce((a, b) => a + b, 0)).toBe(15);
  });

  it('picks quarter hours for a short AMA and puts stray times in the nearest bucket', () => {
    const short: ArchiveDocument = {
      ...doc,
      session: { ...doc.session, startedAt: '2026-01-01T10:00:00.000Z', endedAt: '2026-01-01T11:00:00.000Z' },
      timeline: { askedAt: ['2026-01-01T09:59:00.000Z', '2026-01-01T10:20:00.000Z', '2026-01-01T12:00:00.000Z'] },
      questions: [],
    };
    const activity = activityOf(short);
    expect(activity.bucketLabel).toBe('15 minutes');
    expect(activity.asked).toEqual([1, 1, 0, 1]);
  });

  it('is inline SVG coloured by the stylesheet, with no text inside it and a readable caption', () => {
    const chart = renderActivityChart(doc);
    expect(chart).toContain('<figure class="activity"');
    expect(chart).toContain('<figcaption id="activity-caption">Questions over time, per 6 hours: 18 asked and 15 answered;');
    expect(chart).toMatch(/<svg viewBox="0 0 640 120" preserveAspectRatio="none" role="img" aria-label="[^"]+">/);
    expect(chart).not.toMatch(/\sstyle=|\sfill=|<text|xmlns|href/);
    expect(chart).toContain('<rect class="asked"');
    expect(chart).toContain('<rect class="answered"');
    expectBalancedTags(chart);
  });

  it('is left out when nothing was asked', () => {
    expect(renderActivityChart({ ...doc, timeline: { askedAt: [] }, questions: [] })).toBe('');
  });
});

describe('link previews', () => {
  it('has Open Graph tags with the heading, a description and the page address', () => {
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain('<meta property="og:title" content="AMA with Salil Shetty — Secretary General of Amnesty International">');
    expect(html).toMatch(/<meta property="og:description" content="15 questions answered by Salil Shetty\. Hi everyone, namaste\.[^"]{20,}…">/);
    expect(html).toContain('<meta property="og:url" content="https://ama.example.org/archives/1/3">');
    expect(html).toContain('<meta name="twitter:card" content="summary">');
  });

  it('has no og:url without an address, and escapes what members typed', () => {
    const hostile = renderArchiveHtml({ ...doc, session: { ...doc.session, host: { name: HOSTILE.name, title: null }, intro: '"><script>alert(1)</script>' } });
    expect(hostile).not.toContain('og:url');
    expect(hostile).toContain('content="15 questions answered by **bold** | _x_ &lt;@&amp;123&gt; @everyone. &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(() => renderArchiveHtml(doc, { pageUrl: 'javascript:alert(1)' })).toThrow(/http\(s\)/);
  });
});

describe('votes, co-hosts and anonymous askers', () => {
  it('shows each question’s votes by its number', () => {
    expect(html).toContain('<h2 id="q3-heading"><a href="#q3">Q3</a> <span class="votes">3 votes</span></h2>');
    expect(html).toContain('<span class="votes">1 vote</span>');
    expect(renderArchiveMarkdown(doc)).toContain('· *Secretary General @ Amnesty International*');
    expect(renderArchiveMarkdown(doc)).toMatch(/\*\*Asker 1\*\* · \*[^*]+\* · 3 votes/);
  });

  it('names co-hosts under the host, and keeps no co-host field for a single host', () => {
    const cohost = { id: '200000000000000002', name: 'Kumi Naidoo', title: 'Secretary General @ Greenpeace' };
    const cohosted = buildArchiveDocument({ ...session, cohosts: [cohost] }, questions, { publishedAt: 0, generator: 'x' });
    expect(cohosted.session.cohosts).toEqual([{ name: 'Kumi Naidoo', title: 'Secretary General @ Greenpeace' }]);
    expect(renderArchiveHtml(cohosted)).toContain('<p class="person host"><span class="name">Kumi Naidoo</span>');
    expect(renderArchiveMarkdown(cohosted)).toContain('**Kumi Naidoo** · *Secretary General @ Greenpeace*');
    expect('cohosts' in doc.session).toBe(false);
  });

  it('archives an anonymous question without its asker', () => {
    const anonymous = question({
      number: 40,
      anonymous: true,
      asker: { id: '210000000000000040', name: 'Whistle Blower', title: 'Insider @ Ministry' },
      status: 'answered',
      answer: { text: 'Yes.', answeredAt: session.endsAt - HOUR, host: session.host },
    });
    const withAnonymous = buildArchiveDocument(session, [anonymous], { publishedAt: 0, generator: 'x' });
    expect(withAnonymous.questions[0]?.asker).toEqual({ name: 'Anonymous', title: null });
    expect(JSON.stringify(withAnonymous)).not.toMatch(/Whistle|Insider/);
  });
});

describe('the sanitiser behind the Markdown renderer', () => {
  it('removes scripts, event handlers, styles, script links and anything outside the allowlist', () => {
    const dirty =
      '<p onclick="x()">a<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">b</a>' +
      '<span class="spoiler evil" style="color:red" tabindex="0">c</span><iframe src="https://x"></iframe><a href="//evil.example">d</a></p>';
    const clean = sanitizeMarkdownHtml(dirty);
    expect(clean).toBe('<p>a<a>b</a><span class="spoiler" tabindex="0">c</span><a>d</a></p>');
    for (const tag of tagsOf(clean)) expect(tag).not.toMatch(/\son|\sstyle|\ssrc|javascript/i);
  });

  it('leaves the Markdown renderer’s own output as it is', () => {
    const rendered = '<p><strong>b</strong> <em>i</em> <u>u</u> <s>s</s> <code>c</code><br />\n<a href="https://x.example" rel="nofollow noopener noreferrer">l</a></p>\n<ol start="3">\n<li>x</li>\n</ol>\n';
    expect(sanitizeMarkdownHtml(rendered)).toBe(rendered);
  });
});

describe('the JSON', () => {
  it('carries when every question was asked, oldest first, and reads back', () => {
    expect(doc.timeline?.askedAt).toHaveLength(18);
    expect(doc.timeline?.askedAt).toEqual([...doc.timeline!.askedAt].sort());
    expect(parseArchiveJson(renderArchiveJson(doc))).toEqual(doc);
  });

  it('still reads a version 1 file written before the timeline and co-hosts existed', () => {
    const { timeline: _timeline, ...older } = doc;
    expect(parseArchiveJson(JSON.stringify(older))).toEqual(older);
  });

  it('has a published JSON Schema that is up to date and accepts what Parley writes', () => {
    const published = readFileSync(new URL('../../archive/archive.schema.json', import.meta.url), 'utf8');
    // Out of date? Run: npx tsx scripts/write-archive-schema.ts
    expect(published).toBe(renderArchiveJsonSchema());
    const ajv = new Ajv2020.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(published) as object);
    expect(validate(JSON.parse(renderArchiveJson(doc)))).toBe(true);
    expect(validate({ ...JSON.parse(renderArchiveJson(doc)), schemaVersion: 2 })).toBe(false);
  });
});

describe('where archives live', () => {
  it('has one path per format and a public page address', () => {
    expect(archivePath('100000000000000001', 3)).toBe('/archives/100000000000000001/3');
    expect(archivePath('100000000000000001', 3, 'md')).toBe('/archives/100000000000000001/3.md');
    expect(archivePath('100000000000000001', 3, 'json')).toBe('/archives/100000000000000001/3.json');
    expect(archivePageUrl('https://ama.example.org/', '1', 2)).toBe('https://ama.example.org/archives/1/2');
  });
});
