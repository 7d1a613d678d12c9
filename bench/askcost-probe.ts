import { QuestionStore } from '../storage/question-store.js';
import { openSession, askMany } from './lib/sessions.js';
import { questionTexts } from './lib/world.js';
import { testRedis, uniquePrefix, deleteKeys } from '../tests/support/redis.js';
const redis = testRedis();
const prefix = uniquePrefix('askcost');
const now = Date.now();
await openSession(redis, prefix, now);
const qs = new QuestionStore(redis, prefix);
const texts = questionTexts(Number(process.argv[2] ?? 1500), 7);
const step = 250;
for (let i = 0; i < texts.length; i += step) {
  await redis.config('RESETSTAT');
  const times: number[] = [];
  await askMany(qs, texts.slice(i, i + step), now, { firstMember: i, onAsked: (_, ms) => times.push(ms) });
  const stats = await redis.info('commandstats');
  const line = /cmdstat_evalsha:calls=(\d+),usec=(\d+)/.exec(stats)!;
  times.sort((a, b) => a - b);
  console.log(i, 'client p50', times[step / 2]!.toFixed(2), 'server usec/ask', (Number(line[2]) / Number(line[1])).toFixed(0));
}
await deleteKeys(redis, prefix); await redis.quit();
