import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type AskLimits } from '../../storage/model.js';
import { QuestionStore, type AskInput } from '../../storage/question-store.js';
import { SessionStore, type NewSession } from '../../storage/session-store.js';
import { deleteKeys, testRedis, uniquePrefix } from '../support/redis.js';

// Votes, ranking, limits, duplicates, moderation, anonymity and withdrawal: the community rules,
// each atomic in Redis, including the races members can cause by pressing buttons at once.

const redis = testRedis();
const GUILD = '100000000000000001';
const CHANNEL = '200000000000000001';
const HOST = { id: '300000000000000001', name: 'Host', title: null };
const T0 = Date.UTC(2026, 0, 10, 18, 0);
const member = (n: number) => ({ id: `5000000000000000${String(n).padStart(2, '0')}`, name: `Member ${n}` });

let prefix: string;
let sessions: SessionStore;
let questions: QuestionStore;
let clock: number;
let interactionCounter = 0;

beforeEach(() => {
  prefix = uniquePrefix('community');
  sessions = new SessionStore(redis, prefix);
  questions = new QuestionStore(redis, prefix);
  clock = T0 + 60_000;
  return () => deleteKeys(redis, prefix);
});

afterAll(async () => {
  await redis.quit();
});

async function openSession(overrides: Partial<NewSession> = {}, limits: Partial<AskLimits> = {}) {
  const session = await sessions.create({
    guildId: GUILD,
    title: 'Community',
    host: HOST,
    cohosts: [],
    intro: null,
    moderated: false,
    reviewChannelId: null,
    allowAnonymous: false,
    collectEarly: false,
    limits: { ...DEFAULT_LIMITS, cooldownSeconds: 0, maxPending: 50, ...limits },
    channelId: CHANNEL,
    archiveChannelId: CHANNEL,
    startsAt: T0,
    endsAt: T0 + 3_600_000,
    createdBy: '1',
    createdAt: T0 - 1,
    ...overrides,
  });
  if (session.startsAt <= T0) await sessions.open(GUILD, session.id, T0, 'due');
  return session.id;
}

function ask(text: string, asker = member(1), overrides: Partial<AskInput> = {}) {
  interactionCounter += 1;
  clock += 1_000;
  return questions.ask({
    guildId: GUILD,
    interactionId: `9100000000000${interactionCounter}`,
    channelId: CHANNEL,
    parentChannelId: null,
    sessionId: null,
    asker,
    text,
    anonymous: false,
    now: clock,
    ...overrides,
  });
}

const queueOrder = async (sessionId: number) => (await questions.pending(GUILD, sessionId, 0, 50)).map((q) => q.number);

describe('votes and ranking', () => {
  it('ranks the queue by votes, then by age, and toggles a member’s vote', async () => {
    const id = await openSession();
    await ask('How do you pick which campaigns to run?');
    await ask('What would you tell a student who wants to work in human rights?', member(2));
    await ask('Which country surprised you most in the past five years?', member(3));
    expect(await queueOrder(id)).toEqual([1, 2, 3]);

    expect(await questions.vote(GUILD, id, 3, member(4).id, clock, 'toggle')).toEqual({ outcome: 'counted', voted: true, votes: 1 });
    await questions.vote(GUILD, id, 2, member(4).id, clock, 'toggle');
    await questions.vote(GUILD, id, 3, member(5).id, clock, 'toggle');
    expect(await queueOrder(id)).toEqual([3, 2, 1]);

    expect(await questions.vote(GUILD, id, 3, member(4).id, clock, 'toggle')).toEqual({ outcome: 'counted', voted: false, votes: 1 });
    expect(await queueOrder(id)).toEqual([2, 3, 1]); // equal votes: the older question first
  });

  it('counts each member once when two vote at the same moment, and refuses the asker’s own vote', async () => {
    const id = await openSession();
    await ask('Can clicktivism become action offline?');
    const voters = Array.from({ length: 20 }, (_, i) => member(10 + i).id);
    await Promise.all(voters.flatMap((voter) => [questions.vote(GUILD, id, 1, voter, clock, 'fold'), questions.vote(GUILD, id, 1, voter, clock, 'fold')]));
    expect((await questions.get(GUILD, id, 1))?.votes).toBe(20);
    expect((await questions.get(GUILD, id, 1))?.alsoAskedBy).toBe(20);
    expect(await questions.vote(GUILD, id, 1, member(1).id, clock, 'toggle')).toEqual({ outcome: 'own-question' });
  });

  it('keeps counting a vote that lands while the question is being answered', async () => {
    const id = await openSession();
    await ask('What keeps you going on hard days?');
    const [answered, voted] = await Promise.all([
      questions.answer({ guildId: GUILD, sessionId: id, number: 1, host: HOST, text: 'Hope.', now: clock, interactionId: 'a1' }),
      questions.vote(GUILD, id, 1, member(2).id, clock, 'toggle'),
    ]);
    expect(answered).toBe('answered');
    expect(voted.outcome).toBe('counted');
    const question = await questions.get(GUILD, id, 1);
    expect(question).toMatchObject({ status: 'answered', votes: 1 });
    expect(await queueOrder(id)).toEqual([]); // an answered question never re-enters the queue
  });
});

describe('limits', () => {
  it('refuses over the per-member pending limit, saying which limit', async () => {
    await openSession({}, { maxPending: 2 });
    await ask('First question about funding models?');
    await ask('Second question about volunteer training?');
    expect(await ask('Third question about regional offices?')).toMatchObject({ ok: false, reason: 'too-many-pending', limit: 2 });
    expect(await ask('Someone else can still ask a question?', member(2))).toMatchObject({ ok: true });
  });

  it('makes a member wait between questions and says when they can ask again', async () => {
    await openSession({}, { cooldownSeconds: 30 });
    const first = await ask('Is a cooldown between questions fair?');
    expect(first.ok).toBe(true);
    const refused = await ask('And how long is it exactly, please?');
    expect(refused).toMatchObject({ ok: false, reason: 'cooldown', limit: 30, retryAt: clock - 1_000 + 30_000 });
  });

  it('applies the session’s own length limits and refuses banned members', async () => {
    const id = await openSession({}, { minLength: 20, maxLength: 40 });
    expect(await ask('Too short here?')).toMatchObject({ ok: false, reason: 'too-short', limit: 20 });
    expect(await ask('x'.repeat(41))).toMatchObject({ ok: false, reason: 'too-long', limit: 40 });
    await questions.ban(GUILD, id, member(3).id);
    expect(await ask('A perfectly fine question?', member(3))).toMatchObject({ ok: false, reason: 'banned' });
  });
});

describe('duplicates', () => {
  it('refuses a near-duplicate of a waiting question and names it; answered ones no longer count', async () => {
    const id = await openSession();
    await ask('How can online activism turn into real action offline?');
    const duplicate = await ask('How can online activism be turned into real offline action?', member(2));
    expect(duplicate).toMatchObject({ ok: false, reason: 'duplicate', number: 1 });
    expect(await ask('What is your favourite book about human rights law?', member(3))).toMatchObject({ ok: true, number: 2 });
    await questions.answer({ guildId: GUILD, sessionId: id, number: 1, host: HOST, text: 'Like this.', now: clock, interactionId: 'a2' });
    expect(await ask('How can online activism be turned into real offline action?', member(2))).toMatchObject({ ok: true });
  });
});

describe('moderated sessions', () => {
  it('sends questions to review; only approved ones are queued', async () => {
    const id = await openSession({ moderated: true, reviewChannelId: '200000000000000009' });
    expect(await ask('Will this be approved by the moderators?')).toMatchObject({ ok: true, status: 'review' });
    expect(await queueOrder(id)).toEqual([]);
    expect(await questions.moderate(GUILD, id, 1, 'approve', 'mod', clock, 'Edited by a moderator: approved?')).toMatchObject({ outcome: 'done' });
    expect(await queueOrder(id)).toEqual([1]);
    expect((await questions.get(GUILD, id, 1))?.text).toBe('Edited by a moderator: approved?');
  });

  it('lets exactly one decision win when approve and reject are pressed together', async () => {
    const id = await openSession({ moderated: true, reviewChannelId: '200000000000000009' });
    await ask('Approve or reject, which comes first?');
    const [approve, reject] = await Promise.all([
      questions.moderate(GUILD, id, 1, 'approve', 'mod-a', clock),
      questions.moderate(GUILD, id, 1, 'reject', 'mod-b', clock),
    ]);
    expect([approve.outcome, reject.outcome].sort()).toEqual(['done', 'wrong-state']);
    const status = (await questions.get(GUILD, id, 1))?.status;
    expect(status === 'pending' ? await queueOrder(id) : []).toEqual(status === 'pending' ? [1] : []);
    expect(['pending', 'rejected']).toContain(status);
  });

  it('hides a posted question from the queue, and frees the asker’s pending slot', async () => {
    const id = await openSession({}, { maxPending: 1 });
    await ask('A question the moderators will hide?');
    expect(await questions.moderate(GUILD, id, 1, 'hide', 'mod', clock)).toMatchObject({ outcome: 'done' });
    expect(await queueOrder(id)).toEqual([]);
    expect(await ask('A better question after the hidden one?')).toMatchObject({ ok: true });
  });
});

describe('anonymity, withdrawal and asking early', () => {
  it('takes anonymous questions only where allowed, and keeps who asked for moderators', async () => {
    await openSession();
    expect(await ask('Anonymous where it is not allowed?', member(1), { anonymous: true })).toMatchObject({
      ok: false,
      reason: 'anonymous-not-allowed',
    });
    const id = await openSession({ allowAnonymous: true, channelId: '200000000000000002' });
    const asked = await ask('Anonymous where it is allowed?', member(1), { anonymous: true, channelId: '200000000000000002' });
    expect(asked).toMatchObject({ ok: true });
    expect(await questions.get(GUILD, id, 1)).toMatchObject({ anonymous: true, asker: { id: member(1).id } });
  });

  it('lets only the asker withdraw, and only before it is answered', async () => {
    const id = await openSession();
    await ask('Can I take this question back?');
    expect(await questions.moderate(GUILD, id, 1, 'withdraw', member(2).id, clock)).toMatchObject({ outcome: 'not-asker' });
    expect(await questions.moderate(GUILD, id, 1, 'withdraw', member(1).id, clock)).toMatchObject({ outcome: 'done' });
    expect(await queueOrder(id)).toEqual([]);
    expect(await questions.moderate(GUILD, id, 1, 'withdraw', member(1).id, clock)).toMatchObject({ outcome: 'wrong-state' });
  });

  it('collects questions and votes before opening when the session allows it', async () => {
    const later = { startsAt: T0 + 3_600_000, endsAt: T0 + 7_200_000 };
    await openSession(later);
    expect(await ask('Too early for this session?')).toMatchObject({ ok: false, reason: 'no-session-here' });
    const id = await openSession({ ...later, collectEarly: true, channelId: '200000000000000003' });
    expect(await ask('Early bird question for the host?', member(1), { channelId: '200000000000000003' })).toMatchObject({ ok: true });
    expect(await questions.vote(GUILD, id, 1, member(2).id, clock, 'toggle')).toMatchObject({ outcome: 'counted', votes: 1 });
  });
});

describe('co-hosts and answer edits', () => {
  it('lets a co-host answer and any host edit; the edit bumps the answer version', async () => {
    const id = await openSession({ cohosts: [{ id: '300000000000000002', name: 'Co', title: 'Co-host' }] });
    await ask('Who will answer this one?');
    const cohost = { id: '300000000000000002', name: 'Co', title: 'Co-host' };
    expect(await questions.answer({ guildId: GUILD, sessionId: id, number: 1, host: cohost, text: 'I will.', now: clock, interactionId: 'c1' })).toBe(
      'answered',
    );
    expect(await questions.editAnswer(GUILD, id, 1, HOST.id, 'We both will.', clock)).toEqual({ outcome: 'edited', sessionStatus: 'open' });
    expect(await questions.editAnswer(GUILD, id, 1, member(1).id, 'Hijack', clock)).toEqual({ outcome: 'not-host' });
    expect(await questions.get(GUILD, id, 1)).toMatchObject({ answerVersion: 2, answer: { text: 'We both will.', host: { id: cohost.id } } });
  });
});
