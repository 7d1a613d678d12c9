// Hostile member-typed text in every archive output: it must arrive as text, never as markup,
// script, style, request or link to a script; and unanswered questions never arrive at all.

import { describe, expect, it } from 'vitest';
import { buildArchiveDocument } from '../../archive/build.js';
import { renderArchiveFiles } from '../../archive/files.js';
import { renderArchiveHtml } from '../../archive/html.js';
import { parseArchiveJson, renderArchiveJson } from '../../archive/json.js';
import { renderArchiveMarkdown } from '../../archive/markdown.js';
import { expectBalancedTags, tagsOf } from './support/html.js';
import { HOSTILE, parlioQuestions, parlioSession, question, UNANSWERED } from './support/parlio.js';

// Ids unlike the user mention in HOSTILE.text, which is text the member typed.
const hostileHost = { id: '777000000000000001', name: HOSTILE.name, title: HOSTILE.title };
const session = parlioSession({ host: hostileHost, title: `${HOSTILE.name} </title><script>alert(1)</script>`, intro: HOSTILE.text });
const questions = [
  question({
    number: 1,
    asker: { id: '777000000000000002', name: `${HOSTILE.name}<img src=x onerror=alert(1)>`, title: HOSTILE.title },
    text: HOSTILE.text,
    status: 'answered',
    answer: { text: HOSTILE.text, answeredAt: 10, host: hostileHost },
  }),
  question({ number: 2, text: 'SECRET-UNANSWERED <script>x</script>', status: 'pending' }),
  ...parlioQuestions(),
];
const doc = buildArchiveDocument(session, questions, { publishedAt: 0, generator: '<script>gen</script>' });

describe('the archive HTML with hostile input', () => {
  const html = renderArchiveHtml(doc);

  it('contains no script, no event handler attribute and no script URL', () => {
    expect(html).not.toMatch(/<script/i);
    for (const tag of tagsOf(html)) {
      // Attribute values are escaped text (a link preview may quote the hostile intro); what
      // matters is which attributes exist and where links point.
      const withoutValues = tag.replace(/"[^"]*"/g, '""');
      expect(withoutValues).not.toMatch(/\son[a-z]+\s*=/i);
      expect(withoutValues).not.toMatch(/["'<>]\s*on[a-z]+=|\sstyle=/i);
      const href = /\shref="([^"]*)"/.exec(tag)?.[1] ?? '';
      expect(href).not.toMatch(/javascript:|vbscript:|data:/i);
    }
    expect(html).not.toMatch(/<img/i);
    expectBalancedTags(html);
  });

  it('shows the hostile text as text', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<span class="name">**bold** | _x_ &lt;@&amp;123&gt; @everyone&lt;img src=x onerror=alert(1)&gt;</span>');
    expect(html).toContain('&quot; onmouseover=alert(1)');
    expect(html).toContain('<title>AMA with **bold** | _x_ &lt;@&amp;123&gt; @everyone — **bold** | _x_ &lt;@&amp;123&gt; @everyone &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>');
  });

  it('links only to http(s) addresses and its own anchors', () => {
    const hrefs = [...html.matchAll(/\shref="([^"]*)"/g)].map((match) => match[1] ?? '');
    for (const href of hrefs) expect(href).toMatch(/^(https:\/\/|#q\d+$)/);
    expect(html).not.toContain('tracker.example/pixel.png"><');
  });

  it('cannot forge a question heading', () => {
    expect(html.match(/<article /g)?.length).toBe(doc.questions.length);
    expect(html).not.toMatch(/<h[12][^>]*>Q99/);
  });
});

describe('the archive Markdown with hostile input', () => {
  const markdown = renderArchiveMarkdown(doc);

  it('breaks raw HTML, comments, entities and script URLs', () => {
    // Only unescaped "<" counts: "\<script\>" in an escaped name is text.
    expect(markdown).not.toMatch(/(?<!\\)<(script|img|!--|\/title)/i);
    expect(markdown).not.toMatch(/javascript\s*:/i);
    expect(markdown).not.toMatch(/&colon;/);
    expect(markdown).toContain('<\u200Bscript>alert(1)<\u200B/script>');
  });

  it('escapes names and title lines', () => {
    expect(markdown).toContain(
      '**\\*\\*bold\\*\\* \\| \\_x\\_ \\<@&123\\> @everyone\\<img src=x onerror=alert(1)\\>** · *\\`code\\` \\|\\|spoiler\\|\\| \\[link\\](https://evil.example) \\# heading " onmouseover=alert(1)*',
    );
  });

  it('cannot forge a question heading from any body text', () => {
    const topHeadings = markdown.split('\n').filter((line) => /^#{1,3} /.test(line));
    expect(topHeadings).toEqual(['# AMA with \\*\\*bold\\*\\* \\| \\_x\\_ \\<@&123\\> @everyone — \\*\\*bold\\*\\* \\| \\_x\\_ \\<@&123\\> @everyone \\</title\\>\\<script\\>alert(1)\\</script\\>', ...doc.questions.map((entry) => `### Q${entry.number}`)]);
    expect(markdown).toContain('> ###### Q99');
    expect(markdown).toMatch(/^###### Q99$/m);
  });
});

describe('every archive output', () => {
  it('leaves out unanswered questions', () => {
    for (const file of renderArchiveFiles(doc)) {
      expect(file.data).not.toContain('SECRET-UNANSWERED');
      for (const text of UNANSWERED) expect(file.data).not.toContain(text.split(':')[0]);
    }
  });

  it('never carries Discord user ids', () => {
    for (const file of renderArchiveFiles(doc)) {
      expect(file.data).not.toContain('777000000000000001');
      expect(file.data).not.toContain('777000000000000002');
      expect(file.data).not.toMatch(/2100000000000000\d\d/);
    }
  });

  it('JSON keeps the hostile text exactly and reads back', () => {
    const parsed = parseArchiveJson(renderArchiveJson(doc));
    expect(parsed).toEqual(doc);
    expect(parsed.questions[0]?.text).toBe(HOSTILE.text);
  });
});
