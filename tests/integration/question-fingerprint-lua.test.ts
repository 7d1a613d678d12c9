import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FINGERPRINT_SEPARATOR,
  SIMILARITY_LUA,
  fingerprint,
  isDuplicate,
  similarity,
} from '../../storage/question-fingerprint.js';
import { testRedis } from '../support/redis.js';

// The scripts below touch no key, so no key prefix is needed to share Redis with other suites.
const redis = testRedis();

afterAll(async () => {
  await redis.quit();
});

const pairs = JSON.parse(
  readFileSync(new URL('../fixtures/question-paraphrases.json', import.meta.url), 'utf8'),
) as { a: string; b: string; duplicate: boolean }[];

// '%.17g' prints every double so that it reads back as the same double.
const COMPARE = `${SIMILARITY_LUA}
local a, b = splitFingerprint(ARGV[1]), splitFingerprint(ARGV[2])
return { string.format('%.17g', similarity(a, b)), isDuplicate(a, b) and 1 or 0 }
`;

const SPLIT = `${SIMILARITY_LUA}
return splitFingerprint(ARGV[1])
`;

interface LuaVerdict {
  similarity: number;
  duplicate: boolean;
}

async function luaCompare(a: readonly string[], b: readonly string[]): Promise<LuaVerdict> {
  const [value, duplicate] = (await redis.eval(
    COMPARE,
    0,
    a.join(FINGERPRINT_SEPARATOR),
    b.join(FINGERPRINT_SEPARATOR),
  )) as [string, number];
  return { similarity: Number(value), duplicate: duplicate === 1 };
}

describe('SIMILARITY_LUA in Redis', () => {
  it('computes the same similarity and verdict as TypeScript for every dataset pair, both ways', async () => {
    const cases = pairs.flatMap((pair) => {
      const a = fingerprint(pair.a);
      const b = fingerprint(pair.b);
      return [
        [a, b],
        [b, a],
      ] as const;
    });
    const results = await Promise.all(cases.map(([a, b]) => luaCompare(a, b)));
    cases.forEach(([a, b], index) => {
      const expected = similarity(a, b);
      const actual = results[index]!;
      expect(Math.abs(actual.similarity - expected)).toBeLessThanOrEqual(1e-9);
      // one division of two integers on both sides: in fact the very same double
      expect(actual.similarity).toBe(expected);
      expect(actual.duplicate).toBe(isDuplicate(a, b));
    });
  });

  it('agrees on edge cases: empty, one token, identical, disjoint, repeated tokens', async () => {
    const cases: [string[], string[]][] = [
      [[], []],
      [[], ['amnesti']],
      [['crypto'], ['crypto']],
      [['dark', 'matter'], ['dark', 'matter']],
      [['dark', 'matter'], ['energi', 'galaxi']],
      [['a1', 'b2', 'c3'], ['c3', 'b2', 'a1', 'd4', 'e5', 'f6', 'g7', 'h8', 'i9', 'j10', 'k11', 'l12']],
      [['dup', 'dup', 'x'], ['dup', 'y']],
    ];
    for (const [a, b] of cases) {
      const actual = await luaCompare(a, b);
      expect(actual.similarity).toBe(similarity(a, b));
      expect(actual.duplicate).toBe(isDuplicate(a, b));
    }
  });

  it('splitFingerprint gives back the tokens that were joined', async () => {
    const fingerprints = [
      [],
      ['amnesti'],
      fingerprint(pairs[1]!.a),
      fingerprint('Ποια είναι η γνώμη σας για τα ανθρώπινα δικαιώματα; नमस्ते दुनिया 2025'),
    ];
    for (const tokens of fingerprints) {
      const split = (await redis.eval(SPLIT, 0, tokens.join(FINGERPRINT_SEPARATOR))) as string[];
      expect(split).toEqual(tokens);
    }
  });
});
