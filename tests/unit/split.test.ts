import { describe, expect, it } from 'vitest';
import { DISCORD_MESSAGE_LIMIT, splitMessage } from '../../bot/render/split.js';
import { parlio } from './support/parlio.js';
import { pick, randomInt, seededRandom } from './support/random.js';

/** Words as the splitter sees them: only space, tab and newline separate words. */
function words(text: string): string[] {
  return text.split(/[ \t\n]+/).filter(Boolean);
}

function nonWhitespace(text: string): string {
  return text.replace(/[ \t\r\n]/g, '');
}

/** The invariants every split must hold, whatever the input. */
function expectWellFormed(text: string, parts: string[], limit: number, firstLimit = limit): void {
  parts.forEach((part, index) => {
    expect(part.length).toBeLessThanOrEqual(index === 0 ? firstLimit : limit);
    expect(part.trim()).not.toBe('');
    expect(part).not.toMatch(/[ \t\n]$/);
    expect(part).not.toMatch(/^[ \t]*\n/);
    // An emoji (surrogate pair) is never cut in half.
    expect(part).not.toMatch(/[\uD800-\uDBFF]$/);
    expect(part).not.toMatch(/^[\uDC00-\uDFFF]/);
  });
  expect(nonWhitespace(parts.join(''))).toBe(nonWhitespace(text));

  // Words come out whole and in order; only a word longer than the limit is cut, into pieces
  // that each fill a part of their own.
  const partWords = parts.flatMap(words);
  let at = 0;
  for (const word of words(text)) {
    if (word.length <= Math.min(limit, firstLimit)) {
      expect(partWords[at]).toBe(word);
      at += 1;
    } else {
      let joined = '';
      while (joined.length < word.length && at < partWords.length) joined += partWords[at++];
      expect(joined).toBe(word);
    }
  }
  expect(at).toBe(partWords.length);
}

describe('splitMessage', () => {
  it('keeps short text as one part and drops surrounding blank space', () => {
    expect(splitMessage('Hello there.')).toEqual(['Hello there.']);
    expect(splitMessage('\n\n  Hello there.  \n\n')).toEqual(['  Hello there.']);
    expect(splitMessage('x'.repeat(DISCORD_MESSAGE_LIMIT))).toEqual(['x'.repeat(DISCORD_MESSAGE_LIMIT)]);
  });

  it('returns no parts for empty or blank text', () => {
    expect(splitMessage('')).toEqual([]);
    expect(splitMessage(' \n\t\n ')).toEqual([]);
  });

  it('prefers paragraph breaks', () => {
    const text = 'First paragraph, one line.\nStill first.\n\nSecond paragraph here.\n\nThird.';
    expect(splitMessage(text, 50)).toEqual(['First paragraph, one line.\nStill first.', 'Second paragraph here.\n\nThird.']);
  });

  it('falls back to line breaks, then sentence ends, then spaces', () => {
    expect(splitMessage('line one is here\nline two is here', 20)).toEqual(['line one is here', 'line two is here']);
    expect(splitMessage('One two. Three four. Five six.', 22)).toEqual(['One two. Three four.', 'Five six.']);
    expect(splitMessage('Is it? Yes! Done.', 12)).toEqual(['Is it? Yes!', 'Done.']);
    expect(splitMessage('alpha beta gamma delta', 12)).toEqual(['alpha beta', 'gamma delta']);
  });

  it('keeps closing quotes and emphasis with the sentence they end', () => {
    expect(splitMessage('He said "stop." Then **it ended.** More words follow', 34)).toEqual([
      'He said "stop." Then **it ended.**',
      'More words follow',
    ]);
  });

  it('does not make a tiny part of a short first paragraph when a later break fills more', () => {
    const text = `Hi.\n\n${'word '.repeat(30).trim()}`;
    const parts = splitMessage(text, 60);
    expect(parts[0]?.startsWith('Hi.\n\nword')).toBe(true);
    expectWellFormed(text, parts, 60);
  });

  it('hard-cuts only a single word longer than the limit', () => {
    expect(splitMessage('a'.repeat(25), 10)).toEqual(['a'.repeat(10), 'a'.repeat(10), 'a'.repeat(5)]);
    expect(splitMessage(`hi ${'x'.repeat(25)} bye`, 10)).toEqual(['hi', 'x'.repeat(10), 'x'.repeat(10), 'xxxxx bye']);
  });

  it('never cuts an emoji in half when hard-cutting', () => {
    const text = '😀'.repeat(10);
    const parts = splitMessage(text, 5);
    expect(parts.join('')).toBe(text);
    for (const part of parts) expect([...part].every((char) => char === '😀')).toBe(true);
  });

  it('keeps the indentation of the line a part starts with', () => {
    expect(splitMessage('intro line\n    indented code', 20)).toEqual(['intro line', '    indented code']);
  });

  it('treats CRLF as a line break and never breaks at a no-break space', () => {
    expect(splitMessage('one two\r\nthree four', 10)).toEqual(['one two', 'three four']);
    expect(splitMessage('10\u00a0October 2015', 11)).toEqual(['10\u00a0October', '2015']);
  });

  it('gives the first part its own, smaller budget', () => {
    const text = 'word '.repeat(100).trim();
    const parts = splitMessage(text, 50, { firstLimit: 20 });
    expect(parts[0]?.length).toBeLessThanOrEqual(20);
    expect(parts.slice(1).some((part) => part.length > 20)).toBe(true);
    expectWellFormed(text, parts, 50, 20);
  });

  it('rejects a limit that is not a positive whole number', () => {
    expect(() => splitMessage('text', 0)).toThrow(RangeError);
    expect(() => splitMessage('text', 2.5)).toThrow(RangeError);
    expect(() => splitMessage('text', 10, { firstLimit: -1 })).toThrow(RangeError);
  });

  describe('the five longest Parlio answers', () => {
    const longest = [...parlio.questions]
      .map((entry) => entry.answer)
      .sort((a, b) => b.length - a.length)
      .slice(0, 5);

    it('each fit one Discord message whole', () => {
      for (const answer of longest) expect(splitMessage(answer)).toEqual([answer.trim()]);
    });

    it.each([100, 200, 300])('split well at a limit of %i, shorter than some sentences', (limit) => {
      for (const answer of longest) expectWellFormed(answer, splitMessage(answer, limit), limit);
    });

    // Their longest sentence is 340 characters, so from 500 on there is always a sentence end
    // in the last three quarters of a part.
    it.each([500, 700, 1000])('split at a limit of %i only at paragraph or sentence ends', (limit) => {
      for (const answer of longest) {
        const parts = splitMessage(answer, limit);
        expect(parts.length).toBeGreaterThan(1);
        expectWellFormed(answer, parts, limit);
        for (const part of parts.slice(0, -1)) {
          const end = answer.indexOf(part) + part.length;
          const endsParagraph = answer.startsWith('\n\n', end);
          const endsSentence = /[.!?…]["'”’)]*$/.test(part);
          expect(endsParagraph || endsSentence, `part ending "…${part.slice(-30)}"`).toBe(true);
        }
      }
    });
  });

  describe('on random text (seeded)', () => {
    const separators = [' ', ' ', ' ', ' ', '  ', '\t', '\n', '\n\n', '\n \n', '. ', '! ', '? ', '.\n', '\n\n\n'];
    const wordChars = 'abcdefghijklmnopqrstuvwxyz0123456789*_~|`@<>#&é';

    function randomWord(random: () => number): string {
      const roll = random();
      if (roll < 0.03) return 'L'.repeat(randomInt(random, 30, 120));
      if (roll < 0.06) return '😀'.repeat(randomInt(random, 1, 40));
      if (roll < 0.08) return `no\u00a0break`;
      let word = '';
      for (let i = randomInt(random, 1, 12); i > 0; i--) word += pick(random, [...wordChars]);
      return word;
    }

    function randomText(random: () => number): string {
      let text = random() < 0.2 ? pick(random, separators) : '';
      for (let i = randomInt(random, 0, 400); i > 0; i--) text += randomWord(random) + pick(random, separators);
      return text;
    }

    it('hold every invariant across 400 texts and limits', () => {
      for (let seed = 1; seed <= 400; seed++) {
        const random = seededRandom(seed);
        const text = randomText(random);
        const limit = randomInt(random, 2, 300);
        const firstLimit = random() < 0.3 ? randomInt(random, 2, limit) : limit;
        const parts = splitMessage(text, limit, { firstLimit });
        expectWellFormed(text, parts, limit, firstLimit);
      }
    });

    it('end every part at a paragraph break when paragraphs are short', () => {
      for (let seed = 1; seed <= 150; seed++) {
        const random = seededRandom(seed * 7919);
        const limit = randomInt(random, 40, 400);
        const paragraphs = Array.from({ length: randomInt(random, 1, 40) }, () => {
          let paragraph = randomWord(random).slice(0, 10);
          while (paragraph.length < limit / 2 - 12 && random() < 0.8) paragraph += ' ' + randomWord(random).slice(0, 10);
          return paragraph;
        });
        const parts = splitMessage(paragraphs.join('\n\n'), limit);
        expect(parts.flatMap((part) => part.split('\n\n'))).toEqual(paragraphs);
      }
    });
  });
});
