// How long the archive takes to build and render, and how much memory it needs, for sessions
// far bigger than any real AMA: `npx tsx bench/archive-render.ts` (sizes 1k, 10k, 50k), or
// `npx tsx bench/archive-render.ts 20000` for one size. Each size runs in a fresh process so
// its peak memory is its own. Questions and answers are the Parlio AMA's, cycled.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildArchiveDocument } from '../archive/build.js';
import { renderArchiveHtml } from '../archive/html.js';
import { renderArchiveJson } from '../archive/json.js';
import { renderArchiveMarkdown } from '../archive/markdown.js';
import { DEFAULT_LIMITS, type Question, type Session } from '../storage/model.js';

const DEFAULT_SIZES = [1_000, 10_000, 50_000];

/** One size's figures, as the bench runner reads them (bench/run.ts). */
export interface ArchiveRenderResult {
  questions: number;
  buildMs: number;
  markdownMs: number;
  htmlMs: number;
  jsonMs: number;
  bytes: { md: number; html: number; json: number };
  peakRssMb: number;
}

const size = Number(process.argv[2]);
if (Number.isInteger(size) && size > 0) {
  console.log(JSON.stringify(measure(size)));
} else {
  const rows = DEFAULT_SIZES.map((count) => JSON.parse(runChild(count)) as ArchiveRenderResult);
  console.table(
    rows.map((row) => ({
      questions: row.questions,
      'build ms': row.buildMs,
      'markdown ms': row.markdownMs,
      'html ms': row.htmlMs,
      'json ms': row.jsonMs,
      'html MB': (row.bytes.html / 1e6).toFixed(1),
      'md MB': (row.bytes.md / 1e6).toFixed(1),
      'json MB': (row.bytes.json / 1e6).toFixed(1),
      'peak RSS MB': row.peakRssMb,
    })),
  );
}

function runChild(count: number): string {
  const script = fileURLToPath(import.meta.url);
  return execFileSync(process.execPath, ['--import', 'tsx', script, String(count)], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim();
}

function measure(count: number): ArchiveRenderResult {
  const { session, questions } = syntheticSession(count);
  const time = <T>(run: () => T): [T, number] => {
    const started = performance.now();
    const value = run();
    return [value, Math.round(performance.now() - started)];
  };
  const [doc, buildMs] = time(() =>
    buildArchiveDocument(session, questions, { publishedAt: session.endsAt, generator: 'bench', askedTimes: questions.map((q) => q.askedAt) }),
  );
  const [md, markdownMs] = time(() => renderArchiveMarkdown(doc));
  const [html, htmlMs] = time(() => renderArchiveHtml(doc));
  const [json, jsonMs] = time(() => renderArchiveJson(doc));
  return {
    questions: count,
    buildMs,
    markdownMs,
    htmlMs,
    jsonMs,
    bytes: { md: Buffer.byteLength(md), html: Buffer.byteLength(html), json: Buffer.byteLength(json) },
    // maxRSS is in kilobytes.
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

function syntheticSession(count: number): { session: Session; questions: Question[] } {
  const fixture = JSON.parse(readFileSync(new URL('../../shared/fixtures/parlio-amnesty-2015.json', import.meta.url), 'utf8')) as {
    questions: Array<{ askerTitle: string | null; question: string; answer: string }>;
  };
  const start = Date.parse('2015-10-02T00:00:00Z');
  const end = start + 6 * 86_400_000;
  const host = { id: '1', name: 'Salil Shetty', title: 'Secretary General @ Amnesty International' };
  const questions = Array.from({ length: count }, (_, index): Question => {
    const entry = fixture.questions[index % fixture.questions.length]!;
    const askedAt = start + Math.floor(((end - start) * index) / count);
    return {
      guildId: '1',
      sessionId: 1,
      number: index + 1,
      asker: { id: String(index + 2), name: `Member ${index + 1}`, title: entry.askerTitle },
      anonymous: false,
      text: entry.question,
      askedAt,
      status: 'answered',
      votes: index % 7,
      alsoAskedBy: 0,
      answerVersion: 1,
      answer: { text: entry.answer, answeredAt: Math.min(askedAt + 3_600_000, end), host },
      messageId: null,
      threadId: null,
      answerMessageIds: [],
      markedAnswered: true,
      answerSyncedVersion: 1,
      reviewMessageId: null,
    };
  });
  const session: Session = {
    guildId: '1',
    id: 1,
    title: 'Human rights, the SDGs and Amnesty International',
    host,
    cohosts: [],
    intro: 'Hi everyone, namaste.',
    channelId: '2',
    archiveChannelId: '2',
    startsAt: start,
    endsAt: end,
    status: 'closed',
    createdBy: '3',
    createdAt: start,
    moderated: false,
    reviewChannelId: null,
    allowAnonymous: false,
    collectEarly: false,
    limits: DEFAULT_LIMITS,
    openedAt: start,
    closedAt: end,
    questionCount: count,
    answeredCount: count,
    introMessageId: null,
    archiveMessageId: null,
  };
  return { session, questions };
}
