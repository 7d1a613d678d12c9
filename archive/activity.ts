// How many questions were asked and answered in each stretch of the session: the numbers
// behind the page's activity chart. Pure arithmetic on the document, no markup.

import type { ArchiveDocument } from './schema.js';

export interface Activity {
  /** Epoch ms where the first bucket starts: the session's start. */
  start: number;
  bucketMs: number;
  /** "hour", "2 hours", "day"…: what one bucket spans, for captions. */
  bucketLabel: string;
  asked: number[];
  answered: number[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Round spans a reader can say out loud, smallest first; the first that needs at most
// MAX_BUCKETS buckets is used, so an hour-long AMA gets quarter hours and a week gets 6 hours.
const BUCKET_SIZES: ReadonlyArray<readonly [number, string]> = [
  [15 * MINUTE, '15 minutes'],
  [30 * MINUTE, '30 minutes'],
  [HOUR, 'hour'],
  [2 * HOUR, '2 hours'],
  [3 * HOUR, '3 hours'],
  [6 * HOUR, '6 hours'],
  [12 * HOUR, '12 hours'],
  [DAY, 'day'],
  [2 * DAY, '2 days'],
  [7 * DAY, 'week'],
  [30 * DAY, '30 days'],
];
export const MAX_BUCKETS = 48;

/**
 * Asked counts come from the document's timeline (every question asked); a document without
 * one (written before the timeline existed) falls back to the answered questions' ask times.
 * Times outside the session, which clock skew could produce, count in the nearest bucket.
 */
export function activityOf(doc: ArchiveDocument): Activity {
  const start = Date.parse(doc.session.startedAt);
  const span = Math.max(Date.parse(doc.session.endedAt) - start, 1);
  const [bucketMs, bucketLabel] = BUCKET_SIZES.find(([size]) => Math.ceil(span / size) <= MAX_BUCKETS) ?? BUCKET_SIZES.at(-1)!;
  const count = Math.min(Math.max(Math.ceil(span / bucketMs), 1), MAX_BUCKETS);

  const bucketOf = (isoTime: string) => Math.min(Math.max(Math.floor((Date.parse(isoTime) - start) / bucketMs), 0), count - 1);
  const asked = new Array<number>(count).fill(0);
  const answered = new Array<number>(count).fill(0);
  const askedTimes = doc.timeline?.askedAt ?? doc.questions.map((question) => question.askedAt);
  for (const time of askedTimes) asked[bucketOf(time)]! += 1;
  for (const question of doc.questions) answered[bucketOf(question.answer.answeredAt)]! += 1;
  return { start, bucketMs, bucketLabel, asked, answered };
}
