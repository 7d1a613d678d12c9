import { QueueEvents } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { archiveFilePrefix } from '../../archive/files.js';
import { bullPrefix, createQueues, DISCORD_QUEUE, type ParleyQueues } from '../../jobs/queues.js';
import { JobScheduler } from '../../jobs/scheduler.js';
import type { Session } from '../../storage/model.js';
import { SessionStore } from '../../storage/session-store.js';
import { startDiscordStandIn, type DiscordStandIn } from '../discord-stand-in/index.js';
import { deleteKeys, TEST_REDIS_URL, testRedis, uniquePrefix } from '../support/redis.js';
import { WorkerProcess, type JobDone } from '../support/parley-process.js';
import { sessionInput } from '../support/sessions.js';

// Part of the fault suite (`npm run test:faults`): it starts worker processes of its own.
// Opening and closing happen exactly once, whatever runs them: several worker processes
// (bot/worker-main.ts, each its own Node process) racing for the same due jobs, a worker killed
// in the middle of closes, and workers that were all down when the sessions fell due.
// Sessions are created straight in Redis; the workers talk to the stand-in over REST only.

const redis = testRedis();
let discord: DiscordStandIn;
let guildId: string;
let channelId: string;
let archiveChannelId: string;
let prefix: string;
let queues: ParleyQueues;
let sessions: SessionStore;
let scheduler: JobScheduler;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  discord = await startDiscordStandIn();
  const guild = discord.createGuild({ name: 'Exactly once' });
  guildId = guild.id;
});

afterAll(async () => {
  await discord.close();
  await redis.quit();
});

afterEach(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  workers = [];
  await Promise.all([queues.lifecycle.close(), queues.discord.close()]);
  await deleteKeys(redis, prefix);
  discord.faults.clear();
});

/** Each test: its own keys, queues and channels. */
function freshPrefix(label: string): void {
  prefix = uniquePrefix(label);
  channelId = discord.createTextChannel(guildId, { name: `ama-${label}` }).id;
  archiveChannelId = discord.createTextChannel(guildId, { name: `archive-${label}` }).id;
  queues = createQueues(redis, prefix);
  sessions = new SessionStore(redis, prefix);
  scheduler = new JobScheduler(queues);
}

function worker(name: string): WorkerProcess {
  const process = new WorkerProcess(name, {
    DISCORD_TOKEN: discord.token,
    DISCORD_API_URL: discord.apiUrl,
    REDIS_URL: TEST_REDIS_URL,
    PARLEY_KEY_PREFIX: prefix,
    // A killed worker's job is taken over after about this long (production: 30 s).
    JOB_LOCK_MS: '1500',
  });
  workers.push(process);
  return process;
}

async function createSessions(count: number, times: (index: number) => { startsAt: number; endsAt: number }): Promise<Session[]> {
  const created: Session[] = [];
  for (let index = 0; index < count; index++) {
    const { startsAt, endsAt } = times(index);
    created.push(
      await sessions.create(sessionInput({ guildId, channelId, archiveChannelId, title: `Exactly once ${index + 1}`, startsAt, endsAt, createdAt: Date.now(), reminderOffsets: [] })),
    );
  }
  return created;
}

/** Archive messages per session id, from what the stand-in holds. */
function archivesBySession(): Map<number, number> {
  const counts = new Map<number, number>();
  for (const message of discord.channelMessages(archiveChannelId)) {
    const file = message.attachments[0]?.filename ?? '';
    const id = Number(/^ama-(\d+)-/.exec(file)?.[1]);
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

async function waitUntilPublished(created: Session[], timeoutMs: number): Promise<Session[]> {
  return discord.waitFor(
    async () => {
      const now = await Promise.all(created.map((session) => sessions.get(guildId, session.id)));
      return now.every((session) => session?.archiveMessageId) ? (now as Session[]) : undefined;
    },
    { timeoutMs, intervalMs: 100, description: `${created.length} archives published` },
  );
}

const doneJobs = (): JobDone[] => workers.flatMap((w) => w.jobsDone());
/** Jobs of one session that ended with this outcome: close jobs are `close-<g>-<s>-<endsAt>`, archive jobs `archive-<g>-<s>`. */
const outcomesFor = (job: 'close-session' | 'publish-archive', outcome: string, sessionId: number) =>
  doneJobs().filter(
    (done) =>
      done.job === job &&
      done.outcome === outcome &&
      (job === 'close-session' ? done.jobId.startsWith(`close-${guildId}-${sessionId}-`) : done.jobId === `archive-${guildId}-${sessionId}`),
  );

describe('with three worker processes', () => {
  it('closes 30 sessions due at the same instant once each and publishes each archive once', async () => {
    freshPrefix('once3');
    await Promise.all([worker('w1').start(), worker('w2').start(), worker('w3').start()]);
    const closeAt = Date.now() + 2_000;
    const created = await createSessions(30, () => ({ startsAt: Date.now(), endsAt: closeAt }));
    for (const session of created) {
      expect(await sessions.open(guildId, session.id, Date.now(), 'due')).toBe('opened');
      await scheduler.scheduleLifecycle({ ...session, status: 'open' });
    }

    const closed = await waitUntilPublished(created, 30_000);
    // Give any duplicate that was going to appear a chance to.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    for (const session of closed) {
      expect(session.status).toBe('closed');
      expect(session.closedAt!).toBeGreaterThanOrEqual(closeAt);
      expect(outcomesFor('close-session', 'closed', session.id)).toHaveLength(1);
      expect(outcomesFor('publish-archive', 'published', session.id)).toHaveLength(1);
    }
    expect([...archivesBySession().entries()].sort((a, b) => a[0] - b[0])).toEqual(created.map((session) => [session.id, 1]));
    // The three processes really shared the work.
    const closers = new Set(doneJobs().filter((done) => done.job === 'close-session').map((done) => done.worker));
    expect(closers.size).toBeGreaterThan(1);
    expect(await sessions.listActive()).toEqual([]);
    discord.assertNoViolations();
  });
});

describe('a worker killed in the middle of closes', () => {
  it('leaves every session closed once and published once after the others take over its jobs', async () => {
    freshPrefix('oncekill');
    const stalled: string[] = [];
    const events = new QueueEvents(DISCORD_QUEUE, { connection: { url: TEST_REDIS_URL }, prefix: bullPrefix(prefix) });
    events.on('stalled', ({ jobId }) => stalled.push(jobId));
    await events.waitUntilReady();
    try {
      const doomed = worker('doomed');
      await doomed.start();
      // Archive posts hang for 3 s: the kill lands while the doomed worker is posting.
      const slowPosts = discord.faults.add({ method: 'POST', path: new RegExp(`^/channels/${archiveChannelId}/messages$`), delayMs: 3_000, times: Infinity });
      const closeAt = Date.now() + 1_000;
      const created = await createSessions(10, () => ({ startsAt: Date.now(), endsAt: closeAt }));
      for (const session of created) {
        await sessions.open(guildId, session.id, Date.now(), 'due');
        await scheduler.scheduleLifecycle({ ...session, status: 'open' });
      }
      await discord.waitFor(() => slowPosts.hits >= 3 || undefined, { timeoutMs: 15_000, description: 'archive posts in flight' });
      doomed.kill('SIGKILL');
      const inFlight = slowPosts.hits;
      slowPosts.cancel();

      await Promise.all([worker('w2').start(), worker('w3').start()]);
      const closed = await waitUntilPublished(created, 30_000);
      // The doomed worker's posts still reach Discord when their delay ends; let them land.
      await new Promise((resolve) => setTimeout(resolve, 3_500));

      for (const session of closed) {
        expect(session.status).toBe('closed');
        expect(outcomesFor('close-session', 'closed', session.id).length).toBeLessThanOrEqual(1);
      }
      // Each archive once, though some were posted twice: once by the killed worker, once by
      // the worker that took its job over (Discord's enforced nonce answered the second).
      expect([...archivesBySession().entries()].sort((a, b) => a[0] - b[0])).toEqual(created.map((session) => [session.id, 1]));
      expect(discord.requestCount('POST /channels/{channel_id}/messages')).toBeGreaterThan(created.length);
      expect(inFlight).toBeGreaterThanOrEqual(3);
      expect(stalled.filter((id) => id.startsWith('archive-')).length).toBeGreaterThanOrEqual(1);
      expect(await sessions.listActive()).toEqual([]);
      discord.assertNoViolations();
    } finally {
      await events.close();
    }
  });
});

describe('workers that were all down when sessions fell due', () => {
  it('catch up on start: every overdue open and close happens once', async () => {
    freshPrefix('oncedown');
    const now = Date.now();
    // Due while nothing ran: three should have closed, three should be open now, two are still ahead.
    const created = await createSessions(8, (index) =>
      index < 3
        ? { startsAt: now - 3 * 3_600_000, endsAt: now - 3_600_000 }
        : index < 6
          ? { startsAt: now - 60_000, endsAt: now + 3_600_000 }
          : { startsAt: now + 3_600_000, endsAt: now + 7_200_000 },
    );
    // Their jobs were lost with everything else (say, a Redis restart without persistence).
    expect(await queues.lifecycle.count()).toBe(0);

    await Promise.all([worker('w1').start(), worker('w2').start()]);
    const overdueClosed = await waitUntilPublished(created.slice(0, 3), 20_000);
    const opened = await discord.waitFor(
      async () => {
        const list = await Promise.all(created.slice(3, 6).map((session) => sessions.get(guildId, session.id)));
        return list.every((session) => session?.status === 'open') ? (list as Session[]) : undefined;
      },
      { timeoutMs: 10_000, description: 'overdue opens' },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    for (const session of overdueClosed) {
      expect(session.status).toBe('closed');
      expect(outcomesFor('close-session', 'closed', session.id)).toHaveLength(1);
      expect(outcomesFor('publish-archive', 'published', session.id)).toHaveLength(1);
    }
    for (const session of opened) {
      expect(doneJobs().filter((done) => done.job === 'open-session' && done.outcome === 'opened' && done.jobId.startsWith(`open-${guildId}-${session.id}-`))).toHaveLength(1);
      expect(discord.channelMessages(channelId).filter((m) => m.content.includes(`— Exactly once ${session.id}\n`))).toHaveLength(1);
    }
    for (const session of created.slice(6)) expect((await sessions.get(guildId, session.id))?.status).toBe('scheduled');
    expect([...archivesBySession().keys()].sort()).toEqual(created.slice(0, 3).map((session) => session.id).sort());
    expect(archiveFilePrefix(1)).toBe('ama-1-');
    discord.assertNoViolations();
  });
});
