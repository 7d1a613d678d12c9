import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { guildKeys, queueMember, sessionKeys } from '../../storage/keys.js';
import { DEFAULT_LIMITS } from '../../storage/model.js';
import { DUPLICATE_THRESHOLD, fingerprint, FINGERPRINT_SEPARATOR, similarity } from '../../storage/question-fingerprint.js';
import { QuestionStore, type AskInput } from '../../storage/question-store.js';
import { SessionStore } from '../../storage/session-store.js';
import { deleteKeys, testRedis, uniquePrefix } from '../support/redis.js';

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
  const session = await sessions.create({
    guildId: GUILD,
    title: 'Paths',
    host: { id: '300000000000000001', name: 'Host', title: null },
    cohosts: [],
    intro: null,
    moderated: false,
    reviewChannelId: null,
    allowAnonymous: false,
    collectEarly: false,
    limits: { ...DEFAULT_LIMITS, cooldownSeconds: 0, maxPending: 50 },
    channelId: CHANNEL,
    archiveChannelId: CHANNEL,
    startsAt: T0,
    endsAt: T0 + 3_600_000,
    createdBy: '1',
    createdAt: T0 - 1,
  });
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
