// How late opens and closes happen after their due time: `npx tsx bench/job-lateness.ts`
// (in-process workers) or `npx tsx bench/job-lateness.ts --processes 3` (three worker processes,
// bot/worker-main.ts, racing for the same jobs). 100 sessions open and close at staggered
// near-future times through real BullMQ delayed jobs against the local Redis and the Discord
// stand-in; lateness is what Redis recorded: openedAt − startsAt and closedAt − endsAt, plus the
// archive's message time (its snowflake) − endsAt. Prints a table and the numbers as JSON.
//
// Options: --sessions N (100), --spread-ms N (5000: due times are spread over this window),
// --processes N (0 = workers in this process).

import { REST, SnowflakeUtil } from 'discord.js';
import { Redis } from 'ioredis';
import { createLogger } from '../bot/logger.js';
import { discordArchivePostsOverRest } from '../jobs/discord-archive-rest.js';
import { discordEventsOverRest } from '../jobs/discord-events-rest.js';
import { discordMessagesOverRest } from '../jobs/discord-rest.js';
import { createQueues } from '../jobs/queues.js';
import { JobScheduler } from '../jobs/scheduler.js';
import { createWorkers } from '../jobs/workers.js';
import type { Session } from '../storage/model.js';
import { ProfileStore } from '../storage/profile-store.js';
import { QuestionStore } from '../storage/question-store.js';
import { SessionStore } from '../storage/session-store.js';
import { startDiscordStandIn } from '../tests/discord-stand-in/index.js';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../tests/support/redis.js';
import { WorkerProcess } from '../tests/support/parley-process.js';
import { sessionInput } from '../tests/support/sessions.js';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

const SESSIONS = option('sessions', 100);
const SPREAD_MS = option('spread-ms', 5_000);
const PROCESSES = option('processes', 0);
/** From the moment workers run to the first due time: sessions are created in between. */
const LEAD_MS = 3_000;
const OPEN_FOR_MS = 8_000;

export interface Lateness {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  min: number;
}

function summarize(samples: number[]): Lateness {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return { n: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted.at(-1)!, min: sorted[0]! };
}

async function main(): Promise<void> {
  const log = createLogger('silent');
  const discord = await startDiscordStandIn();
  const guildId = discord.createGuild({ name: 'Lateness' }).id;
  const channelId = discord.createTextChannel(guildId, { name: 'ama' }).id;
  const prefix = uniquePrefix('lateness');
  const redis = new Redis(TEST_REDIS_URL);
  const workerRedis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const queues = createQueues(redis, prefix);
  const scheduler = new JobScheduler(queues);
  const sessions = new SessionStore(redis, prefix);
  const questions = new QuestionStore(redis, prefix);
  const rest = new REST({ api: discord.apiUrl }).setToken(discord.token);
  const noRetry = new REST({ api: discord.apiUrl, retries: 0 }).setToken(discord.token);

  const processes: WorkerProcess[] = [];
  let inProcess: ReturnType<typeof createWorkers> | null = null;
  if (PROCESSES > 0) {
    for (let index = 0; index < PROCESSES; index++) {
      processes.push(new WorkerProcess(`w${index + 1}`, { DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, REDIS_URL: TEST_REDIS_URL, PARLEY_KEY_PREFIX: prefix }));
    }
    await Promise.all(processes.map((worker) => worker.start()));
  } else {
    inProcess = createWorkers(
      { connection: workerRedis, keyPrefix: prefix },
      { sessions, questions, profiles: new ProfileStore(redis, prefix), scheduler, discord: discordMessagesOverRest(rest), archivePosts: discordArchivePostsOverRest(noRetry), events: discordEventsOverRest(noRetry), now: Date.now, log, generator: 'bench' },
    );
  }

  const first = Date.now() + LEAD_MS;
  const created: Session[] = [];
  for (let index = 0; index < SESSIONS; index++) {
    const startsAt = first + Math.round((index * SPREAD_MS) / SESSIONS);
    const session = await sessions.create(sessionInput({ guildId, channelId, title: `Lateness ${index + 1}`, startsAt, endsAt: startsAt + OPEN_FOR_MS, createdAt: Date.now(), reminderOffsets: [] }));
    created.push(session);
    await scheduler.scheduleLifecycle(session);
    await scheduler.syncEvent({ guildId, sessionId: session.id }, 'scheduled');
  }
  if (Date.now() > first) throw new Error('sessions were created after the first due time; raise the lead time');

  const last = first + SPREAD_MS + OPEN_FOR_MS;
  const done = await discord.waitFor(
    async () => {
      const now = await Promise.all(created.map((session) => sessions.get(guildId, session.id)));
      return now.every((session) => session?.archiveMessageId) ? (now as Session[]) : undefined;
    },
    { timeoutMs: last - Date.now() + 60_000, intervalMs: 200, description: 'every archive published' },
  );

  const opens = summarize(done.map((session) => session.openedAt! - session.startsAt));
  const closes = summarize(done.map((session) => session.closedAt! - session.endsAt));
  const archives = summarize(done.map((session) => SnowflakeUtil.timestampFrom(session.archiveMessageId!) - session.endsAt));
  const archiveCounts = new Map<string, number>();
  for (const message of discord.channelMessages(channelId)) {
    const file = message.attachments[0]?.filename;
    if (file) archiveCounts.set(file, (archiveCounts.get(file) ?? 0) + 1);
  }

  const row = (name: string, l: Lateness) =>
    `| ${name.padEnd(26)} | ${String(l.n).padStart(4)} | ${String(l.p50).padStart(6)} | ${String(l.p90).padStart(6)} | ${String(l.p99).padStart(6)} | ${String(l.max).padStart(6)} |`;
  const workersLabel = PROCESSES > 0 ? `${PROCESSES} worker processes` : 'workers in-process';
  console.log(`\nJob lateness, ms after the due time (${SESSIONS} sessions due over ${SPREAD_MS} ms, ${workersLabel})\n`);
  console.log('| transition                 |    n |    p50 |    p90 |    p99 |    max |');
  console.log('|----------------------------|------|--------|--------|--------|--------|');
  console.log(row('open (openedAt − startsAt)', opens));
  console.log(row('close (closedAt − endsAt)', closes));
  console.log(row('archive posted − endsAt', archives));
  console.log(`\narchives published: ${archiveCounts.size} sessions, each once: ${[...archiveCounts.values()].every((c) => c === 1)}`);
  console.log(JSON.stringify({ sessions: SESSIONS, spreadMs: SPREAD_MS, processes: PROCESSES, opens, closes, archives }));

  await Promise.all(processes.map((worker) => worker.stop()));
  await Promise.all([inProcess?.lifecycle.close(), inProcess?.discord.close()]);
  await Promise.all([queues.lifecycle.close(), queues.discord.close()]);
  await deleteKeys(redis, prefix);
  await Promise.all([redis.quit(), workerRedis.quit()]);
  await discord.close();
}

await main();
