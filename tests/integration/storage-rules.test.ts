import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { QuestionStore } from '../../storage/question-store.js';
import { SessionStore, type NewSession } from '../../storage/session-store.js';
import { DEFAULT_LIMITS } from '../../storage/model.js';
import { ProfileStore } from '../../storage/profile-store.js';
import { deleteKeys, testRedis, uniquePrefix } from '../support/redis.js';

const redis = testRedis();
const GUILD = '100000000000000001';
const OTHER_GUILD = '100000000000000002';
const CHANNEL = '200000000000000001';
const HOST = { id: '300000000000000001', name: 'Salil', title: 'Secretary General @ Amnesty International' };
const T0 = Date.UTC(2026, 0, 10, 18, 0);
const HOUR = 3_600_000;

let prefix: string;
let sessions: SessionStore;
let questions: QuestionStore;
let profiles: ProfileStore;

function newSession(overrides: Partial<NewSession> = {}): NewSession {
  return {
    guildId: GUILD,
    title: 'Human rights today',
    host: HOST,
    cohosts: [],
    intro: 'Hi everyone',
    moderated: false,
    reviewChannelId: null,
    allowAnonymous: false,
    collectEarly: false,
    limits: { ...DEFAULT_LIMITS, cooldownSeconds: 0, maxPending: 50 },
    channelId: CHANNEL,
    archiveChannelId: CHANNEL,
    startsAt: T0,
    endsAt: T0 + HOUR,
    createdBy: '400000000000000001',
    createdAt: T0 - HOUR,
    ...overrides,
  };
}

let interactionCounter = 0;
function ask(text: string, overrides: Partial<Parameters<QuestionStore['ask']>[0]> = {}) {
  interactionCounter += 1;
  return questions.ask({
    guildId: GUILD,
    interactionId: `9000000000000${interactionCounter}`,
    channelId: CHANNEL,
    parentChannelId: null,
    sessionId: null,
    asker: { id: '500000000000000001', name: 'Ada' },
    text,
    anonymous: false,
    now: T0 + 60_000,
    ...overrides,
  });
}

beforeEach(async () => {
  prefix = uniquePrefix('storage');
  sessions = new SessionStore(redis, prefix);
  questions = new QuestionStore(redis, prefix);
  profiles = new ProfileStore(redis, prefix);
  return () => deleteKeys(redis, prefix);
});

afterAll(async () => {
  await redis.quit();
});

describe('sessions', () => {
  it('numbers sessions per guild and reads them back', async () => {
    const first = await sessions.create(newSession());
    const second = await sessions.create(newSession({ title: 'Second' }));
    const elsewhere = await sessions.create(newSession({ guildId: OTHER_GUILD }));
    expect([first.id, second.id, elsewhere.id]).toEqual([1, 2, 1]);
    expect(await sessions.get(GUILD, 2)).toMatchObject({ title: 'Second', status: 'scheduled', host: HOST });
    expect((await sessions.get(OTHER_GUILD, 1))?.guildId).toBe(OTHER_GUILD);
  });

  it('refuses to open before the due time but opens on a moderator start', async () => {
    const { id } = await sessions.create(newSession());
    expect(await sessions.open(GUILD, id, T0 - 10 * 60_000, 'due')).toBe('not-due');
    expect(await sessions.open(GUILD, id, T0 - 10 * 60_000, 'now')).toBe('opened');
    expect(await sessions.open(GUILD, id, T0, 'due')).toBe('already-open');
    expect((await sessions.get(GUILD, id))?.startsAt).toBe(T0 - 10 * 60_000);
  });

  it('closes exactly once, however often the close runs', async () => {
    const { id } = await sessions.create(newSession());
    await sessions.open(GUILD, id, T0, 'due');
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => sessions.close(GUILD, id, T0 + HOUR, 'due')));
    expect(outcomes.filter((o) => o === 'closed')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'already-closed')).toHaveLength(3);
    expect(await sessions.listOpen(GUILD)).toEqual([]);
  });

  it('does not close early on a stale job, and cancelling stops a later close', async () => {
    const { id } = await sessions.create(newSession());
    await sessions.open(GUILD, id, T0, 'due');
    expect(await sessions.close(GUILD, id, T0 + HOUR / 2, 'due')).toBe('not-due');
    expect(await sessions.cancel(GUILD, id, T0 + HOUR / 2)).toBe('cancelled');
    expect(await sessions.close(GUILD, id, T0 + HOUR, 'due')).toBe('cancelled');
  });
});

describe('asking', () => {
  it('stores, numbers and queues questions in the session open in this channel', async () => {
    const { id } = await sessions.create(newSession());
    await sessions.open(GUILD, id, T0, 'due');
    await profiles.setTitle(GUILD, '500000000000000001', 'Researcher @ Harvard');
    const first = await ask('What does clicktivism achieve?');
    const second = await ask('How do you choose campaigns?');
    expect(first).toEqual({ ok: true, sessionId: id, channelId: CHANNEL, number: 1, status: 'pending', duplicate: false });
    expect(second).toMatchObject({ ok: true, number: 2 });
    const stored = await questions.get(GUILD, id, 1);
    expect(stored).toMatchObject({ text: 'What does clicktivism achieve?', status: 'pending' });
    expect(stored?.asker).toEqual({ id: '500000000000000001', name: 'Ada', title: 'Researcher @ Harvard' });
    expect((await questions.pending(GUILD, id)).map((q) => q.number)).toEqual([1, 2]);
    expect(await questions.unsynced(GUILD, id)).toEqual([1, 2]);
    expect((await sessions.get(GUILD, id))?.questionCount).toBe(2);
  });

  it('finds the session from inside a thread of the AMA channel', async () => {
    const { id } = await sessions.create(newSession());
    await sessions.open(GUILD, id, T0, 'due');
    const result = await ask('Asked from a thread here', { channelId: '200000000000000099', parentChannelId: CHANNEL });
    expect(result).toMatchObject({ ok: true, sessionId: id });
  });

  it('creates one question when the same interaction arrives twice', async () => {
    const { id } = await sessions.create(newSession());
    await sessions.open(GUILD, id, T0, 'due');
    const input = { interactionId: '777000000000000001' };
    const [a, b] = await Promise.all([ask('Same interaction twice', input), ask('Same interaction twice', input)]);
    expect([a, b].map((r) => r.ok && r.number)).toEqual([1, 1]);
    expect([a, b].filter((r) => r.ok && r.duplicate)).toHaveLength(1);
    expect(await questions.pendingCount(GUILD, id)).toBe(1);
  });

  it('refuses after close, and before the close job ran once the end time passed', async () => {
    const { id } = await sessions.create(newSession());
    await sessions.open(GUILD, id, T0, 'due');
    expect(await ask('Past the end time', { now: T0 + HOUR + 1, sessionId: id })).toMatchObject({ ok: false, reason: 'ended' });
    expect(await ask('Past the end time, no session named', { now: T0 + HOUR + 1 })).toMatchObject({
      ok: false,
      reason: 'no-session-here',
    });
    await sessions.close(GUILD, id, T0 + HOUR, 'due');
    expect(await ask('After close', { sessionId: id })).toMatchObject({ ok: false, reason: 'ended' });
    expect(await questions.pendingCount(GUILD, id)).toBe(0);
  });

  it('says which sessions are open elsewhere and when the next one starts', async () => {
    const open = await sessions.create(newSession({ channelId: '200000000000000002', title: 'Elsewhere' }));
    await sessions.open(GUILD, open.id, T0, 'due');
    await sessions.create(newSession({ startsAt: T0 + 5 * HOUR, endsAt: T0 + 6 * HOUR, title: 'Later' }));
    const result = await ask('Nothing is open in this channel');
    expect(result).toMatchObject({ ok: false, reason: 'no-session-here' });
    if (result.ok) throw new Error('unreachable');
    expect(result.open.map((s) => s.title)).toEqual(['Elsewhere']);
    expect(result.next?.title).toBe('Later');
  });

  it('never reaches another guild’s session, even by its number', async () => {
    const theirs = await sessions.create(newSession({ guildId: OTHER_GUILD }));
    await sessions.open(OTHER_GUILD, theirs.id, T0, 'due');
    expect(await ask('Trying their session id', { sessionId: theirs.id })).toMatchObject({
      ok: false,
      reason: 'unknown-session',
    });
    expect(await questions.pendingCount(OTHER_GUILD, theirs.id)).toBe(0);
  });
});

describe('answering', () => {
  async function openWithQuestion() {
    const { id } = await sessions.create(newSession());
    await sessions.open(GUILD, id, T0, 'due');
    await ask('A question worth answering');
    return id;
  }
  const answer = (sessionId: number, overrides: Partial<Parameters<QuestionStore['answer']>[0]> = {}) =>
    questions.answer({
      guildId: GUILD,
      sessionId,
      number: 1,
      host: HOST,
      text: 'A long and thoughtful answer.',
      now: T0 + 120_000,
      interactionId: '880000000000000001',
      ...overrides,
    });

  it('answers once and moves the question from the queue to the archive order', async () => {
    const id = await openWithQuestion();
    expect(await answer(id)).toBe('answered');
    expect(await answer(id, { interactionId: '880000000000000002' })).toBe('already-answered');
    expect(await answer(id)).toBe('duplicate');
    const stored = await questions.get(GUILD, id, 1);
    expect(stored?.answer).toEqual({ text: 'A long and thoughtful answer.', answeredAt: T0 + 120_000, host: HOST });
    expect(await questions.pendingCount(GUILD, id)).toBe(0);
    expect((await questions.answered(GUILD, id)).map((q) => q.number)).toEqual([1]);
    expect((await sessions.get(GUILD, id))?.answeredCount).toBe(1);
  });

  it('refuses unknown questions, non-hosts and closed sessions', async () => {
    const id = await openWithQuestion();
    expect(await answer(id, { number: 42 })).toBe('unknown-question');
    expect(await answer(id, { host: { id: '999999999999999999', name: 'Mallory', title: null } })).toBe('not-host');
    await sessions.close(GUILD, id, T0 + HOUR, 'due');
    expect(await answer(id, { now: T0 + HOUR + 1 })).toBe('not-open');
    expect((await questions.get(GUILD, id, 1))?.status).toBe('pending');
  });
});

describe('profiles', () => {
  it('keeps title lines per guild', async () => {
    await profiles.setTitle(GUILD, '1', 'Researcher @ Harvard');
    expect(await profiles.getTitle(GUILD, '1')).toBe('Researcher @ Harvard');
    expect(await profiles.getTitle(OTHER_GUILD, '1')).toBeNull();
    await profiles.clearTitle(GUILD, '1');
    expect(await profiles.getTitle(GUILD, '1')).toBeNull();
  });
});
