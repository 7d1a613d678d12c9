import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { guildKeys, queueMember, sessionKeys } from '../../storage/keys.js';
import { DEFAULT_LIMITS } from '../../storage/model.js';
import { DUPLICATE_THRESHOLD, fingerprint, FINGERPRINT_SEPARATOR, similarity } from '../../storage/question-fingerprint.js';
import { characterCount, QuestionStore, type AskInput } from '../../storage/question-store.js';
import { SessionStore } from '../../storage/session-store.js';
import { deleteKeys, testRedis, uniquePrefix } from '../support/redis.js';
import { sessionInput } from '../support/sessions.js';

// The ask script's two performance paths keep its behaviour: the duplicate scan counts shared
// tokens before comparing a candidate exactly, and the script records the interaction's delivery
// itself (the router no longer checks /ask first).

const redis = testRedis();
const GUILD = '100000000000000001';
const CHANNEL = '200000000000000001';
const T0 = Date.UTC(2026, 0, 10, 18, 0);

let prefix: string;
let sessions: SessionStore;
let questions: QuestionStore;
let counter = 0;

beforeEach(() => {
  prefix = uniquePrefix('askpaths');
  sessions = new SessionStore(redis, prefix);
  questions = new QuestionStore(redis, prefix);
  return () => deleteKeys(redis, prefix);
});

afterAll(async () => {
  await redis.quit();
});

async function openSession(): Promise<number> {
  const session = await sessions.create(
    sessionInput({
      guildId: GUILD,
      channelId: CHANNEL,
      title: 'Paths',
      host: { id: '300000000000000001', name: 'Host', title: null },
      limits: { ...DEFAULT_LIMITS, cooldownSeconds: 0, maxPending: 50 },
      startsAt: T0,
      endsAt: T0 + 3_600_000,
      createdBy: '1',
      createdAt: T0 - 1,
    }),
  );
  await sessions.open(GUILD, session.id, T0, 'due');
  return session.id;
}

function ask(text: string, overrides: Partial<AskInput> = {}) {
  counter += 1;
  return questions.ask({
    guildId: GUILD,
    interactionId: `7${String(counter).padStart(17, '0')}`,
    channelId: CHANNEL,
    parentChannelId: null,
    sessionId: null,
    asker: { id: `5${String(counter).padStart(17, '0')}`, name: `Member ${counter}` },
    text,
    anonymous: false,
    now: T0 + 60_000,
    ...overrides,
  });
}

/** The scan as it was written before: every one of the 500 best-ranked candidates, in order. */
function referenceMatch(mine: readonly string[], ranked: readonly { number: number; tokens: string[] }[]) {
  let best = 0;
  let bestNumber: number | null = null;
  for (const candidate of ranked.slice(0, 500)) {
    const score = similarity(mine, candidate.tokens);
    if (score > best) [best, bestNumber] = [score, candidate.number];
  }
  return bestNumber !== null && best >= DUPLICATE_THRESHOLD ? { number: bestNumber, similarity: best } : null;
}

/** A deterministic generator, so a failure can be replayed. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

describe('the duplicate scan', () => {
  it('finds the same best match as comparing every candidate, over queues of every size, ties and all', async () => {
    // Few words, so candidates overlap a lot; some queues are longer than the 500 compared.
    const words = Array.from({ length: 24 }, (_, i) => `zq${String.fromCharCode(97 + i)}word`);
    const random = randomFrom(42);
    const pick = (n: number) => Array.from({ length: n }, () => words[Math.floor(random() * words.length)]!).join(' ');
    let refused = 0;
    for (let trial = 0; trial < 40; trial++) {
      const sessionId = await openSession();
      const keys = sessionKeys(prefix, GUILD, sessionId);
      const size = trial % 8 === 0 ? 520 + Math.floor(random() * 60) : Math.floor(random() * 60);
      const ranked: { number: number; tokens: string[]; votes: number }[] = [];
      for (let n = 1; n <= size; n++) {
        // Some candidates are written twice over, so that equal similarities tie.
        const tokens = fingerprint(n % 5 === 0 && n > 1 ? pick(3) : pick(2 + Math.floor(random() * 8)));
        ranked.push({ number: n, tokens, votes: Math.floor(random() * 3) });
      }
      const pipeline = redis.pipeline();
      for (const q of ranked) {
        pipeline.zadd(keys.pending, -q.votes, queueMember(q.number));
        if (q.tokens.length > 0) pipeline.hset(keys.fingerprints, q.number, q.tokens.join(FINGERPRINT_SEPARATOR));
      }
      pipeline.hset(keys.session, 'questionCount', size);
      await pipeline.exec();
      ranked.sort((a, b) => b.votes - a.votes || a.number - b.number);

      const text = `${pick(2 + Math.floor(random() * 6))} ${trial}`;
      const expected = referenceMatch(fingerprint(text), ranked);
      const result = await ask(text, { sessionId });
      if (expected) {
        refused += 1;
        // (cjson writes numbers with 14 significant digits)
        expect(result).toEqual({ ok: false, reason: 'duplicate', sessionId, number: expected.number, similarity: expect.closeTo(expected.similarity, 12), open: [] });
      } else {
        expect(result, JSON.stringify(result)).toMatchObject({ ok: true, number: size + 1 });
      }
    }
    // The trials exercise both outcomes.
    expect(refused).toBeGreaterThan(5);
    expect(refused).toBeLessThan(40);
  });
});

describe('the duplicate index', () => {
  it('picks the best-ranked of equally similar questions, and none beyond the 500th', async () => {
    for (let trial = 0; trial < 6; trial++) {
      const sessionId = await openSession();
      const keys = sessionKeys(prefix, GUILD, sessionId);
      const same = fingerprint(`zzalpha zzbravo zzcharlie zzdelta zzecho ${trial}`).join(FINGERPRINT_SEPARATOR);
      const pipeline = redis.pipeline();
      // 520 questions: 501…505 (beyond the 500 compared) are copies of the one asked next, and
      // so are five within the 500, ranked by votes in an order unlike their numbers.
      const votes = new Map<number, number>([[101, 3], [102, 9], [103, 5], [104, 9], [105, 1]]);
      for (let n = 1; n <= 520; n++) {
        const copy = votes.has(n) || n > 515;
        pipeline.zadd(keys.pending, -(votes.get(n) ?? 0), queueMember(n));
        pipeline.hset(keys.fingerprints, n, copy ? same : `zzother${n} zzmore${n} zzwords${n}`);
      }
      await pipeline.exec();
      const result = await ask(`zzalpha zzbravo zzcharlie zzdelta zzecho ${trial}`, { sessionId });
      // 102 and 104 both have 9 votes; 102 ranks first (oldest among equals).
      expect(result).toMatchObject({ ok: false, reason: 'duplicate', number: 102 });
      // Voting 104 past 102, then a copy of 102's rank-mates moving: the index follows.
      await redis.zadd(keys.pending, -10, queueMember(104));
      expect(await ask(`zzalpha zzbravo zzcharlie zzdelta zzecho ${trial}`, { sessionId })).toMatchObject({ number: 104 });
      // Out of the 500 (all five pushed below 515 questions with more votes): no longer compared.
      const lift = redis.pipeline();
      for (let n = 1; n <= 515; n++) if (!votes.has(n)) lift.zadd(keys.pending, -20, queueMember(n));
      // Written straight to the queue, so marked stale here as the vote script marks it when a
      // question crosses the 500th place (the index is not re-read from the queue otherwise).
      lift.hdel(`${keys.base}:dup-index`, 'fresh');
      await lift.exec();
      expect(await ask(`zzalpha zzbravo zzcharlie zzdelta zzecho ${trial}`, { sessionId })).toMatchObject({ ok: true });
    }
  });

  /** What the scan over the 500 best-ranked questions finds, read from Redis as it is now. */
  async function expectedFor(sessionId: number, text: string) {
    const keys = sessionKeys(prefix, GUILD, sessionId);
    const numbers = (await redis.zrange(keys.pending, 0, 499)).map(Number);
    const prints = numbers.length > 0 ? await redis.hmget(keys.fingerprints, ...numbers.map(String)) : [];
    const ranked = numbers.flatMap((number, i) => (prints[i] ? [{ number, tokens: prints[i]!.split(FINGERPRINT_SEPARATOR) }] : []));
    return referenceMatch(fingerprint(text), ranked);
  }

  /**
   * While the index says it is fresh, it holds exactly the 500 best-ranked waiting questions
   * (whatever their order), their fingerprints, and each token's posting of them.
   */
  async function expectIndexInLine(sessionId: number, step: number) {
    const keys = sessionKeys(prefix, GUILD, sessionId);
    const index = await redis.hgetall(`${keys.base}:dup-index`);
    if (index.fresh !== '1') return false;
    const top = (await redis.zrange(keys.pending, 0, 499)).map(Number);
    const prints = top.length > 0 ? await redis.hmget(keys.fingerprints, ...top.map(String)) : [];
    const sorted = (numbers: Iterable<number>) => [...numbers].sort((a, b) => a - b);
    expect(sorted((index.list ?? '').split(' ').filter(Boolean).map(Number)), `step ${step}: members`).toEqual(sorted(top));
    const postings = new Map<string, number[]>();
    const copies: Record<string, string> = {};
    top.forEach((number, i) => {
      if (!prints[i]) return;
      copies[`f:${number}`] = prints[i]!;
      for (const token of prints[i]!.split(FINGERPRINT_SEPARATOR)) postings.set(token, [...(postings.get(token) ?? []), number]);
    });
    const actualCopies = Object.fromEntries(Object.entries(index).filter(([field]) => field.startsWith('f:')));
    expect(actualCopies, `step ${step}: fingerprints`).toEqual(copies);
    const actualPostings = Object.fromEntries(
      Object.entries(index)
        .filter(([field]) => field.startsWith('t:'))
        .map(([field, posting]) => [field.slice(2), sorted(posting.trim().split(' ').map(Number))]),
    );
    expect(actualPostings, `step ${step}: postings`).toEqual(Object.fromEntries([...postings].map(([token, numbers]) => [token, sorted(numbers)])));
    return true;
  }

  it('is read from the queue again only when a script marks it stale', async () => {
    const sessionId = await openSession();
    const keys = sessionKeys(prefix, GUILD, sessionId);
    const fresh = async () => (await redis.hget(`${keys.base}:dup-index`, 'fresh')) === '1';
    const first = await ask('How do glaciers carve fjords over many centuries?', { sessionId });
    expect(first).toMatchObject({ ok: true, number: 1 });
    expect(await fresh()).toBe(true);
    // Asked while fewer than 500 wait: taken into the index by the ask itself.
    for (let i = 0; i < 3; i++) await ask(`Which telescopes map quasar${i} emissions nebula${i}?`, { sessionId });
    expect(await fresh()).toBe(true);
    expect(await expectIndexInLine(sessionId, 0)).toBe(true);
    // A vote that keeps everyone among the 500 changes nothing the index holds.
    await questions.vote(GUILD, sessionId, 3, '600000000000000001', T0 + 60_000, 'toggle');
    expect(await fresh()).toBe(true);
    // An answer takes a question out of the 500: stale until the next question.
    await questions.answer({ guildId: GUILD, sessionId, number: 3, host: { id: '300000000000000001', name: 'Host', title: null }, text: 'Answered.', now: T0 + 60_000, interactionId: '800000000000000001' });
    expect(await fresh()).toBe(false);
    expect(await ask('How do glaciers carve fjords over so many centuries?', { sessionId })).toMatchObject({ ok: false, reason: 'duplicate', number: 1 });
    expect(await fresh()).toBe(true);
    expect(await expectIndexInLine(sessionId, 1)).toBe(true);
    // Beyond the 500th place, a new question leaves the index as it is.
    const pipeline = redis.pipeline();
    for (let n = 100; n < 620; n++) {
      pipeline.zadd(keys.pending, 0, queueMember(n));
      pipeline.hset(keys.fingerprints, n, `vqfill${n} vqmore${n}`);
    }
    pipeline.hset(keys.session, 'questionCount', 620);
    pipeline.hdel(`${keys.base}:dup-index`, 'fresh'); // written straight to the queue
    await pipeline.exec();
    expect(await ask('Which minerals colour the opal seams of Coober Pedy?', { sessionId })).toMatchObject({ ok: true, number: 621 });
    const listBefore = await redis.hget(`${keys.base}:dup-index`, 'list');
    expect(await ask('Why do octopus arms taste what they touch?', { sessionId })).toMatchObject({ ok: true, number: 622 });
    expect(await redis.hget(`${keys.base}:dup-index`, 'list')).toBe(listBefore);
    expect(await expectIndexInLine(sessionId, 2)).toBe(true);
    // A vote lifting question 622 among the 500 marks it stale.
    await questions.vote(GUILD, sessionId, 622, '600000000000000002', T0 + 60_000, 'toggle');
    expect(await fresh()).toBe(false);
  });

  it('follows the queue through votes, answers, withdrawals, hiding, approvals and its own expiry', async () => {
    const sessionId = await openSession();
    const keys = sessionKeys(prefix, GUILD, sessionId);
    await redis.hset(keys.session, 'moderated', '0');
    const random = randomFrom(7);
    const words = Array.from({ length: 300 }, (_, i) => `vq${i.toString(36)}x`);
    const texts: string[] = [];
    const asked: { number: number; askerId: string }[] = [];
    const fresh = () => Array.from({ length: 5 + Math.floor(random() * 6) }, () => words[Math.floor(random() * words.length)]!).join(' ');
    // Near copies of waiting questions: some words dropped or swapped, so similarity varies.
    const near = () => {
      const base = texts[Math.floor(random() * texts.length)]!.split(' ');
      return base.filter(() => random() > 0.2).map((word) => (random() < 0.15 ? words[Math.floor(random() * words.length)]! : word)).join(' ') + ' vqzz';
    };
    let duplicates = 0;
    let indexGone = false;
    let checked = 0;
    for (let step = 0; step < 1_400; step++) {
      const pending = await redis.zrange(keys.pending, 0, -1);
      // Mostly asking until the queue outgrows the 500 compared, then everything in turn.
      const roll = pending.length < 560 && random() < 0.6 ? 0 : random();
      const somePending = () => Number(pending[Math.floor(random() * pending.length)]);
      if (roll < 0.55 || pending.length < 5) {
        const text = texts.length > 20 && random() < 0.4 ? near() : fresh();
        const expected = await expectedFor(sessionId, text);
        const result = await ask(text, { sessionId });
        if (expected) {
          duplicates += 1;
          expect(result, `step ${step}`).toEqual({ ok: false, reason: 'duplicate', sessionId, number: expected.number, similarity: expect.closeTo(expected.similarity, 12), open: [] });
        } else {
          expect(result, `step ${step}: ${JSON.stringify(result)}`).toMatchObject({ ok: true, duplicate: false });
          if (result.ok) {
            texts.push(text);
            asked[result.number] = { number: result.number, askerId: `5${String(counter).padStart(17, '0')}` };
          }
        }
      } else if (roll < 0.8) {
        // Votes reorder the queue and move questions across the 500th place.
        const n = somePending();
        for (let v = 0; v < 1 + Math.floor(random() * 4); v++) {
          await questions.vote(GUILD, sessionId, n, `6${String(Math.floor(random() * 50)).padStart(17, '0')}`, T0 + 60_000, 'toggle');
        }
      } else if (roll < 0.87) {
        const n = somePending();
        await questions.answer({ guildId: GUILD, sessionId, number: n, host: { id: '300000000000000001', name: 'Host', title: null }, text: 'Answered.', now: T0 + 60_000, interactionId: `8${String(step).padStart(17, '0')}` });
      } else if (roll < 0.93) {
        const n = somePending();
        await questions.moderate(GUILD, sessionId, n, random() < 0.5 ? 'hide' : 'withdraw', asked[n]?.askerId ?? '1', T0 + 60_000);
      } else if (roll < 0.98) {
        // Into review and back: a moderated spell, then an approval puts the question back in line.
        await redis.hset(keys.session, 'moderated', '1');
        const text = fresh();
        const inReview = await ask(text, { sessionId });
        await redis.hset(keys.session, 'moderated', '0');
        if (inReview.ok && inReview.status === 'review') {
          texts.push(text);
          await questions.moderate(GUILD, sessionId, inReview.number, 'approve', '1', T0 + 60_000);
        }
      } else {
        await redis.del(`${keys.base}:dup-index`);
        indexGone = true;
      }
      if (step % 25 === 0 && (await expectIndexInLine(sessionId, step))) checked += 1;
    }
    expect(checked).toBeGreaterThan(20);
    expect(duplicates).toBeGreaterThan(50);
    expect(indexGone).toBe(true);
    // Enough questions that the queue outgrew the 500 compared.
    expect(await redis.zcard(keys.pending)).toBeGreaterThan(500);
  }, 120_000);
});

describe('recording deliveries', () => {
  it('marks a copy of a refused interaction, and stores nothing for it', async () => {
    const first = await ask('Nobody is hosting anything here yet?', { interactionId: '700000000000000999' });
    expect(first).toMatchObject({ ok: false, reason: 'no-session-here' });
    expect(first).not.toHaveProperty('repeated');
    const sessionId = await openSession();
    const copy = await ask('Nobody is hosting anything here yet?', { interactionId: '700000000000000999' });
    expect(copy).toMatchObject({ ok: false, reason: 'repeated-delivery', sessionId, repeated: true });
    expect(await questions.pendingCount(GUILD, sessionId)).toBe(0);
  });

  it('marks a copy of a stored question with its number', async () => {
    const sessionId = await openSession();
    const first = await ask('What does a stored question look like?', { interactionId: '700000000000000998' });
    expect(first).toEqual({ ok: true, sessionId, channelId: CHANNEL, number: 1, status: 'pending', duplicate: false });
    const copy = await ask('What does a stored question look like?', { interactionId: '700000000000000998' });
    expect(copy).toEqual({ ok: true, sessionId, channelId: CHANNEL, number: 1, status: 'pending', duplicate: true, repeated: true });
  });

  it('shares the record with firstDelivery, used when /ask is refused before the script', async () => {
    const sessionId = await openSession();
    expect(await questions.firstDelivery(GUILD, '700000000000000997')).toBe(true);
    expect(await questions.firstDelivery(GUILD, '700000000000000997')).toBe(false);
    expect(await ask('Asked with an interaction already seen?', { interactionId: '700000000000000997' })).toMatchObject({ repeated: true });
    expect(await questions.pendingCount(GUILD, sessionId)).toBe(0);
    // In the guild's hash slot, forgotten after the interaction token's 15 minutes.
    const ttl = await redis.ttl(guildKeys(prefix, GUILD).interaction('700000000000000997'));
    expect(ttl).toBeGreaterThan(890);
    expect(ttl).toBeLessThanOrEqual(900);
  });
});

describe('characterCount', () => {
  it('counts code points as [...text].length does, lone surrogates included', () => {
    for (const text of ['', 'plain', 'héllo wörld', '😀', 'a😀b😀', '\ud83d', '\ude00\ud83d', 'x\ud83dy', '😀\ud83d', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'e\u0301']) {
      expect(characterCount(text), JSON.stringify(text)).toBe([...text].length);
    }
  });
});
