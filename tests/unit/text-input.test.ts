import { describe, expect, it } from 'vitest';
import { cleanLine, cleanText } from '../../commands/text-input.js';

describe('cleanText', () => {
  it('keeps line breaks, normalises CRLF, drops control characters and trims', () => {
    expect(cleanText('  Line one\r\nLine\u0007 two \n', { label: 'Q', max: 100 })).toBe('Line one\nLine two');
  });

  it('counts length after cleaning and names the field in refusals', () => {
    expect(() => cleanText('short', { label: 'Your question', min: 10, max: 1500 })).toThrow(
      'Your question is too short: 5 characters, at least 10 needed.',
    );
    expect(() => cleanText('x'.repeat(1501), { label: 'Your question', min: 10, max: 1500 })).toThrow(/too long: 1501/);
  });

  it('treats text made only of invisible characters as empty', () => {
    expect(() => cleanText('\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B', { label: 'Your question', min: 10, max: 1500 })).toThrow(
      'Your question is empty.',
    );
  });
});

describe('cleanLine', () => {
  it('folds whitespace and line breaks into single spaces', () => {
    expect(cleanLine(' Researcher\n@  Harvard ', { label: 'Title', max: 100 })).toBe('Researcher @ Harvard');
  });
});
