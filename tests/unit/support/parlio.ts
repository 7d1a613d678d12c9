// Plain domain data built from the Parlio AMA with Amnesty International's Secretary General
// (October 2015): the page Parley's archive is modelled on. The page names the host but not
// the askers, so askers get plain made-up names; their title lines are the page's own.

import { readFileSync } from 'node:fs';
import { DEFAULT_LIMITS, type Person, type Question, type Session } from '../../../storage/model.js';

interface ParlioFixture {
  host: { title: string };
  intro: string;
  startedAt: string;
  endedAt: string;
  questions: Array<{ askerTitle: string | null; question: string; answer: string }>;
}

export const parlio = JSON.parse(
  readFileSync(new URL('../../../../shared/fixtures/parlio-amnesty-2015.json', import.meta.url), 'utf8'),
) as ParlioFixture;

export const GUILD_ID = '100000000000000001';
const HOUR = 3_600_000;
const startsAt = Date.parse(parlio.startedAt);
const endsAt = Date.parse(parlio.endedAt);

export const host: Person = {
  id: '200000000000000001',
  name: 'Salil Shetty',
  title: parlio.host.title,
};

export function parlioSession(overrides: Partial<Session> = {}): Session {
  return {
    guildId: GUILD_ID,
    id: 3,
    title: 'Secretary General of Amnesty International',
    host,
    cohosts: [],
    intro: parlio.intro,
    moderated: false,
    reviewChannelId: null,
    allowAnonymous: false,
    collectEarly: false,
    limits: { ...DEFAULT_LIMITS },
    channelId: '300000000000000001',
    archiveChannelId: '300000000000000002',
    startsAt,
    endsAt,
    status: 'closed',
    createdBy: '200000000000000009',
    createdAt: startsAt - 48 * HOUR,
    openedAt: startsAt,
    closedAt: endsAt,
    questionCount: parlio.questions.length + UNANSWERED.length,
    answeredCount: parlio.questions.length,
    introMessageId: '400000000000000001',
    archiveMessageId: null,
    ...overrides,
  };
}

/** Text that must never reach an archive: these questions go unanswered. */
export const UNANSWERED = [
  'UNANSWERED-ONE: will this ever be answered?',
  'UNANSWERED-TWO: what about the budget?',
  'UNANSWERED-THREE: last one, promise.',
] as const;

export function asker(index: number, title: string | null = null): Person {
  return { id: `2100000000000000${String(index).padStart(2, '0')}`, name: `Asker ${index}`, title };
}

/**
 * The 15 answered questions in the page's order, which is the order they were answered, but
 * numbered in the order they were asked, which differs (the host did not answer oldest
 * first); plus three unanswered questions mixed in.
 */
export function parlioQuestions(): Question[] {
  const count = parlio.questions.length;
  const answered = parlio.questions.map((entry, index): Question => {
    // Asked in reverse order of answering: the first answer went to the last question asked.
    const number = count - index;
    return question({
      number,
      asker: asker(index + 1, entry.askerTitle),
      text: entry.question,
      askedAt: startsAt + number * HOUR,
      status: 'answered',
      answer: { text: entry.answer, answeredAt: startsAt + 24 * HOUR + index * HOUR, host },
      messageId: `5000000000000000${String(number).padStart(2, '0')}`,
      threadId: `5000000000000000${String(number).padStart(2, '0')}`,
    });
  });
  const unanswered = UNANSWERED.map((text, index) =>
    question({
      number: count + index + 1,
      asker: asker(count + index + 1, 'Lurker @ Somewhere'),
      text,
      askedAt: startsAt + (count + index + 1) * HOUR,
    }),
  );
  return [...unanswered.slice(0, 1), ...answered, ...unanswered.slice(1)];
}

export function question(fields: Partial<Question> & Pick<Question, 'number'>): Question {
  return {
    guildId: GUILD_ID,
    sessionId: 3,
    asker: asker(1),
    anonymous: false,
    text: 'A question?',
    askedAt: startsAt,
    status: 'pending',
    votes: 0,
    alsoAskedBy: 0,
    answerVersion: fields.answer ? 1 : 0,
    answerSyncedVersion: 0,
    reviewMessageId: null,
    answer: null,
    messageId: null,
    threadId: null,
    answerMessageIds: [],
    markedAnswered: false,
    ...fields,
  };
}

/** Member-typed text an attacker might try, for every output to neutralise. */
export const HOSTILE = {
  name: '**bold** | _x_ <@&123> @everyone',
  title: '`code` ||spoiler|| [link](https://evil.example) # heading " onmouseover=alert(1)',
  text: [
    '@everyone @here <@&123456789012345678> <@200000000000000001>',
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[x](javascript:alert(1)) [y](JAVASCRIPT&colon;alert(1)) <javascript:alert(1)>',
    '![pic](https://tracker.example/pixel.png)',
    '" onmouseover=alert(1) \' onfocus=alert(1)',
    '<!-- hide the rest',
    '### Q99',
  ].join('\n'),
};
