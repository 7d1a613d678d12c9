import { describe, expect, it } from 'vitest';
import { buildArchiveDocument } from '../../archive/build.js';
import { archiveDocumentSchema } from '../../archive/schema.js';
import { parlio, parlioQuestions, parlioSession, question, UNANSWERED } from './support/parlio.js';

const PUBLISHED = Date.parse('2015-10-09T10:00:00Z');
const build = (questions = parlioQuestions(), session = parlioSession()) =>
  buildArchiveDocument(session, questions, { publishedAt: PUBLISHED, generator: 'Parley 0.1.0' });

describe('buildArchiveDocument', () => {
  it('builds a document the schema accepts', () => {
    expect(archiveDocumentSchema.parse(build())).toEqual(build());
  });

  it('carries the session with ISO times and the asked count', () => {
    const doc = build();
    expect(doc).toMatchObject({
      schemaVersion: 1,
      generator: 'Parley 0.1.0',
      publishedAt: '2015-10-09T10:00:00.000Z',
      session: {
        id: 3,
        title: 'Secretary General of Amnesty International',
        host: { name: 'Salil Shetty', title: 'Secretary General @ Amnesty International' },
        intro: parlio.intro,
        startedAt: '2015-10-02T00:00:00.000Z',
        endedAt: '2015-10-08T23:59:00.000Z',
      },
      askedCount: 18,
    });
  });

  it('keeps answered questions only, in the order they were answered', () => {
    const doc = build();
    expect(doc.questions.map((entry) => entry.text)).toEqual(parlio.questions.map((entry) => entry.question));
    expect(doc.questions.map((entry) => entry.number)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(JSON.stringify(doc)).not.toMatch(/UNANSWERED/);
    expect(doc.questions.some((entry) => UNANSWERED.some((text) => entry.text === text))).toBe(false);
  });

  it('orders answers given at the same moment by question number', () => {
    const answer = { text: 'A', answeredAt: 100, host: parlioSession().host };
    const questions = [9, 2, 5].map((number) => question({ number, status: 'answered', answer }));
    expect(build(questions).questions.map((entry) => entry.number)).toEqual([2, 5, 9]);
  });

  it('carries each question and answer with names and title lines but no Discord ids', () => {
    const doc = build();
    expect(doc.questions[0]).toEqual({
      number: 15,
      asker: { name: 'Asker 1', title: 'Researcher @ Harvard | Parlio community manager' },
      text: parlio.questions[0]?.question,
      askedAt: '2015-10-02T15:00:00.000Z',
      votes: 0,
      answer: {
        text: parlio.questions[0]?.answer,
        answeredAt: '2015-10-03T00:00:00.000Z',
        host: { name: 'Salil Shetty', title: 'Secretary General @ Amnesty International' },
      },
    });
    const json = JSON.stringify(doc);
    expect(json).not.toMatch(/\d{17,20}/);
    expect(json).not.toContain('"id":"');
  });

  it('uses the scheduled times when the session has no recorded open or close', () => {
    const doc = build(parlioQuestions(), parlioSession({ openedAt: null, closedAt: null, startsAt: 0, endsAt: 60_000 }));
    expect(doc.session.startedAt).toBe('1970-01-01T00:00:00.000Z');
    expect(doc.session.endedAt).toBe('1970-01-01T00:01:00.000Z');
  });

  it('fills in a blank name and drops a blank title line, so the schema still holds', () => {
    const answer = { text: 'A', answeredAt: 1, host: { id: '1', name: '  ', title: ' ' } };
    const doc = build([question({ number: 1, status: 'answered', answer, asker: { id: '2', name: '', title: '' } })]);
    expect(doc.questions[0]?.asker).toEqual({ name: 'Unknown member', title: null });
    expect(doc.questions[0]?.answer.host).toEqual({ name: 'Unknown member', title: null });
    expect(() => archiveDocumentSchema.parse(doc)).not.toThrow();
  });

  it('builds an empty archive when nothing was answered', () => {
    const doc = build(parlioQuestions().filter((entry) => !entry.answer));
    expect(doc.questions).toEqual([]);
    expect(() => archiveDocumentSchema.parse(doc)).not.toThrow();
  });
});

describe('folded duplicates', () => {
  it('show as "also asked by N members" in every archive file, and not at all when none were folded', async () => {
    const { buildArchiveDocument } = await import('../../archive/build.js');
    const { renderArchiveHtml } = await import('../../archive/html.js');
    const { renderArchiveMarkdown } = await import('../../archive/markdown.js');
    const { parseArchiveJson, renderArchiveJson } = await import('../../archive/json.js');
    const { parlioQuestions, parlioSession } = await import('./support/parlio.js');
    const questions = parlioQuestions().map((q, index) => (index === 1 ? { ...q, alsoAskedBy: 3 } : q));
    const doc = buildArchiveDocument(parlioSession(), questions, { publishedAt: Date.UTC(2015, 9, 9), generator: 'test' });
    expect(doc.questions.filter((q) => q.alsoAskedBy === 3)).toHaveLength(1);
    expect(doc.questions.filter((q) => q.alsoAskedBy !== undefined)).toHaveLength(1);
    expect(renderArchiveHtml(doc).match(/also asked by 3 members/g)).toHaveLength(1);
    expect(renderArchiveMarkdown(doc).match(/also asked by 3 members/g)).toHaveLength(1);
    expect(parseArchiveJson(renderArchiveJson(doc)).questions.find((q) => q.alsoAskedBy)?.alsoAskedBy).toBe(3);
  });
});
