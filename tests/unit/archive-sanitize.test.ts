// The sanitiser's fast path (archive/html-allowlist.ts): markup already in the exact form
// sanitize-html writes is passed through without parsing. These tests hold it to its claim:
// whatever it lets through, sanitize-html would have returned unchanged; whatever else it is
// given goes to sanitize-html; and what it lets through is safe on its own terms.

import { describe, expect, it } from 'vitest';
import { isAllowlistedMarkup } from '../../archive/html-allowlist.js';
import { sanitizeMarkdownHtml, sanitizeWithParser } from '../../archive/html-sanitize.js';
import { pick, randomInt, seededRandom } from './support/random.js';

const REL = 'rel="nofollow noopener noreferrer"';

describe('the allowlist the sanitiser skips parsing for', () => {
  it('passes the Markdown renderer’s own markup, unchanged by sanitize-html', () => {
    const own = [
      '<p><strong>b</strong> <em>i</em> <u>u</u> <s>s</s> <code>c</code><br />\nline</p>\n',
      `<p><a href="https://x.example/a?b=1&amp;c=2" ${REL}>l</a> <a href="mailto:a@example.org" ${REL}>m</a></p>\n`,
      '<ol start="3">\n<li>x</li>\n</ol>\n<ul>\n<li>\n<p>loose</p>\n</li>\n</ul>\n',
      '<blockquote>\n<p>quoted "as typed" &amp; &lt;kept&gt;</p>\n</blockquote>\n<hr />\n<h3>h</h3>\n<h6>h</h6>\n',
      '<pre><code>if (a &lt; b) { "x" }\n</code></pre>\n<p><span class="spoiler" tabindex="0">s <em>e</em></span></p>\n',
    ];
    for (const html of own) {
      expect(isAllowlistedMarkup(html), html).toBe(true);
      expect(sanitizeWithParser(html)).toBe(html);
    }
  });

  it('turns down anything outside it, which sanitize-html then cleans', () => {
    const outside = [
      '<script>alert(1)</script>',
      '<p>a<script>alert(1)</script></p>',
      '<img src=x onerror=alert(1)>',
      '<p><img src="x" onerror="alert(1)" /></p>',
      `<a href="javascript:alert(1)" ${REL}>x</a>`,
      `<a href="JaVaScRiPt:alert(1)" ${REL}>x</a>`,
      `<a href="//evil.example" ${REL}>x</a>`,
      `<a href="data:text/html,x" ${REL}>x</a>`,
      '<a href="https://x.example">no rel</a>',
      `<a href="https://x.example" ${REL} onclick="x()">x</a>`,
      `<a href="https://x.example" title="t" ${REL}>x</a>`,
      `<a href="https://x.example/ y" ${REL}>space</a>`,
      `<a href='https://x.example' ${REL}>single quotes</a>`,
      '<a>bare</a>',
      '<span class="spoiler" tabindex="0" style="color:red">s</span>',
      '<span class="spoiler evil" tabindex="0">s</span>',
      '<span>s</span>',
      '<ol start="1" onclick="x()"><li>x</li></ol>',
      '<ol start="x"><li>x</li></ol>',
      '<p class="x">a</p>',
      '<P>upper</P>',
      '<p >space</p>',
      '<br>',
      '<hr>',
      '<h1>h</h1>',
      '<h2>Q99</h2>',
      '<div>d</div>',
      '<p>unclosed',
      '</p>',
      '<p>a</p></article><article>',
      '</div></div><h2>Q99</h2>',
      '<p><strong>crossed</p></strong>',
      '<p><ul><li>a block in a paragraph</li></ul></p>',
      '<li><li>nested item</li></li>',
      `<a href="https://a.example" ${REL}><a href="https://b.example" ${REL}>x</a></a>`,
      '<h3><h4>x</h4></h3>',
      '<p><span class="spoiler" tabindex="0"><p>x</p></span></p>',
      '<strong><p>a block in an inline element</p></strong>',
      '<p><hr /></p>',
      '<pre><p>x</p></pre>',
      '<ul><p>not an item</p></ul>',
      '<li>an item outside a list</li>',
      `<a href="https://a.example" ${REL}><span class="spoiler" tabindex="0"><a href="https://b.example" ${REL}>x</a></span></a>`,
      '<p>a > b</p>',
      '<p>&quot;entity&quot;</p>',
      '<p>&#x3C;script&#x3E;</p>',
      '<p>&#60;</p>',
      '<p>&nbsp;</p>',
      '<p>&amp</p>',
      '<p>a & b</p>',
      '<!-- comment --><p>x</p>',
      '<![CDATA[x]]>',
      '<p>x</p><style>p{}</style>',
      '<svg><script>alert(1)</script></svg>',
      '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
      '<p<p>>x</p>',
      '<p>x</p',
    ];
    for (const html of outside) {
      expect(isAllowlistedMarkup(html), html).toBe(false);
      expect(sanitizeMarkdownHtml(html), html).toBe(sanitizeWithParser(html));
    }
  });

  it('passes text characters through as sanitize-html does: all but & < > as they are', () => {
    let every = '';
    for (let code = 0; code <= 0xffff; code++) {
      const char = String.fromCharCode(code);
      if (char !== '&' && char !== '<' && char !== '>') every += char;
    }
    const html = `<p>${every} &amp; &lt; &gt;</p>`;
    expect(isAllowlistedMarkup(html)).toBe(true);
    expect(sanitizeWithParser(html)).toBe(html);
  });

  it('passes every character the renderer leaves in a link address as sanitize-html does', () => {
    let printable = '';
    for (let code = 0x21; code < 0x7f; code++) {
      const char = String.fromCharCode(code);
      if (!'"<>&'.includes(char)) printable += char;
    }
    const html = `<p><a href="https://x.example/${printable}&amp;" ${REL}>x</a></p>`;
    expect(isAllowlistedMarkup(html)).toBe(true);
    expect(sanitizeWithParser(html)).toBe(html);
  });

  it('is the full sanitiser on random markup: passed through only when sanitize-html would not change it', () => {
    const random = seededRandom(8);
    let passed = 0;
    for (let index = 0; index < 4000; index++) {
      const html = randomMarkup(random);
      const fast = sanitizeMarkdownHtml(html);
      expect(fast, html).toBe(sanitizeWithParser(html));
      if (isAllowlistedMarkup(html)) {
        passed += 1;
        expect(fast).toBe(html);
      }
    }
    // Enough of both kinds to mean something.
    expect(passed).toBeGreaterThan(500);
    expect(passed).toBeLessThan(3500);
  });
});

// Markup made mostly of the allowlist's own pieces, nested at random and sometimes broken
// (a tag dropped, swapped or foreign, a stray character), so both sides of the check run.
const TEXT = ['a', 'word ', ' ', '\n', '"', "'", '&amp;', '&lt;', '&gt;', '&quot;', '&#39;', '&', '>', '\u00a0', '\u2028', '\0', '\x07', '😀', '\ud800', '='];
const ELEMENTS: Array<[string, string]> = [
  ['<p>', '</p>'],
  ['<strong>', '</strong>'],
  ['<em>', '</em>'],
  ['<u>', '</u>'],
  ['<s>', '</s>'],
  ['<code>', '</code>'],
  ['<pre>', '</pre>'],
  ['<blockquote>', '</blockquote>'],
  ['<ul>', '</ul>'],
  ['<ol>', '</ol>'],
  ['<ol start="7">', '</ol>'],
  ['<li>', '</li>'],
  ['<h3>', '</h3>'],
  ['<h6>', '</h6>'],
  ['<span class="spoiler" tabindex="0">', '</span>'],
  [`<a href="https://x.example/p?q=1&amp;r=%22" ${REL}>`, '</a>'],
  [`<a href="MAILTO:a@b.example" ${REL}>`, '</a>'],
];
const VOIDS = ['<br />', '<hr />'];
const FOREIGN = ['<script>', '</script>', '<div>', '</div>', '<br>', '<img src=x onerror=alert(1)>', `<a href="javascript:x" ${REL}>`, '<!--', '</article>'];

function randomMarkup(random: () => number): string {
  const build = (depth: number): string => {
    let html = '';
    const parts = randomInt(random, 0, 4);
    for (let part = 0; part < parts; part++) {
      const roll = random();
      if (roll < 0.4 || depth > 3) html += pick(random, TEXT);
      else if (roll < 0.5) html += pick(random, VOIDS);
      else {
        const [open, close] = pick(random, ELEMENTS);
        html += `${open}${build(depth + 1)}${close}`;
      }
    }
    return html;
  };
  let html = build(0);
  if (random() < 0.3) {
    const at = randomInt(random, 0, html.length);
    html = `${html.slice(0, at)}${pick(random, [...FOREIGN, ...ELEMENTS.flat(), '<', '>'])}${html.slice(at)}`;
  }
  return html;
}
