import { REST } from 'discord.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../bot/logger.js';
import { discordArchivePostsOverRest } from '../../jobs/discord-archive-rest.js';
import { discordMessagesOverRest } from '../../jobs/discord-rest.js';
import { closeSessionJob } from '../../jobs/processors/close-session.js';
import { publishArchiveJob } from '../../jobs/processors/publish-archive.js';
import { syncQuestionJob } from '../../jobs/processors/sync-question.js';
import { createQueues, type ParleyQueues } from '../../jobs/queues.js';
import { JobScheduler } from '../../jobs/scheduler.js';
import { createWorkers, type ParleyWorkers, type WorkerDeps } from '../../jobs/workers.js';
import { ProfileStore } from '../../storage/profile-store.js';
import { QuestionStore } from '../../storage/question-store.js';
import { createWorkerRedis, type RedisClient } from '../../storage/redis.js';
import { SessionStore } from '../../storage/session-store.js';
import { startDiscordStandIn, type DiscordStandIn } from '../discord-stand-in/index.js';
import { deleteKeys, TEST_REDIS_TARGET, testRedis, uniquePrefix } from '../support/redis.js';
import { sessionInput } from '../support/sessions.js';

// The jobs against real Redis, real BullMQ and Discord's REST API as the stand-in serves it
// (no gateway needed: workers talk to Discord by REST only).

const log = createLogger(process.env.PARLEY_TEST_LOG_LEVEL ?? 'silent');
const redis = testRedis();
let discord: DiscordStandIn;
let guildId: string;
let channelId: string;
let prefix: string;
let queues: ParleyQueues;
let sessions: SessionStore;
let questions: QuestionStore;
let scheduler: JobScheduler;
let deps: WorkerDeps;

beforeAll(async () => {
  discord = await startDiscordStandIn();
  const guild = discord.createGuild({ name: 'Jobs' });
  guildId = guild.id;
  channelId = discord.createTextChannel(guild.id, { name: 'ama' }).id;
});

afterAll(async () => {
  await discord.close();
  await redis.quit();
});

beforeEach(() => {
  prefix = uniquePrefix('jobs');
  queues = createQueues(redis, prefix);
  sessions = new SessionStore(redis, prefix);
  questions = new QuestionStore(redis, prefix);
  scheduler = new JobScheduler(queues);
  const rest = new REST({ api: discord.apiUrl, retries: 0 }).setToken(discord.token);
  deps = { sessions, questions, profiles: new ProfileStore(redis, prefix), scheduler, discord: discordMessagesOverRest(rest), archivePosts: discordArchivePostsOverRest(rest), now: Date.now, log, generator: 'test' };
});

afterEach(async () => {
  await Promise.all([queues.lifecycle.close(), queues.discord.close()]);
  await deleteKeys(redis, prefix);
});

async function openSessionWithQuestion(endsIn = 3_600_000) {
  const now = Date.now();
  const session = await sessions.create(
    sessionInput({ guildId, channelId, title: 'Jobs', startsAt: now, endsAt: now + endsIn, createdAt: now }),
  );
  await sessions.open(guildId, session.id, now, 'due');
  const asked = await questions.ask({
    guildId,
    interactionId: String(now),
    channelId,
    parentChannelId: null,
    sessionId: null,
    asker: { id: '3', name: 'Asker' },
    text: `A question from ${prefix}`,
    anonymous: false,
    now,
  });
  if (!asked.ok) throw new Error('ask failed');
  return { ...session, ref: { guildId, sessionId: session.id, number: asked.number } };
}

const postedWith = (text: string) => discord.channelMessages(channelId).filter((m) => m.content.includes(text));

describe('posting a question', () => {
  it('posts once when retried after the post succeeded but its record was lost', async () => {
    const { ref } = await openSessionWithQuestion();
    expect(await syncQuestionJob(ref, deps)).toBe('pending');
    // The crash window: Discord has the message, Redis lost the record of it.
    await redis.hdel(`${prefix}:{${guildId}}:s:${ref.sessionId}:q:${ref.number}`, 'messageId');
    expect(await syncQuestionJob(ref, deps)).toBe('pending');
    expect(postedWith(`A question from ${prefix}`)).toHaveLength(1);
    expect((await questions.get(guildId, ref.sessionId, ref.number))?.messageId).toBe(postedWith(prefix)[0]!.id);
    discord.assertNoViolations();
  });

  it('posts once when two runs race, and answers once into one thread', async () => {
    const { ref } = await openSessionWithQuestion();
    await Promise.all([syncQuestionJob(ref, deps), syncQuestionJob(ref, deps)]);
    expect(postedWith(`A question from ${prefix}`)).toHaveLength(1);

    await questions.answer({
      guildId,
      sessionId: ref.sessionId,
      number: ref.number,
      host: { id: '1', name: 'Host', title: null },
      text: 'An answer.',
      now: Date.now(),
      interactionId: `answer-${prefix}`,
    });
    await Promise.all([syncQuestionJob(ref, deps), syncQuestionJob(ref, deps)]);
    const question = await questions.get(guildId, ref.sessionId, ref.number);
    expect(question?.threadId).toBe(question?.messageId);
    expect(discord.channelMessages(question!.threadId!)).toHaveLength(1);
    expect(await questions.unsynced(guildId, ref.sessionId)).toEqual([]);
    // The run that lost the race to start the thread met Discord's 160004 and used the existing one.
    expect(discord.takeViolations((v) => v.code === 160004)).toHaveLength(1);
    discord.assertNoViolations();
  });
});

describe('closing', () => {
  it('closes once and queues one archive, however many times the close job runs', async () => {
    const session = await openSessionWithQuestion(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const outcomes = await Promise.all([1, 2, 3].map(() => closeSessionJob(session.ref, deps)));
    expect(outcomes.sort()).toEqual(['already-closed', 'already-closed', 'closed']);
    expect(await queues.discord.getJobCountByTypes('waiting', 'delayed', 'prioritized')).toBe(3); // sync-session + sync-event + publish-archive
  });

  it('publishes the archive once when the publish job runs twice', async () => {
    const session = await openSessionWithQuestion(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await closeSessionJob(session.ref, deps);
    const results = await Promise.all([publishArchiveJob(session.ref, deps), publishArchiveJob(session.ref, deps)]);
    expect(results).toContain('published');
    expect(await publishArchiveJob(session.ref, deps)).toBe('already-published');
    const archives = discord.channelMessages(channelId).filter((m) => m.attachments.length === 3 && m.content.includes('Jobs'));
    expect(archives.filter((m) => m.id === archives.at(-1)!.id)).toHaveLength(1);
    expect(new Set(archives.map((m) => m.nonce)).size).toBe(archives.length);
    expect(await sessions.listActive()).toEqual([]);
  });
});

describe('the scheduled close', () => {
  let workers: ParleyWorkers | undefined;
  let workerRedis: RedisClient | undefined;
  afterEach(async () => {
    await Promise.all([workers?.lifecycle.close(), workers?.discord.close()]);
    await workerRedis?.quit();
  });

  it('closes the session at its end time and publishes the archive, through real workers', async () => {
    const session = await openSessionWithQuestion(800);
    await scheduler.scheduleLifecycle({ ...session, status: 'open' });
    workerRedis = createWorkerRedis(TEST_REDIS_TARGET);
    workers = createWorkers({ connection: workerRedis, keyPrefix: prefix }, deps);
    const closed = await discord.waitFor(async () => (await sessions.get(guildId, session.id))?.archiveMessageId, {
      timeoutMs: 10_000,
      description: 'the archive published',
    });
    const stored = await sessions.get(guildId, session.id);
    expect(stored?.status).toBe('closed');
    expect(stored!.closedAt! - session.endsAt).toBeGreaterThanOrEqual(0);
    expect(discord.message(closed)?.attachments).toHaveLength(3);
  });
});
