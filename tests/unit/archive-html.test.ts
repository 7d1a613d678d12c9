import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildArchiveDocument } from '../../archive/build.js';
import { renderArchiveHtml } from '../../archive/html.js';
import { renderMarkdownHtml } from '../../archive/html-markdown.js';
import type { ArchiveDocument } from '../../archive/schema.js';
import { contentOf, expectBalancedTags, tagsOf } from './support/html.js';
import { parlio, parlioQuestions, parlioSession } from './support/parlio.js';

const doc = buildArchiveDocument(parlioSession(), parlioQuestions(), {
  publishedAt: Date.parse('2015-10-09T10:00:00Z'),
  generator: 'Parley 0.1.0',
});
const html = renderArchiveHtml(doc);

function withText(text: string): ArchiveDocument {
  const [first] = doc.questions;
  if (!first) throw new Error('fixture has questions');
  return { ...doc, questions: [{ ...first, text, answer: { ...first.answer, text } }] };
}

describe('renderArchiveHtml: the page', () => {
  it('is an HTML5 document with charset, viewport, language and title', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(contentOf(html, 'title')).toBe('AMA with Salil Shetty — Secretary General of Amnesty International');
    expectBalancedTags(html);
  });

  it('forbids every source but its own stylesheet, named by hash', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    const hash = createHash('sha256').update(contentOf(html, 'style')).digest('base64');
    expect(csp).toBe(`default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`);
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
  });

  it('loads nothing from anywhere', () => {
    for (const tag of tagsOf(html)) {
      expect(tag).not.toMatch(/\ssrc=|\ssrcset=|\sstyle=|\saction=/i);
      if (!tag.startsWith('<a ')) expect(tag).not.toMatch(/https?:|\/\//i);
    }
    expect(html).not.toMatch(/<(script|img|link|iframe|object|embed|video|audio|source|form|base)\b/i);
    const css = contentOf(html, 'style');
    expect(css).not.toMatch(/url\(|@import|@font-face|https?:/i);
  });

  it('has light and dark themes and fits a phone', () => {
    const css = contentOf(html, 'style');
    expect(css).toContain('@media (prefers-color-scheme: dark)');
    expect(css).toMatch(/main \{ max-width: 46rem;/);
    expect(css).toContain('@media (max-width: 480px)');
    expect(css).toMatch(/font: [^;]*system-ui/);
  });
});

describe('renderArchiveHtml: content laid out like the Parlio page', () => {
  it('heads with the host, their title line and the intro', () => {
    expect(html).toContain('<h1>AMA with Salil Shetty — Secretary General of Amnesty International</h1>');
    expect(html).toContain(
      '<p class="person host"><span class="name">Salil Shetty</span><span class="title-line">Secretary General @ Amnesty International</span></p>',
    );
    expect(html).toContain('<p>Hi everyone, namaste.</p>');
  });

  it('says when it took place, in UTC, that unanswered questions are hidden, and how many', () => {
    expect(html).toContain(
      '<p>This AMA took place between <time datetime="2015-10-02T00:00:00.000Z">2 October 2015, 00:00 UTC</time> and <time datetime="2015-10-08T23:59:00.000Z">8 October 2015, 23:59 UTC</time>.</p>',
    );
    expect(html).toContain('<p>Unanswered questions have been hidden.</p>');
    expect(html).toContain('<p class="count">15 questions</p>');
  });

  it('lists every question in a table of contents linking to its anchor, in answer order', () => {
    const tocLinks = [...html.matchAll(/<li><a href="#(q\d+)">/g)].map((match) => match[1]);
    const articles = [...html.matchAll(/<article class="qa" id="(q\d+)"/g)].map((match) => match[1]);
    expect(tocLinks).toEqual(doc.questions.map((entry) => `q${entry.number}`));
    expect(articles).toEqual(tocLinks);
  });

  it('shows each question with its asker, then the answer beneath under the host', () => {
    const start = html.indexOf('<article class="qa" id="q15"');
    const article = html.slice(start, html.indexOf('</article>', start));
    const askerAt = article.indexOf('<span class="name">Asker 1</span><span class="title-line">Researcher @ Harvard | Parlio community manager</span>');
    const questionAt = article.indexOf('clicktivism');
    const answerAt = article.indexOf('<div class="answer">');
    const hostAt = article.indexOf('<span class="name">Salil Shetty</span>', answerAt);
    const answerTextAt = article.indexOf('one of the big changes I have seen');
    expect([askerAt, questionAt, answerAt, hostAt, answerTextAt].every((at) => at >= 0)).toBe(true);
    expect(askerAt < questionAt && questionAt < answerAt && answerAt < hostAt && hostAt < answerTextAt).toBe(true);
  });

  it('renders every Parlio answer, paragraph by paragraph', () => {
    for (const entry of parlio.questions) {
      for (const paragraph of entry.answer.split('\n\n').map((text) => text.trim()).filter(Boolean)) {
        expect(html).toContain(renderMarkdownHtml(paragraph).trim());
      }
    }
  });

  it('leaves out the contents and questions when nothing was answered', () => {
    const empty = renderArchiveHtml({ ...doc, questions: [] });
    expect(empty).toContain('<p class="count">0 questions</p>');
    expect(empty).not.toContain('<nav');
    expectBalancedTags(empty);
  });

  it('leaves out a missing intro and title line', () => {
    const bare = renderArchiveHtml({ ...doc, session: { ...doc.session, intro: null, host: { name: 'H', title: null } } });
    expect(bare).not.toContain('class="intro');
    expect(bare).toContain('<p class="person host"><span class="name">H</span></p>');
    expectBalancedTags(bare);
  });
});

describe('renderMarkdownHtml: Markdown in questions, answers and the intro', () => {
  it('renders Discord-flavoured Markdown', () => {
    expect(renderMarkdownHtml('**b** *i* __u__ ~~s~~ `c`').trim()).toBe('<p><strong>b</strong> <em>i</em> <u>u</u> <s>s</s> <code>c</code></p>');
    expect(renderMarkdownHtml('line one\nline two').trim()).toBe('<p>line one<br />\nline two</p>');
    expect(renderMarkdownHtml('> quoted').trim()).toBe('<blockquote>\n<p>quoted</p>\n</blockquote>');
    expect(renderMarkdownHtml('- a\n- b')).toContain('<ul>');
  });

  it('makes ||spoilers|| that CSS reveals on hover or focus', () => {
    expect(renderMarkdownHtml('it was ||the butler **all along**||!').trim()).toBe(
      '<p>it was <span class="spoiler" tabindex="0">the butler <strong>all along</strong></span>!</p>',
    );
    expect(renderMarkdownHtml('a || b').trim()).toBe('<p>a || b</p>');
    expect(renderMarkdownHtml('`||code||`').trim()).toBe('<p><code>||code||</code></p>');
    expect(contentOf(html, 'style')).toMatch(/\.spoiler:hover, \.spoiler:focus-within/);
  });

  it('links only http(s) and mailto, never following or referring', () => {
    expect(renderMarkdownHtml('[site](https://example.org/a?b=1)').trim()).toBe(
      '<p><a href="https://example.org/a?b=1" rel="nofollow noopener noreferrer">site</a></p>',
    );
    expect(renderMarkdownHtml('see https://example.org')).toContain('<a href="https://example.org" rel="nofollow noopener noreferrer">');
    expect(renderMarkdownHtml('[mail](mailto:a@example.org)')).toContain('href="mailto:a@example.org"');
    expect(renderMarkdownHtml('example.org')).not.toContain('<a');
    for (const unsafe of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java&#115;cript:alert(1)', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd', '/relative', '#q1']) {
      expect(renderMarkdownHtml(`[x](${unsafe})`)).not.toContain('<a');
    }
  });

  it('links bare addresses written out with their scheme, in any case, and nothing else', () => {
    expect(renderMarkdownHtml('see HTTPS://Example.org/x now').trim()).toBe(
      '<p>see <a href="HTTPS://Example.org/x" rel="nofollow noopener noreferrer">HTTPS://Example.org/x</a> now</p>',
    );
    expect(renderMarkdownHtml('write to Mailto:a@example.org')).toContain('<a href="Mailto:a@example.org" rel="nofollow noopener noreferrer">');
    expect(renderMarkdownHtml('ftp://x.example and //x.example, a@b.example, 3:1, http: alone').trim()).toBe(
      '<p>ftp://x.example and //x.example, a@b.example, 3:1, http: alone</p>',
    );
  });

  it('writes links, code and quotes in the form the sanitiser would leave them', () => {
    expect(renderMarkdownHtml('[a](https://x.example "title")').trim()).toBe('<p><a href="https://x.example" rel="nofollow noopener noreferrer">a</a></p>');
    expect(renderMarkdownHtml('```js\nif (a < b) "x"\n```').trim()).toBe('<pre><code>if (a &lt; b) "x"\n</code></pre>');
    expect(renderMarkdownHtml('"quoted" & `"code"`').trim()).toBe('<p>"quoted" &amp; <code>"code"</code></p>');
    expect(renderMarkdownHtml('a\n\n---').trim()).toBe('<p>a</p>\n<hr />');
  });

  it('renders image syntax as a plain link to the image, loading nothing', () => {
    expect(renderMarkdownHtml('![a cat](https://example.org/cat.png)').trim()).toBe(
      '<p>!<a href="https://example.org/cat.png" rel="nofollow noopener noreferrer">a cat</a></p>',
    );
  });

  it('demotes headings below the page’s own', () => {
    expect(renderMarkdownHtml('# Big\n## Smaller').trim()).toBe('<h3>Big</h3>\n<h4>Smaller</h4>');
  });

  it('shows Discord mentions and timestamps as the text they are', () => {
    expect(renderMarkdownHtml('<@123> <@&5> <t:1:F>').trim()).toBe('<p>&lt;@123&gt; &lt;@&amp;5&gt; &lt;t:1:F&gt;</p>');
  });

  it('keeps a page built from any of this well formed', () => {
    const page = renderArchiveHtml(withText('||a **b|| c** __d ~~e__ f~~ [g](https://x.example "t") `h'));
    expectBalancedTags(page);
  });
});
