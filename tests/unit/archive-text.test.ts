import { describe, expect, it } from 'vitest';
import { formatUtcDateTime, tookPlaceSentence } from '../../archive/dates.js';
import { slugify } from '../../archive/files.js';
import { amaHeading, collapseWhitespace, countQuestions, previewText, truncateAtWord } from '../../archive/text.js';
import { pick, randomInt, seededRandom } from './support/random.js';

describe('formatUtcDateTime', () => {
  it('spells dates out in UTC', () => {
    expect(formatUtcDateTime('2015-10-02T00:00:00Z')).toBe('2 October 2015, 00:00 UTC');
    expect(formatUtcDateTime('2015-10-08T23:59:00.000Z')).toBe('8 October 2015, 23:59 UTC');
    expect(formatUtcDateTime('2024-02-29T13:05:00+02:00')).toBe('29 February 2024, 11:05 UTC');
  });

  it('rejects what is not a date', () => {
    expect(() => formatUtcDateTime('soon')).toThrow(RangeError);
  });

  it('makes the Parlio sentence', () => {
    expect(tookPlaceSentence('2015-10-02T00:00:00Z', '2015-10-08T23:59:00Z')).toBe(
      'This AMA took place between 2 October 2015, 00:00 UTC and 8 October 2015, 23:59 UTC.',
    );
  });
});

describe('text helpers', () => {
  it('heads every output the same way', () => {
    expect(amaHeading('Salil Shetty', ' Human rights ')).toBe('AMA with Salil Shetty — Human rights');
    expect(amaHeading('Salil Shetty', '')).toBe('AMA with Salil Shetty');
  });

  it('counts questions', () => {
    expect(countQuestions(0)).toBe('0 questions');
    expect(countQuestions(1)).toBe('1 question');
    expect(countQuestions(15)).toBe('15 questions');
  });

  it('truncates at a word with an ellipsis, within the length', () => {
    expect(truncateAtWord('short', 10)).toBe('short');
    expect(truncateAtWord('one two three four', 12)).toBe('one two…');
    expect(truncateAtWord('abcdefghijklmnop', 8)).toBe('abcdefg…');
    expect(truncateAtWord('😀😀😀😀', 4)).toBe('😀…');
    expect(truncateAtWord('abc', 1)).toBe('…');
    for (let max = 1; max < 40; max++) expect(truncateAtWord('lorem ipsum dolor sit amet consectetur', max).length).toBeLessThanOrEqual(max);
  });

  it('previews Markdown as one plain line', () => {
    expect(previewText('## Title\n> **bold** [link](https://x.example) ~~old~~ `code`', 100)).toBe('Title bold link old code');
    expect(previewText('word '.repeat(50), 20)).toBe('word word word word…');
  });
});

describe('slugify', () => {
  it('makes a safe file name part from any title', () => {
    expect(slugify('Secretary General of Amnesty International')).toBe('secretary-general-of-amnesty-international');
    expect(slugify('Parlio Q&A: Élan, naïveté — 2015!')).toBe('parlio-q-a-elan-naivete-2015');
    expect(slugify('../../etc/passwd')).toBe('etc-passwd');
    expect(slugify('日本語')).toBe('session');
    expect(slugify('')).toBe('session');
    const long = slugify('word '.repeat(40));
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});

describe('collapseWhitespace', () => {
  it('makes every run of whitespace one space, trimmed', () => {
    expect(collapseWhitespace('  a \n\t b\u00a0c\u2028d  e ')).toBe('a b c d e');
    expect(collapseWhitespace('single spaces stay')).toBe('single spaces stay');
  });

  it('does what replacing every run with a space does, on random text', () => {
    const random = seededRandom(7);
    const pieces = [' ', '  ', '\n', '\r\n', '\t', '\u00a0', '\u2028', '\u3000', '\ufeff', 'a', 'bc', '·'];
    for (let index = 0; index < 5000; index++) {
      let text = '';
      for (let count = randomInt(random, 0, 12); count > 0; count--) text += pick(random, pieces);
      expect(collapseWhitespace(text)).toBe(text.replace(/\s+/g, ' ').trim());
    }
  });
});
