// /answer's autocomplete reads its candidates in one script (answerCandidatesScript) instead of
// listing sessions and reading whole question hashes: these check it offers exactly what the
// reading of whole records offered (the reference below is the handler as it was), for the
// host's session choice, ranking, the typed number, text matching and editing.

import type { AutocompleteInteraction } from 'discord.js';
import pino from 'pino';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { answerCommand, questionChoiceName } from '../../commands/answer.js';
import type { Choice, Services } from '../../commands/command.js';
import { choiceName } from '../../commands/session-choices.js';
import { isHost } from '../../bot/permissions.js';
import { DEFAULT_LIMITS, type Person, type Question, type Session } from '../../storage/model.js';
import { QuestionStore } from '../../storage/question-store.js';
import { SessionStore, type NewSession } from '../../storage/session-store.js';
import { deleteKeys, testRedis, uniquePrefix } from '../support/redis.js';
import { sessionInput } from '../support/sessions.js';

const redis = testRedis();
const GUILD = '100000000000000001';
const CHANNEL = '200000000000000001';
const OTHER_CHANNEL = '200000000000000002';
const THREAD = '200000000000000009';
const HOST: Person = { id: '300000000000000001', name: 'Host', title: null };
const COHOST: Person = { id: '300000000000000002', name: 'Cohost', title: null };
const MEMBER = '300000000000000003';
const T0 = Date.UTC(2026, 0, 10, 18, 0);
const HOUR = 3_600_000;
const log = pino({ level: 'silent' });

let prefix: string;
let sessions: SessionStore;
let questions: QuestionStore;
let services: Services;
let asked = 0;

beforeEach(() => {
  prefix = uniquePrefix('answer-ac');
  sessions = new SessionStore(redis, prefix);
  questions = new QuestionStore(redis, prefix);
  services = { sessions, questions, now: () => T0 + 60_000 } as unknown as Services;
  return () => deleteKeys(redis, prefix);
});

afterAll(async () => {
  await redis.quit();
});

async function openSession(overrides: Partial<NewSession> = {}): Promise<number> {
  const session = await sessions.create(
    sessionInput({
      guildId: GUILD,
      channelId: CHANNEL,
      title: 'AMA',
      host: HOST,
      allowAnonymous: true,
      limits: { ...DEFAULT_LIMITS, cooldownSeconds: 0, maxPending: 50 },
      startsAt: T0,
      endsAt: T0 + HOUR,
      createdBy: '400000000000000001',
      createdAt: T0 - HOUR,
      ...overrides,
    }),
  );
  await sessions.open(GUILD, session.id, T0 + 1_000, 'due');
  return session.id;
}

/** A question no other is a near-duplicate of: its content words are its own. */
async function ask(sessionId: number, words: string, options: { anonymous?: boolean; name?: string } = {}): Promise<number> {
  asked += 1;
  const result = await questions.ask({
    guildId: GUILD,
    interactionId: `90000000000${String(asked).padStart(6, '0')}`,
    channelId: CHANNEL,
    parentChannelId: null,
    sessionId,
    asker: { id: `5000000000${String(asked).padStart(6, '0')}`, name: options.name ?? `Member ${asked}` },
    text: `What about ${words} zx${asked}q yv${asked}w?`,
    anonymous: options.anonymous ?? false,
    now: T0 + 60_000,
  });
  if (!result.ok) throw new Error(`not asked: ${result.reason}`);
  return result.number;
}

async function vote(sessionId: number, number: number, voters: number): Promise<void> {
  for (let i = 0; i < voters; i++) await questions.vote(GUILD, sessionId, number, `6000000000000${String(i).padStart(5, '0')}`, T0 + 60_000, 'toggle');
}

async function answer(sessionId: number, number: number): Promise<void> {
  const outcome = await questions.answer({ guildId: GUILD, sessionId, number, host: HOST, text: 'An answer.', now: T0 + 120_000 + number, interactionId: `8${number}` });
  expect(outcome).toBe('answered');
}

function typing(value: string, who: string = HOST.id, options: { edit?: boolean; channelId?: string; parentId?: string } = {}): AutocompleteInteraction {
  return {
    inGuild: () => true,
    guildId: GUILD,
    channelId: options.channelId ?? CHANNEL,
    channel: options.parentId ? { isThread: () => true, parentId: options.parentId } : { isThread: () => false },
    user: { id: who, username: 'someone', globalName: null },
    member: { nick: null },
    memberPermissions: null,
    options: { getBoolean: (name: string) => (name === 'edit' ? (options.edit ?? null) : null), getFocused: () => value },
  } as unknown as AutocompleteInteraction;
}

function offered(value: string, who?: string, options?: Parameters<typeof typing>[2]): Promise<Choice[]> {
  return answerCommand.autocomplete!({ interaction: typing(value, who, options), services, log });
}

/** The autocomplete as it was, reading whole sessions and questions: the behaviour to keep. */
async function reference(value: string, who: string = HOST.id, options: Parameters<typeof typing>[2] = {}): Promise<Choice[]> {
  const statuses: Session['status'][] = options.edit ? ['open', 'closed'] : ['open'];
  const channelId = options.channelId ?? CHANNEL;
  const parentId = options.parentId ?? null;
  const hosting = (await sessions.list(GUILD, 50)).filter((s) => statuses.includes(s.status) && isHost(s, who));
  const here = hosting.filter((s) => s.channelId === channelId || s.channelId === parentId);
  const session = here[0] ?? (hosting.length === 1 ? hosting[0] : undefined);
  if (!session) return [];
  const typed = value.trim().replace(/^q/i, '');
  const exact = /^\d{1,9}$/.test(typed) ? await questions.get(GUILD, session.id, Number(typed)) : null;
  const wanted = options.edit ? 'answered' : 'pending';
  const ranked: Question[] = options.edit ? await questions.answered(GUILD, session.id) : await questions.pending(GUILD, session.id, 0, 50);
  const candidates = exact?.status === wanted ? [exact, ...ranked.filter((q) => q.number !== exact.number)] : ranked;
  return candidates
    .filter((q) => typed === '' || String(q.number).startsWith(typed) || q.text.toLowerCase().includes(typed.toLowerCase()))
    .slice(0, 25)
    .map((q) => ({ name: choiceName(`Q${q.number} · ▲${q.votes} · ${q.anonymous ? 'Anonymous' : q.asker.name}: ${q.text}`), value: q.number }));
}

describe('/answer autocomplete', () => {
  it('offers the 25 best-ranked waiting questions, most votes first, as the whole records did', async () => {
    const id = await openSession();
    const numbers: number[] = [];
    for (let i = 0; i < 60; i++) numbers.push(await ask(id, i % 7 === 0 ? `Dorado topic${i}` : `topic${i}`, { anonymous: i === 5 }));
    await vote(id, numbers[40]!, 3);
    await vote(id, numbers[55]!, 2);
    await vote(id, numbers[5]!, 1);
    await answer(id, numbers[1]!);

    const choices = await offered('');
    expect(choices).toHaveLength(25);
    expect(choices.slice(0, 3).map((c) => c.value)).toEqual([numbers[40], numbers[55], numbers[5]]);
    expect(choices[2]!.name).toMatch(new RegExp(`^Q${numbers[5]} · ▲1 · Anonymous: What about topic5 zx\\d+q yv\\d+w\\?$`));
    expect(choices.map((c) => c.value)).not.toContain(numbers[1]);
    for (const value of ['', 'dor', 'DORADO', 'q4', 'Q55', '5', '59', '1', 'no such words', '  topic3 ']) {
      expect(await offered(value), `typed "${value}"`).toEqual(await reference(value));
    }
  });

  it('puts a typed question number first even when it is far down the queue, and only if it is waiting', async () => {
    const id = await openSession();
    for (let i = 0; i < 70; i++) await ask(id, `subject${i}`);
    for (let i = 1; i <= 50; i++) await vote(id, i, 1);
    const choices = await offered('66');
    expect(choices[0]?.value).toBe(66);
    expect(choices).toEqual(await reference('66'));
    await answer(id, 66);
    expect((await offered('66')).map((c) => c.value)).not.toContain(66);
    expect(await offered('66')).toEqual(await reference('66'));
    expect(await offered('0066')).toEqual(await reference('0066'));
    expect(await offered('999999')).toEqual(await reference('999999'));
  });

  it('offers answered questions in answer order when editing, also after the AMA closed', async () => {
    const id = await openSession();
    for (let i = 0; i < 6; i++) await ask(id, `matter${i}`);
    await answer(id, 4);
    await answer(id, 2);
    expect((await offered('', HOST.id, { edit: true })).map((c) => c.value)).toEqual([2, 4]);
    await sessions.close(GUILD, id, T0 + 2 * HOUR, 'due');
    for (const value of ['', '4', '3', 'matter2', 'x']) {
      expect(await offered(value, HOST.id, { edit: true }), `typed "${value}"`).toEqual(await reference(value, HOST.id, { edit: true }));
    }
    expect(await offered('')).toEqual([]); // closed: nothing left to answer
  });

  it('chooses the session as the command does: co-hosts, this channel or its thread, else the only one', async () => {
    const first = await openSession({ channelId: CHANNEL, cohosts: [COHOST] });
    const second = await openSession({ channelId: OTHER_CHANNEL });
    await ask(first, 'alpha');
    await ask(second, 'beta');
    const cases: [string, string, Parameters<typeof typing>[2]][] = [
      ['host here', HOST.id, {}],
      ['host in the other channel', HOST.id, { channelId: OTHER_CHANNEL }],
      ['host in a thread of the other channel', HOST.id, { channelId: THREAD, parentId: OTHER_CHANNEL }],
      ['host elsewhere, hosting two', HOST.id, { channelId: THREAD }],
      ['co-host elsewhere, hosting one', COHOST.id, { channelId: THREAD }],
      ['co-host of the first only, in the second channel', COHOST.id, { channelId: OTHER_CHANNEL }],
      ['a member', MEMBER, {}],
    ];
    for (const [label, who, options] of cases) {
      expect(await offered('', who, options), label).toEqual(await reference('', who, options));
    }
    expect((await offered('', HOST.id, { channelId: THREAD, parentId: OTHER_CHANNEL }))[0]?.name).toContain('beta');
    expect(await offered('', HOST.id, { channelId: THREAD })).toEqual([]);
    expect((await offered('', COHOST.id, { channelId: THREAD }))[0]?.name).toContain('alpha');
    expect(await offered('', MEMBER)).toEqual([]);
  });
});

describe('questionChoiceName', () => {
  it('is choiceName of the whole line, whatever the text and its whitespace', () => {
    let state = 7;
    const random = (n: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return state % n;
    };
    const pieces = ['word', ' ', '  ', '\n', '\n\n', '\t', 'é', '▲', '😀', 'Ünïcödé', '\u00a0', 'x'.repeat(40)];
    for (let i = 0; i < 2_000; i++) {
      let text = '';
      const length = random(4) === 0 ? random(20) : random(400);
      while (text.length < length) text += pieces[random(pieces.length)];
      const q = { number: 1 + random(100_000), votes: random(30), anonymous: random(5) === 0, askerName: random(3) === 0 ? ' Spaced  name ' : 'Ada', text };
      expect(questionChoiceName(q)).toBe(choiceName(`Q${q.number} · ▲${q.votes} · ${q.anonymous ? 'Anonymous' : q.askerName}: ${q.text}`));
    }
  });
});
