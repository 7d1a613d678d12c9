import { stemmer } from 'stemmer';

// Duplicate-question detection for an AMA session: a question is reduced to a fingerprint (a
// sorted set of stemmed content words), and two fingerprints are compared by `similarity`.
// The fingerprint is made here in TypeScript when a member asks; the comparison also runs inside
// the ask's Lua script (`SIMILARITY_LUA`) against the fingerprints of the questions still
// pending, so refusing a duplicate stays one atomic round trip.
//
// Measure and threshold were chosen on tests/fixtures/question-paraphrases.json (83 duplicate
// and 75 hard non-duplicate pairs); tests/unit/question-fingerprint.test.ts re-derives them.

/**
 * At most this many tokens per fingerprint: the 40 distinct tokens that occur LAST in the
 * question, since a long question usually opens with context and ends with its ask. It bounds
 * the stored size and the Lua work per pending question; 40 keeps every word of all but the
 * longest questions (the longest Parlio 2015 questions have 41 to 45 content words).
 */
export const FINGERPRINT_MAX_TOKENS = 40;

/**
 * Joins a fingerprint's tokens when it is stored in Redis; tokens never contain it. A single
 * character that is not magic in a Lua pattern, since SIMILARITY_LUA splits on it.
 */
export const FINGERPRINT_SEPARATOR = ' ';

/**
 * Questions at least this similar are duplicates. Chosen as the F1-maximising threshold over
 * 0.20, 0.25 … 0.90 on the paraphrase dataset (ties go to the higher threshold, since a false
 * duplicate holds back a member's question). Near it:
 *
 *   threshold  precision  recall  F1
 *   0.50       0.772      0.940   0.848
 *   0.55       0.902      0.892   0.897   ← chosen: 8 false duplicates, 9 missed, of 158 pairs
 *   0.60       0.900      0.759   0.824
 *   0.65       0.911      0.614   0.734
 *
 * These are in-sample figures. Choosing the measure's two weights and the threshold on one half
 * of the pairs and scoring the other half (20 random splits) gave precision 0.87, recall 0.87.
 */
export const DUPLICATE_THRESHOLD = 0.55;

// English function words, dropped before stemming. Negations (not, no, never, without) are kept:
// they change what is asked.
const FUNCTION_WORDS = `
  a about above after again against all also am an and any are as at be because been before being
  below between both but by can could did do does doing down during each few for from further get
  gets getting got had has have having he her here hers herself him himself his how i if in into
  is it its itself just let lets many may me might more most much must my myself nor of off on
  once only or other our ours ourselves out over own same shall she should so some such than that
  the their
  theirs them themselves then there these they this those through to too under until up upon us
  very was we were what when where which while who whom whose why will with would you your yours
  yourself yourselves
  u ur r ya im ive id
`;

// Words that frame a question to a guest rather than say what is asked ("do you think…",
// "thanks for doing this AMA", "what are your thoughts on…"), and filler adverbs.
const FRAMING_WORDS = `
  think thinking thought thoughts opinion opinions view views wonder wondering wondered curious
  question questions ask asking asked thank thanks thx please pls plz tell say know feel like
  really actually ever currently sometimes even still maybe perhaps personally honestly basically
  generally anything something thing things way ways hi hello hey dear ama
`;

const STOPWORDS: ReadonlySet<string> = new Set(
  `${FUNCTION_WORDS} ${FRAMING_WORDS}`.split(/\s+/).filter(Boolean),
);

// Framing phrases whose words would otherwise survive as content ("right now", "of all time").
const FRAMING_PHRASES = new RegExp(
  `\\b(?:${[
    'right now',
    'so far',
    'these days',
    'of all time',
    'in the first place',
    'in your (?:opinion|view)',
    'what do you think',
    'do you think',
    'what are your thoughts',
    "what(?: is|'s) your take",
    "if it's not too personal",
    'i was wondering',
    "i'd like to know",
    'thank you',
  ].join('|')})\\b`,
  'g',
);

// Common abbreviations in chat, written out so both spellings meet. (A Map: a plain object would
// also "find" words like "constructor" on Object.prototype.)
const ABBREVIATIONS: ReadonlyMap<string, string> = new Map(Object.entries({
  ai: 'artificial intelligence',
  app: 'application',
  apps: 'applications',
  crypto: 'cryptocurrency',
  cs: 'computer science',
  dev: 'developer',
  devs: 'developers',
  eu: 'european union',
  gov: 'government',
  govt: 'government',
  info: 'information',
  ml: 'machine learning',
  org: 'organization',
  orgs: 'organizations',
  ppl: 'people',
  tech: 'technology',
  uk: 'united kingdom',
  un: 'united nations',
  uni: 'university',
  usa: 'united states',
}));

const ZERO_WIDTH = /[\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]/g;
const URL = /\b(?:https?:\/\/|www\.)\S+/g;
// <@id> <@!id> <@&id> <#id> <:name:id> <a:name:id> <t:unix:style> </command:id>
const DISCORD_MARKUP = /<(?:@[!&]?\d+|#\d+|a?:\w+:\d+|t:-?\d+(?::\w)?|\/[\w -]+:\d+)>/g;
const APOSTROPHES = /[\u2018\u2019\u02BC]/g;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const DIGITS = /^\p{N}+$/u;

/** British spellings (-our, -ise, -yse) to American ones, so that Porter stems agree. */
function americanSpelling(word: string): string {
  return word
    .replace(/^([a-z]{3,})our(s|ed|ing|ite|ites|able|er|ers)?$/, '$1or$2')
    .replace(/^([a-z]{3,})is(e|es|ed|ing|ation|ations|er|ers)$/, '$1iz$2')
    .replace(/^([a-z]{2,})ys(e|es|ed|ing)$/, '$1yz$2');
}

/**
 * The question's content words: Unicode NFKC, lower case, zero-width characters, URLs and
 * Discord markup (mentions, channel links, custom emoji, timestamps) removed, markdown
 * punctuation dropped by splitting on everything but letters, marks and digits, contractions
 * opened (`n't` → not), framing words and function words dropped, one-letter words dropped
 * (numbers stay), British spellings and chat abbreviations evened out, then Porter-stemmed.
 * Sorted and distinct; at most FINGERPRINT_MAX_TOKENS tokens, each without spaces.
 *
 * Stopwords, contractions and stemming are English; other languages keep all their words
 * unstemmed, and scripts written without spaces (Chinese, Japanese) are not split into words.
 */
export function fingerprint(text: string): string[] {
  const normalised = text
    .normalize('NFKC')
    .replace(ZERO_WIDTH, '')
    .toLowerCase()
    .replace(URL, ' ')
    .replace(DISCORD_MARKUP, ' ')
    .replace(APOSTROPHES, "'")
    .replace(FRAMING_PHRASES, ' ')
    .replace(/\bwon't\b/g, 'will not')
    .replace(/\bcan't\b/g, 'can not')
    .replace(/n't\b/g, ' not')
    .replace(/'(?:s|re|ve|ll|d|m)\b/g, '');

  const stems: string[] = [];
  for (const word of normalised.match(WORD) ?? []) {
    for (const stem of wordStems(word)) stems.push(stem);
  }

  const kept = new Set<string>();
  for (let i = stems.length - 1; i >= 0 && kept.size < FINGERPRINT_MAX_TOKENS; i -= 1) kept.add(stems[i]!);
  return [...kept].sort();
}

/**
 * What one word of a question contributes: its stems (none for a stopword or a letter, two for
 * an abbreviation written out). The same words come back question after question, and stemming
 * them (with the spelling rewrites) was most of a fingerprint's time on every /ask, so each
 * word's result is remembered, up to WORD_CACHE_SIZE words (then forgotten all at once).
 */
function wordStems(word: string): readonly string[] {
  const known = wordCache.get(word);
  if (known !== undefined) return known;
  const stems: string[] = [];
  for (const part of (ABBREVIATIONS.get(word) ?? word).split(' ')) {
    if (STOPWORDS.has(part) || (part.length < 2 && !DIGITS.test(part))) continue;
    stems.push(stemmer(americanSpelling(part)));
  }
  if (wordCache.size >= WORD_CACHE_SIZE) wordCache.clear();
  wordCache.set(word, stems);
  return stems;
}

const WORD_CACHE_SIZE = 20_000;
const wordCache = new Map<string, readonly string[]>();

/**
 * How far the shorter question is contained in the longer one, in [0, 1):
 *
 *   shared / (|shorter| + 1.5 + (|longer| − shared) / 10)
 *
 * the overlap coefficient (shared / |shorter|), which lets a short question match a long one
 * that asks the same thing among other words, with two corrections measured on the dataset:
 * 1.5 tokens of doubt added to the shorter question, so that a one-word question is never a
 * duplicate (at most 0.40) and a two-word one only when both words are shared and the other
 * question adds at most one word (0.571, 0.556; two more words give 0.541), and each token
 * of the longer question that is not shared counting a tenth, so that "your least favourite
 * game" is further from "your favourite game" than their overlap alone says. (This is a Tversky
 * index with weights 1 and 0.1, smoothed.) On the same fingerprints, at each one's best threshold,
 * F1 was 0.795 for Jaccard and for Dice, 0.793 for cosine, 0.876 for plain overlap (precision
 * 0.86), and 0.897 for this measure.
 *
 * Computed as one division of two integers, so Lua gets exactly the same double.
 */
export function similarity(a: readonly string[], b: readonly string[]): number {
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  const unseen = new Set(shorter);
  let shared = 0;
  for (const token of longer) {
    if (unseen.delete(token)) shared += 1;
  }
  return (10 * shared) / (10 * shorter.length + 15 + (longer.length - shared));
}

/** Whether two fingerprints are the same question. */
export function isDuplicate(a: readonly string[], b: readonly string[]): boolean {
  return similarity(a, b) >= DUPLICATE_THRESHOLD;
}

/**
 * Lua 5.1 for Redis scripts, to paste into a script's body before its first use:
 * `splitFingerprint(s)` turns a stored fingerprint (tokens joined by FINGERPRINT_SEPARATOR) back
 * into an array, `similarity(a, b)` computes exactly the TypeScript `similarity` (same double),
 * and `isDuplicate(a, b)` compares it with DUPLICATE_THRESHOLD. O(|a| + |b|).
 */
export const SIMILARITY_LUA = `
local function splitFingerprint(s)
  local tokens = {}
  for token in string.gmatch(s, '[^${FINGERPRINT_SEPARATOR}]+') do tokens[#tokens + 1] = token end
  return tokens
end

local function similarity(a, b)
  local shorter, longer = a, b
  if #a > #b then shorter, longer = b, a end
  local unseen = {}
  for i = 1, #shorter do unseen[shorter[i]] = true end
  local shared = 0
  for i = 1, #longer do
    if unseen[longer[i]] then
      unseen[longer[i]] = nil
      shared = shared + 1
    end
  end
  return (10 * shared) / (10 * #shorter + 15 + (#longer - shared))
end

local function isDuplicate(a, b)
  return similarity(a, b) >= ${DUPLICATE_THRESHOLD}
end
`;
