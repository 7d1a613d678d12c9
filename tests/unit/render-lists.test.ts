import { describe, expect, it } from 'vitest';
import { fitLines } from '../../bot/render/fit-lines.js';
import { renderQueue } from '../../bot/render/queue.js';
import { renderSessionList, renderSessionSummaryLine } from '../../bot/render/session-summary.js';
import { asker, parlio, parlioQuestions, parlioSession, question } from './support/parlio.js';

const START = Date.parse(parlio.startedAt) / 1000;
const END = Date.parse(parlio.endedAt) / 1000;
const HEADING = 'AMA with Salil Shetty — Secretary General of Amnesty International';

describe('renderSessionSummaryLine', () => {
  it('says where each session stands', () => {
    expect(renderSessionSummaryLine(parlioSession({ status: 'scheduled' }))).toBe(`#3 · ${HEADING} · opens <t:${START}:R>`);
    expect(renderSessionSummaryLine(parlioSession({ status: 'open' }))).toBe(`#3 · ${HEADING} · open until <t:${END}:R>`);
    expect(renderSessionSummaryLine(parlioSession({ status: 'closed' }))).toBe(`#3 · ${HEADING} · closed · 15 of 18 answered`);
    expect(renderSessionSummaryLine(parlioSession({ status: 'cancelled' }))).toBe(`#3 · ${HEADING} · cancelled`);
  });

  it('escapes a title that is Markdown', () => {
    expect(renderSessionSummaryLine(parlioSession({ title: '**Big** _news_' }))).toContain('— \\*\\*Big\\*\\* \\_news\\_ ·');
  });
});

describe('renderSessionList', () => {
  it('lists sessions in the order given, within one message', () => {
    const sessions = Array.from({ length: 40 }, (_, index) => parlioSession({ id: index + 1, title: 'T'.repeat(150) }));
    const { content, allowed_mentions } = renderSessionList(sessions);
    expect(allowed_mentions).toEqual({ parse: [] });
    expect(content.length).toBeLessThanOrEqual(2000);
    expect(content.split('\n')[1]).toMatch(/^#1 · /);
    expect(content).toMatch(/\n…and \d+ more$/);
  });

  it('says so when there are none', () => {
    expect(renderSessionList([]).content).toBe('**AMAs**\nNone yet.');
  });
});

describe('renderQueue', () => {
  const session = parlioSession({ status: 'open' });

  it('lists waiting questions in queue order with their votes, askers and previews', () => {
    // Storage ranks the queue (most votes, then oldest); rendering keeps that order.
    const pending = [
      question({ number: 7, askedAt: 3000, asker: asker(7), text: 'Most voted', votes: 4 }),
      question({ number: 2, askedAt: 1000, asker: asker(2), text: 'First asked\nwith two lines' }),
      question({ number: 5, askedAt: 2000, asker: asker(5), text: 'Second asked' }),
    ];
    expect(renderQueue(session, pending).content).toBe(
      [
        `**3 questions waiting** · #3 · ${HEADING}`,
        '`Q7` ▲ 4 · **Asker 7** · Most voted',
        '`Q2` ▲ 0 · **Asker 2** · First asked with two lines',
        '`Q5` ▲ 0 · **Asker 5** · Second asked',
      ].join('\n'),
    );
  });

  it('shows anonymous askers as Anonymous, revealing them to moderators only', () => {
    const pending = [question({ number: 3, asker: asker(3), anonymous: true, text: 'Quietly asked' })];
    expect(renderQueue(session, pending).content).toContain('`Q3` ▲ 0 · **Anonymous** · Quietly asked');
    expect(renderQueue(session, pending).content).not.toContain('Asker 3');
    expect(renderQueue(session, pending, { revealAnonymous: true }).content).toContain(`**Anonymous** (asked by <@${asker(3).id}>)`);
  });

  it('leaves out answered questions', () => {
    const content = renderQueue(session, parlioQuestions()).content;
    expect(content.split('\n')[0]).toMatch(/^\*\*3 questions waiting\*\*/);
    expect(content).toContain('UNANSWERED-ONE');
    expect(content).not.toContain('clicktivism');
  });

  it('shows one page of `limit` questions with paging buttons', () => {
    const pending = Array.from({ length: 5 }, (_, index) => question({ number: index + 1, askedAt: index, text: `Question ${index + 1}` }));
    const body = renderQueue(session, pending, { limit: 5, total: 25, page: 0 });
    const lines = body.content.split('\n');
    expect(lines[0]).toMatch(/^\*\*25 questions waiting\*\* .* page 1 of 5$/);
    expect(lines).toHaveLength(6);
    const buttons = body.components![0]!.components;
    expect(buttons.map((b) => ['label' in b ? b.label : undefined, b.disabled ?? false])).toEqual([
      ['◀ Previous', true],
      ['Next ▶', false],
    ]);
    expect(buttons[1]).toMatchObject({ custom_id: 'queue-page:3:1' });
  });

  it('counts the rest when everything fits one page', () => {
    const page = Array.from({ length: 3 }, (_, index) => question({ number: index + 1, askedAt: index, text: `Question ${index + 1}` }));
    const body = renderQueue(session, page, { limit: 15, total: 3 });
    expect(body.content.split('\n')).toHaveLength(4);
    expect(body.components).toEqual([]);
  });

  it('fits 2000 characters however long the questions are', () => {
    const pending = Array.from({ length: 60 }, (_, index) =>
      question({ number: index + 1, askedAt: index, text: 'A very long question indeed. '.repeat(40) }),
    );
    const { content } = renderQueue(session, pending, { limit: 60 });
    expect(content.length).toBeLessThanOrEqual(2000);
    const shown = content.split('\n').filter((line) => line.startsWith('`Q')).length;
    expect(content.endsWith(`…and ${60 - shown} more`)).toBe(true);
    expect(shown).toBeGreaterThan(5);
  });

  it('says when nothing is waiting', () => {
    expect(renderQueue(session, []).content).toBe(`**0 questions waiting** · #3 · ${HEADING}\nNothing to answer right now.`);
  });
});

describe('fitLines', () => {
  it('keeps everything that fits and nothing more', () => {
    expect(fitLines('H', ['a', 'b', 'c'])).toBe('H\na\nb\nc');
    expect(fitLines('H', ['aaaa', 'bbbb', 'cccc'], { limit: 16 })).toBe('H\naaaa\nbbbb\ncccc');
    expect(fitLines('H', ['aaaa', 'bbbb', 'cccc', 'dddd'], { limit: 18 })).toBe('H\naaaa\n…and 3 more');
    expect(fitLines('H', ['aaaa', 'bbbb', 'cccc'], { limit: 15 })).toBe('H\n…and 3 more');
    expect(fitLines('H', ['a', 'b', 'c'], { maxLines: 2 })).toBe('H\na\nb\n…and 1 more');
    expect(fitLines('H', ['a', 'b'], { notPassed: 5 })).toBe('H\na\nb\n…and 5 more');
    expect(fitLines('H', ['aaaa', 'bbbb'], { limit: 11 })).toBe('H\naaaa\nbbbb');
  });

  it('never exceeds the limit, for any number of lines', () => {
    for (let count = 0; count < 300; count += 7) {
      const lines = Array.from({ length: count }, (_, index) => `line ${index} `.repeat((index % 9) + 1));
      const text = fitLines('Header', lines, { limit: 500 });
      expect(text.length).toBeLessThanOrEqual(500);
      const shown = text.split('\n').length - 1 - (text.includes('…and') ? 1 : 0);
      if (shown < count) expect(text.endsWith(`…and ${count - shown} more`)).toBe(true);
    }
  });
});
