import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DUPLICATE_THRESHOLD,
  FINGERPRINT_MAX_TOKENS,
  FINGERPRINT_SEPARATOR,
  fingerprint,
  isDuplicate,
  similarity,
} from '../../storage/question-fingerprint.js';

interface ParaphrasePair {
  a: string;
  b: string;
  duplicate: boolean;
  note: string;
}

const pairs = JSON.parse(
  readFileSync(new URL('../fixtures/question-paraphrases.json', import.meta.url), 'utf8'),
) as ParaphrasePair[];

/** 0.20, 0.25 … 0.90, rounded so that each is the same double as its literal. */
const THRESHOLDS = Array.from({ length: 15 }, (_, step) => Math.round((0.2 + 0.05 * step) * 100) / 100);

interface Score {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  falseDuplicates: number;
  missed: number;
}

function score(similarities: readonly number[], threshold: number): Score {
  let truePositives = 0;
  let falseDuplicates = 0;
  let missed = 0;
  similarities.forEach((value, index) => {
    const predicted = value >= threshold;
    const actual = pairs[index]!.duplicate;
    if (predicted && actual) truePositives += 1;
    else if (predicted) falseDuplicates += 1;
    else if (actual) missed += 1;
  });
  const predicted = truePositives + falseDuplicates;
  const precision = predicted === 0 ? 1 : truePositives / predicted;
  const recall = truePositives / (truePositives + missed);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { threshold, precision, recall, f1, falseDuplicates, missed };
}

describe('fingerprint', () => {
  it('ignores case, punctuation, markdown and the framing of a question', () => {
    expect(fingerprint('**Why** did _Amnesty_ change its ~~stance~~ position on `sex work`?!')).toEqual(
      fingerprint('why did amnesty change its stance position on sex work'),
    );
    expect(fingerprint('Thank you so much! Do you think video games can be art?')).toEqual(
      fingerprint('Video games: art?'),
    );
  });

  it('ignores Discord mentions, channel links, custom emoji, timestamps and URLs', () => {
    const plain = fingerprint('How do you measure the impact of a campaign?');
    expect(
      fingerprint(
        '<@300000000000000001> <@!300000000000000002> <@&300000000000000003> in <#200000000000000001> ' +
          'how do you measure the impact <:thinking_face:123456789012345678> <a:party:223456789012345678> ' +
          'of a campaign </ask:323456789012345678> <t:1700000000:R>? ' +
          'https://example.org/campaign?id=7 www.example.org',
      ),
    ).toEqual(plain);
  });

  it('takes words that name Object.prototype properties as plain words', () => {
    expect(fingerprint('What is a constructor in Java?')).toEqual(['constructor', 'java']);
    expect(fingerprint('Does hasownproperty or __proto__ matter here?')).toEqual(['hasownproperti', 'matter', 'proto']);
  });

  it('gives the same fingerprint when its words were seen before (they are remembered)', () => {
    const text = 'Could the colour of organised analyses change, and what about AI devs?';
    const first = fingerprint(text);
    expect(fingerprint(text)).toEqual(first);
    expect(first).toEqual(['analyz', 'artifici', 'chang', 'color', 'develop', 'intellig', 'organ']);
  });

  it('ignores zero-width characters and folds compatibility forms (NFKC)', () => {
    expect(fingerprint('How do you\u200b pick\u200c which ga\u200dmes to st\uFEFFream?')).toEqual(
      fingerprint('How do you pick which games to stream?'),
    );
    expect(fingerprint('ＷＨＡＴ is ﬁnance?')).toEqual(['financ']);
  });

  it('stems words so inflections meet', () => {
    expect(fingerprint('campaigning for activists')).toEqual(fingerprint('the campaign of an activist'));
    expect(fingerprint('investigating abuses')).toEqual(['abus', 'investig']);
  });

  it('evens out British and American spellings and chat abbreviations', () => {
    expect(fingerprint('favourite organisation, criticised')).toEqual(
      fingerprint('favorite organization, criticized'),
    );
    expect(fingerprint('crypto for devs')).toEqual(fingerprint('cryptocurrency for developers'));
  });

  it('keeps negation, which changes the ask, and numbers', () => {
    expect(fingerprint("Why doesn't Amnesty take money?")).toEqual(['amnesti', 'monei', 'not', 'take']);
    expect(fingerprint('Is Rust worth learning in 2025?')).toEqual(['2025', 'learn', 'rust', 'worth']);
  });

  it('drops stopwords and one-letter words', () => {
    expect(fingerprint('What are you and I and u going to do about it?')).toEqual(['go']);
    expect(fingerprint('')).toEqual([]);
    expect(fingerprint('?! … <@1>')).toEqual([]);
  });

  it('keeps letters of every script, with their combining marks', () => {
    expect(fingerprint('Ποια είναι η γνώμη σας; नमस्ते दुनिया')).toEqual(
      expect.arrayContaining(['नमस्ते', 'दुनिया', 'γνώμη']),
    );
  });

  it('is sorted, distinct, free of the separator, and capped at the latest tokens', () => {
    const words = Array.from({ length: 60 }, (_, index) => `topic${String(index).padStart(2, '0')}`);
    const tokens = fingerprint(`${words.join(' ')} topic00`);
    expect(tokens).toHaveLength(FINGERPRINT_MAX_TOKENS);
    expect(tokens).toEqual([...tokens].sort());
    expect(new Set(tokens).size).toBe(tokens.length);
    // the 40 latest distinct words: topic00 (repeated at the end) and topic21…topic59
    expect(tokens[0]).toBe('topic00');
    expect(tokens[1]).toBe('topic21');
    for (const pair of pairs) {
      for (const token of [...fingerprint(pair.a), ...fingerprint(pair.b)]) {
        expect(token).not.toContain(FINGERPRINT_SEPARATOR);
        expect(token).not.toBe('');
      }
    }
  });
});

describe('similarity', () => {
  it('is symmetric and within [0, 1)', () => {
    for (const pair of pairs) {
      const a = fingerprint(pair.a);
      const b = fingerprint(pair.b);
      const value = similarity(a, b);
      expect(similarity(b, a)).toBe(value);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it('lets a short question match a long one that contains it', () => {
    const long = fingerprint(pairs[0]!.a);
    const short = long.slice(0, 4);
    expect(isDuplicate(short, long)).toBe(true);
  });

  it('never calls a one-word question a duplicate, and two words only when both are shared', () => {
    expect(similarity(['crypto'], ['crypto'])).toBeCloseTo(0.4, 12);
    expect(isDuplicate(['crypto'], ['crypto'])).toBe(false);
    expect(isDuplicate(['dark', 'matter'], ['dark', 'matter'])).toBe(true);
    expect(isDuplicate(['dark', 'matter'], ['dark', 'energi'])).toBe(false);
    expect(similarity([], [])).toBe(0);
    expect(similarity([], ['anyth'])).toBe(0);
  });

  it('counts what the longer question adds against it', () => {
    const favourite = fingerprint("What's your favourite programming language?");
    const least = fingerprint("What's your least favourite programming language?");
    const same = fingerprint('What is your favorite programming language?');
    expect(similarity(favourite, same)).toBeGreaterThan(similarity(favourite, least));
  });

  it('tells apart questions that share their topic but not their ask', () => {
    const started = fingerprint('How did you start at Amnesty?');
    expect(isDuplicate(started, fingerprint('Why did you leave Amnesty?'))).toBe(false);
    expect(isDuplicate(started, fingerprint('how did you start at amnesty??'))).toBe(true);
    const rust = fingerprint('Is it worth learning Rust in 2025?');
    expect(isDuplicate(rust, fingerprint('Is Rust worth learning in 2025?'))).toBe(true);
    expect(isDuplicate(rust, fingerprint('Is it worth learning Go in 2025?'))).toBe(false);
  });

  it('misses rewordings that share no content word (a known limit of a word measure)', () => {
    const routine = fingerprint("What's your daily routine like?");
    expect(isDuplicate(routine, fingerprint('What does a typical day look like for you?'))).toBe(false);
  });
});

describe('the paraphrase dataset', () => {
  it('has at least 60 duplicate and 60 hard non-duplicate pairs, each with a note', () => {
    expect(pairs.filter((pair) => pair.duplicate).length).toBeGreaterThanOrEqual(60);
    expect(pairs.filter((pair) => !pair.duplicate).length).toBeGreaterThanOrEqual(60);
    for (const pair of pairs) {
      expect(pair.a.trim()).not.toBe('');
      expect(pair.b.trim()).not.toBe('');
      expect(pair.a).not.toBe(pair.b);
      expect(pair.note.trim()).not.toBe('');
    }
  });

  it('makes DUPLICATE_THRESHOLD the F1-maximising threshold, at precision ≥ 0.9, recall ≥ 0.7', () => {
    const similarities = pairs.map((pair) => similarity(fingerprint(pair.a), fingerprint(pair.b)));
    const scores = THRESHOLDS.map((threshold) => score(similarities, threshold));

    console.log(
      [
        'threshold  precision  recall  F1     false-dup  missed',
        ...scores.map(
          (row) =>
            `${row.threshold.toFixed(2)}       ${row.precision.toFixed(3)}      ` +
            `${row.recall.toFixed(3)}   ${row.f1.toFixed(3)}  ` +
            `${String(row.falseDuplicates).padStart(9)}  ${String(row.missed).padStart(6)}`,
        ),
      ].join('\n'),
    );

    // ties go to the higher threshold: a false duplicate holds back a member's question
    const best = scores.reduce((chosen, row) => (row.f1 >= chosen.f1 ? row : chosen));
    expect(DUPLICATE_THRESHOLD).toBe(best.threshold);
    expect(best.precision).toBeGreaterThanOrEqual(0.9);
    expect(best.recall).toBeGreaterThanOrEqual(0.7);
  });
});
