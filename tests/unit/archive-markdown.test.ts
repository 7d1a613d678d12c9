import { describe, expect, it } from 'vitest';
import { buildArchiveDocument } from '../../archive/build.js';
import { escapeMarkdownText, renderArchiveMarkdown } from '../../archive/markdown.js';
import { defuseMarkdownBody } from '../../archive/markdown-body.js';
import type { ArchiveDocument } from '../../archive/schema.js';
import { parlio, parlioQuestions, parlioSession } from './support/parlio.js';

const doc = buildArchiveDocument(parlioSession(), parlioQuestions(), {
  publishedAt: Date.parse('2015-10-09T10:00:00Z'),
  generator: 'Parley 0.1.0',
});
const markdown = renderArchiveMarkdown(doc);

function withQuestionText(text: string): ArchiveDocument {
  const [first] = doc.questions;
  if (!first) throw new Error('fixture has questions');
  return { ...doc, questions: [{ ...first, text }] };
}

describe('renderArchiveMarkdown', () => {
  it('opens like the Parlio page: title, host, intro, dates, hidden note, count', () => {
    const expectedOpening = [
      '# AMA with Salil Shetty — Secretary General of Amnesty International',
      '**Salil Shetty** · *Secretary General @ Amnesty International*',
      parlio.intro,
      'This AMA took place between 2 October 2015, 00:00 UTC and 8 October 2015, 23:59 UTC. Unanswered questions have been hidden.',
      '**15 questions**',
      '---',
      '### Q15',
    ].join('\n\n');
    expect(markdown.startsWith(expectedOpening)).toBe(true);
  });

  it('gives each answered question an anchor-friendly heading, in answer order', () => {
    const headings = markdown.split('\n').filter((line) => line.startsWith('### '));
    expect(headings).toEqual(doc.questions.map((entry) => `### Q${entry.number}`));
  });

  it('shows the asker and their title line, the question quoted, then the answer under the host', () => {
    const section = markdown.slice(markdown.indexOf('### Q15'), markdown.indexOf('### Q14'));
    const first = parlio.questions[0];
    expect(section).toBe(
      [
        '### Q15',
        '**Asker 1** · *Researcher @ Harvard \\| Parlio community manager* · 0 votes',
        `> ${first?.question}`,
        '**Salil Shetty** · *Secretary General @ Amnesty International*',
        first?.answer.trim(),
        '---',
        '',
      ].join('\n\n'),
    );
  });

  it('leaves out the title line of someone who has none', () => {
    const section = markdown.slice(markdown.indexOf('### Q13'), markdown.indexOf('### Q12'));
    expect(section).toContain('\n\n**Asker 3** · 0 votes\n\n>');
  });

  it('ends with when and by what it was published', () => {
    expect(markdown.endsWith('---\n\n*Published 9 October 2015, 10:00 UTC by Parley 0.1.0.*\n')).toBe(true);
  });

  it('quotes every line of a multi-paragraph question', () => {
    const text = renderArchiveMarkdown(withQuestionText('One.\n\nTwo.\n- three'));
    expect(text).toContain('> One.\n>\n> Two.\n> - three');
  });

  it('closes a code fence left open, so it cannot swallow the rest of the transcript', () => {
    const [first] = doc.questions;
    const open = { ...doc, questions: [{ ...first!, answer: { ...first!.answer, text: 'Look:\n```js\nconst a = 1;' } }] };
    expect(renderArchiveMarkdown(open)).toContain('Look:\n```js\nconst a = 1;\n```\n\n---');
    const closed = { ...doc, questions: [{ ...first!, answer: { ...first!.answer, text: '```\nx\n```' } }] };
    expect(renderArchiveMarkdown(closed)).toContain('```\nx\n```\n\n---');
  });

  it('writes an archive with no answered questions', () => {
    const empty = renderArchiveMarkdown({ ...doc, questions: [] });
    expect(empty).toContain('**0 questions**');
    expect(empty).not.toContain('###');
  });
});

describe('escapeMarkdownText', () => {
  it('makes names read as exactly their text', () => {
    expect(escapeMarkdownText('**bold** | _x_')).toBe('\\*\\*bold\\*\\* \\| \\_x\\_');
    expect(escapeMarkdownText('[a](https://x) <b> `c` ~d~ #e \\f')).toBe('\\[a\\](https://x) \\<b\\> \\`c\\` \\~d\\~ \\#e \\\\f');
    // "&#60;" is already broken up by its escaped "#".
    expect(escapeMarkdownText('Q&A &amp; &#60;')).toBe('Q&A \\&amp; &\\#60;');
    expect(escapeMarkdownText('two\nlines')).toBe('two lines');
  });
});

describe('defuseMarkdownBody', () => {
  it('keeps ordinary Markdown as written', () => {
    const text = '**Bold**, _it_, `code`, [link](https://example.org)\n\n- one\n- two\n\n> quote';
    expect(defuseMarkdownBody(text)).toBe(text);
  });

  it('demotes headings and defuses setext underlines outside code', () => {
    expect(defuseMarkdownBody('# One\n## Two\n### Q99\n#### Four\n#hashtag')).toBe('#### One\n##### Two\n###### Q99\n###### Four\n#hashtag');
    expect(defuseMarkdownBody('Q99\n===\n\nQ98\n---')).toBe('Q99\n\\===\n\nQ98\n\n---');
    expect(defuseMarkdownBody('```\n# not a heading\n<b>\n```\n# heading')).toBe('```\n# not a heading\n<\u200Bb>\n```\n#### heading');
  });

  it('breaks raw HTML, entities and script URLs with an invisible space', () => {
    expect(defuseMarkdownBody('<script>x</script> <!-- c --> &lt; &#106; [a](javascript:x) <a < b')).toBe(
      '<\u200Bscript>x<\u200B/script> <\u200B!-- c --> &\u200Blt; &\u200B#106; [a](javascript\u200B:x) <\u200Ba < b',
    );
  });
});
