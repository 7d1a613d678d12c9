import type { RESTPatchAPIChannelMessageJSONBody, RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { buildArchiveDocument } from '../../archive/build.js';
import { renderAnswerMessages } from '../../bot/render/answer.js';
import { renderArchiveMessage } from '../../bot/render/archive-message.js';
import { renderIntroMessage } from '../../bot/render/intro.js';
import type { MessageBody } from '../../bot/render/message-body.js';
import { renderQuestionMessage, renderThreadName } from '../../bot/render/question.js';
import { host, parlio, parlioQuestions, parlioSession, question } from './support/parlio.js';

const NOW = Date.parse('2015-10-09T10:00:00Z');
const unix = (iso: string) => Date.parse(iso) / 1000;
const START = unix(parlio.startedAt);
const END = unix(parlio.endedAt);
const SILENT = { parse: [] };

const answeredQuestions = () => parlioQuestions().filter((entry) => entry.answer);
const longestAnswered = () =>
  answeredQuestions().sort((a, b) => (b.answer?.text.length ?? 0) - (a.answer?.text.length ?? 0))[0]!;

describe('MessageBody', () => {
  it('is usable as both a create and an edit body', () => {
    expectTypeOf<MessageBody>().toExtend<RESTPostAPIChannelMessageJSONBody>();
    expectTypeOf<MessageBody>().toExtend<RESTPatchAPIChannelMessageJSONBody>();
  });
});

describe('renderIntroMessage', () => {
  it('opens with the host, their title line, the intro, when questions close and how to ask', () => {
    const message = renderIntroMessage(parlioSession({ status: 'open', closedAt: null }), NOW);
    expect(message.allowed_mentions).toEqual(SILENT);
    const lines = message.content.split('\n');
    expect(lines[0]).toBe('## AMA with Salil Shetty — Secretary General of Amnesty International');
    expect(lines[1]).toBe('*Secretary General @ Amnesty International*');
    expect(message.content).toContain('Hi everyone, namaste.\n\nI have been with Amnesty International');
    expect(message.content).toContain(`**Questions are open until <t:${END}:F>** (<t:${END}:R>).`);
    expect(message.content).toContain('`/ask`');
    expect(message.content).not.toContain('ended');
  });

  it('says when a scheduled AMA opens', () => {
    const { content } = renderIntroMessage(parlioSession({ status: 'scheduled', openedAt: null, closedAt: null }), NOW);
    expect(content).toContain(`Opens <t:${START}:F> (<t:${START}:R>) and runs until <t:${END}:F>.`);
  });

  it('renders the ended state with the answered count once closed', () => {
    const session = parlioSession({ status: 'closed', answeredCount: 15, questionCount: 18 });
    const { content } = renderIntroMessage(session, NOW);
    expect(content).toContain(`**This AMA has ended** (<t:${END}:F>).`);
    expect(content).toContain('**Salil Shetty** answered 15 of 18 questions.');
    expect(content).toContain('<#300000000000000002>');
    expect(content).not.toContain('/ask');
    expect(content).toContain('Hi everyone, namaste.');
  });

  it('renders a cancelled AMA as ended, using now when no closing time was recorded', () => {
    const session = parlioSession({ status: 'cancelled', closedAt: null, answeredCount: 0 });
    const { content } = renderIntroMessage(session, NOW);
    expect(content).toContain(`**This AMA was cancelled** (<t:${NOW / 1000}:F>).`);
    expect(content).not.toContain('answered');
  });

  it('leaves out the title line when the host has none', () => {
    const { content } = renderIntroMessage(parlioSession({ host: { ...host, title: null } }), NOW);
    expect(content.split('\n')[1]).toBe('');
  });

  it('shortens an intro too long for one message, keeping the status', () => {
    const intro = 'All work and no play. '.repeat(200);
    for (const status of ['open', 'closed'] as const) {
      const { content } = renderIntroMessage(parlioSession({ status, intro }), NOW);
      expect(content.length).toBeLessThanOrEqual(2000);
      expect(content).toMatch(/[a-z.]…\n\n\*\*/);
      expect(content).toContain(status === 'open' ? '`/ask`' : 'This AMA has ended');
    }
  });
});

describe('renderQuestionMessage', () => {
  const session = parlioSession();

  it('shows the number, asker, title line and the question quoted', () => {
    const entry = question({
      number: 12,
      asker: { id: '210000000000000001', name: 'Asker 1', title: 'Researcher @ Harvard | Parlio community manager' },
      text: 'First paragraph?\n\nSecond one.',
    });
    const message = renderQuestionMessage(session, entry);
    expect(message).toEqual({
      content: [
        '**Q12** · **Asker 1** · *Researcher @ Harvard | Parlio community manager*',
        '> First paragraph?',
        '> ',
        '> Second one.',
      ].join('\n'),
      allowed_mentions: SILENT,
      components: [{ type: 1, components: [{ type: 2, custom_id: 'vote:3:12', label: '▲ 0', style: 2 }] }],
    });
  });

  it('shows anonymous questions without name or title, and hidden ones without their text', () => {
    const entry = question({ number: 4, asker: { id: '210000000000000001', name: 'Secret Name', title: 'Secret title' }, anonymous: true, votes: 5 });
    const anonymous = renderQuestionMessage(session, entry).content;
    expect(anonymous).toMatch(/^\*\*Q4\*\* · \*\*Anonymous\*\*\n/);
    expect(anonymous).not.toMatch(/Secret/);
    expect(renderQuestionMessage(session, entry).components?.[0]?.components[0]).toMatchObject({ label: '▲ 5' });
    const hidden = renderQuestionMessage(session, { ...entry, status: 'hidden' });
    expect(hidden).toEqual({ content: '**Q4** · *This question was hidden by the moderators.*', allowed_mentions: SILENT, components: [] });
  });

  it('once answered, says by whom and links the thread', () => {
    const entry = answeredQuestions()[0]!;
    const { content } = renderQuestionMessage(session, entry);
    expect(content.split('\n').at(-1)).toBe(
      `✅ Answered by **Salil Shetty** · *Secretary General @ Amnesty International*: read it in <#${entry.threadId}>`,
    );
  });

  it('points to the thread below when its id is not known yet', () => {
    const entry = { ...answeredQuestions()[0]!, threadId: null };
    expect(renderQuestionMessage(session, entry).content).toMatch(/in the thread below$/);
  });

  it('names whose AMA it is when someone else answered', () => {
    const moderator = { id: '299', name: 'Mod', title: null };
    const entry = question({ number: 2, status: 'answered', answer: { text: 'Yes.', answeredAt: 1, host: moderator } });
    expect(renderQuestionMessage(session, entry).content).toContain('Answered by **Mod** (for **Salil Shetty**)');
  });

  it('renders every Parlio question whole, within 2000 characters', () => {
    for (const entry of parlioQuestions()) {
      const { content } = renderQuestionMessage(session, entry);
      expect(content.length).toBeLessThanOrEqual(2000);
      expect(content).toContain(`> ${entry.text.split('\n')[0]}`);
    }
  });

  it('shortens only a question too long for one message', () => {
    const text = 'Why?\n'.repeat(600);
    const { content } = renderQuestionMessage(session, question({ number: 1, text }));
    expect(content.length).toBeLessThanOrEqual(2000);
    expect(content.endsWith('…')).toBe(true);
    expect(content.split('\n').slice(1).every((line) => line.startsWith('> '))).toBe(true);
  });
});

describe('renderThreadName', () => {
  it('is the number and the first words, at most 100 characters', () => {
    for (const entry of parlioQuestions()) {
      const name = renderThreadName(entry);
      expect(name.length).toBeLessThanOrEqual(100);
      expect(name).toMatch(new RegExp(`^Q${entry.number} · \\S`));
      expect(name).not.toContain('\n');
    }
    const first = parlioQuestions().find((entry) => entry.number === 15)!;
    expect(renderThreadName(first)).toBe('Q15 · Thank you for taking our questions! In today\'s digital age of instant communication and…');
  });

  it('drops Markdown markers and keeps short questions whole', () => {
    expect(renderThreadName({ number: 3, text: '**Why** is __this__ ||so|| `slow`?\nReally.' })).toBe('Q3 · Why is this so slow? Really.');
    expect(renderThreadName({ number: 4, text: '   ' })).toBe('Q4');
  });
});

describe('renderAnswerMessages', () => {
  const session = parlioSession();

  it('posts a Parlio answer under the host, pinging only the asker', () => {
    const entry = answeredQuestions().find((candidate) => candidate.number === 15)!;
    const messages = renderAnswerMessages(session, entry);
    expect(messages).toHaveLength(1);
    const [first] = messages;
    expect(first?.allowed_mentions).toEqual({ parse: [], users: [entry.asker.id] });
    expect(first?.content).toBe(
      `<@${entry.asker.id}> **Salil Shetty** · *Secretary General @ Amnesty International* answered your question:\n\n${entry.answer?.text}`,
    );
  });

  it('splits a long answer; only the first message has the header and the ping', () => {
    const base = longestAnswered();
    const text = Array.from({ length: 4 }, () => base.answer!.text).join('\n\n');
    const entry = { ...base, answer: { ...base.answer!, text } };
    const messages = renderAnswerMessages(session, entry);
    expect(messages.length).toBeGreaterThanOrEqual(4);
    messages.forEach((message, index) => {
      expect(message.content.length).toBeLessThanOrEqual(2000);
      expect(message.allowed_mentions).toEqual(index === 0 ? { parse: [], users: [entry.asker.id] } : SILENT);
      expect(message.content.includes(`<@${entry.asker.id}>`)).toBe(index === 0);
    });
    const body = messages.map((message) => message.content).join('\n\n');
    expect(body.replace(/\s/g, '')).toContain(text.replace(/\s/g, ''));
  });

  it('fills the first message exactly to the limit when the answer needs it', () => {
    const entry = { ...longestAnswered() };
    entry.answer = { ...entry.answer!, text: 'x'.repeat(5000) };
    const messages = renderAnswerMessages(session, entry);
    expect(messages.map((message) => message.content.length)).toEqual([2000, 2000, expect.any(Number)]);
  });

  it('refuses a question without an answer', () => {
    expect(() => renderAnswerMessages(session, question({ number: 9 }))).toThrow('Q9 has no answer');
  });
});

describe('renderArchiveMessage', () => {
  const session = parlioSession();
  const doc = buildArchiveDocument(session, parlioQuestions(), { publishedAt: NOW, generator: 'Parley test' });

  it('says when it took place, that unanswered questions are hidden, and how many were answered', () => {
    const message = renderArchiveMessage(session, doc);
    expect(message).toEqual({
      content: [
        '## AMA with Salil Shetty — Secretary General of Amnesty International',
        '*Secretary General @ Amnesty International*',
        `This AMA took place between <t:${START}:F> and <t:${END}:F>. Unanswered questions have been hidden.`,
        '**15 questions** · asked in <#300000000000000001>',
      ].join('\n'),
      allowed_mentions: SILENT,
    });
  });

  it('links the hosted archive when there is one, and only over http(s)', () => {
    const { content } = renderArchiveMessage(session, doc, { archiveUrl: 'https://example.org/ama/3' });
    expect(content.split('\n').at(-1)).toBe('Read it online: <https://example.org/ama/3>');
    expect(() => renderArchiveMessage(session, doc, { archiveUrl: 'javascript:alert(1)' })).toThrow(/http/);
  });

  it('counts one question in the singular', () => {
    const one = { ...doc, questions: doc.questions.slice(0, 1) };
    expect(renderArchiveMessage(session, one).content).toContain('**1 question**');
  });
});
