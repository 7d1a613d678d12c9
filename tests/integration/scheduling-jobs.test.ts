import { REST } from 'discord.js';
import { GuildScheduledEventStatus, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../bot/logger.js';
import { discordEventsOverRest } from '../../jobs/discord-events-rest.js';
import { discordMessagesOverRest } from '../../jobs/discord-rest.js';
import { closeSessionJob } from '../../jobs/processors/close-session.js';
import { openSessionJob } from '../../jobs/processors/open-session.js';
import { remindJob } from '../../jobs/processors/remind.js';
import { EventSyncBusyError, syncEventJob, type SyncEventDeps } from '../../jobs/processors/sync-event.js';
import { createQueues, type ParleyQueues } from '../../jobs/queues.js';
import { catchUp } from '../../jobs/recovery.js';
import { JobScheduler } from '../../jobs/scheduler.js';
import { DEFAULT_LIMITS, type Session } from '../../storage/model.js';
import { QuestionStore } from '../../storage/question-store.js';
import { SessionStore, type NewSession } from '../../storage/session-store.js';
import { DEFAULT_BOT_PERMISSIONS } from '../discord-stand-in/permissions.js';
import { startDiscordStandIn, type DiscordStandIn } from '../discord-stand-in/index.js';
import { deleteKeys, testRedis, uniquePrefix } from '../support/redis.js';

// Moving times, reminders and the Discord event, against real Redis and the stand-in's REST API.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const log = createLogger(process.env.PARLEY_TEST_LOG_LEVEL ?? 'silent');
const redis = testRedis();
let discord: DiscordStandIn;
let guildId: string;
let channelId: string;
let prefix: string;
let queues: ParleyQueues;
let sessions: SessionStore;
let scheduler: JobScheduler;
let clock: number;
let eventDeps: SyncEventDeps;

beforeAll(async () => {
  discord = await startDiscordStandIn();
  guildId = discord.createGuild({ name: 'Scheduling' }).id;
});

afterAll(async () => {
  await discord.close();
  await redis.quit();
});

beforeEach(() => {
  prefix = uniquePrefix('sched');
  channelId = discord.createTextChannel(guildId, { name: `ama-${prefix}` }).id;
  queues = createQueues(redis, prefix);
  sessions = new SessionStore(redis, prefix);
  clock = Date.now();
  scheduler = new JobScheduler(queues, () => clock);
  const rest = new REST({ api: discord.apiUrl, retries: 0 }).setToken(discord.token);
  eventDeps = { sessions, events: discordEventsOverRest(rest), now: () => clock, log };
});

afterEach(async () => {
  await Promise.all([queues.lifecycle.close(), queues.discord.close()]);
  await deleteKeys(redis, prefix);
  discord.faults.clear();
});

function newSession(overrides: Partial<NewSession> = {}): Promise<Session> {
  return sessions.create({
    guildId,
    title: 'Scheduling',
    host: { id: '1', name: 'Host', title: 'Researcher' },
    cohosts: [],
    intro: 'Hello.',
    moderated: false,
    reviewChannelId: null,
    allowAnonymous: false,
    collectEarly: false,
    limits: DEFAULT_LIMITS,
    channelId,
    archiveChannelId: channelId,
    startsAt: clock + 2 * HOUR,
    endsAt: clock + 3 * HOUR,
    createdBy: '2',
    createdAt: clock,
    reminderOffsets: [HOUR, 15 * MINUTE],
    ...overrides,
  });
}

const get = async (id: number) => (await sessions.get(guildId, id))!;
const eventOf = (eventId: string | null | undefined) => discord.scheduledEvents(guildId).find((event) => event.id === eventId);

describe('moving a session (one Lua script)', () => {
  it('reschedules a scheduled session: times and the sessions index move together', async () => {
    const session = await newSession();
    const result = await sessions.move(guildId, session.id, { kind: 'reschedule', startsAt: clock + 5 * HOUR, endsAt: clock + 7 * HOUR }, clock, 31 * 24 * HOUR);
    expect(result).toEqual({
      outcome: 'moved',
      status: 'scheduled',
      before: { startsAt: session.startsAt, endsAt: session.endsAt },
      after: { startsAt: clock + 5 * HOUR, endsAt: clock + 7 * HOUR },
    });
    expect(await get(session.id)).toMatchObject({ startsAt: clock + 5 * HOUR, endsAt: clock + 7 * HOUR });
    expect(Number(await redis.zscore(`${prefix}:{${guildId}}:sessions`, String(session.id)))).toBe(clock + 5 * HOUR);
  });

  it('extends an open session (two extends at once both count) but never moves its start', async () => {
    const session = await newSession({ startsAt: clock, endsAt: clock + HOUR });
    await sessions.open(guildId, session.id, clock, 'due');
    const [a, b] = await Promise.all([
      sessions.move(guildId, session.id, { kind: 'extend', byMs: 30 * MINUTE }, clock, 31 * 24 * HOUR),
      sessions.move(guildId, session.id, { kind: 'extend', byMs: 30 * MINUTE }, clock, 31 * 24 * HOUR),
    ]);
    expect([a.outcome, b.outcome]).toEqual(['moved', 'moved']);
    expect((await get(session.id)).endsAt).toBe(clock + 2 * HOUR);
    expect(Number(await redis.zscore(`${prefix}:{${guildId}}:open`, String(session.id)))).toBe(clock + 2 * HOUR);
    const refused = await sessions.move(guildId, session.id, { kind: 'reschedule', startsAt: clock + HOUR, endsAt: clock + 2 * HOUR }, clock, 31 * 24 * HOUR);
    expect(refused).toEqual({ outcome: 'scheduled-only', status: 'open' });
    expect((await get(session.id)).startsAt).toBe(clock);
  });

  it('refuses closed sessions, ends in the past and lengths over the limit, changing nothing', async () => {
    const session = await newSession({ startsAt: clock - 2 * HOUR, endsAt: clock - HOUR });
    const limit = 31 * 24 * HOUR;
    expect((await sessions.move(guildId, session.id, { kind: 'extend', byMs: 30 * MINUTE }, clock, limit)).outcome).toBe('already-over');
    expect((await sessions.move(guildId, session.id, { kind: 'extend', byMs: limit }, clock, limit)).outcome).toBe('too-long');
    await sessions.close(guildId, session.id, clock, 'due');
    expect((await sessions.move(guildId, session.id, { kind: 'extend', byMs: HOUR }, clock, limit)).outcome).toBe('closed');
    expect((await sessions.move(guildId, 99, { kind: 'extend', byMs: HOUR }, clock, limit)).outcome).toBe('missing');
    expect((await get(session.id)).endsAt).toBe(clock - HOUR);
  });

  it('leaves the jobs for the old times with nothing to do', async () => {
    const session = await newSession({ startsAt: clock, endsAt: clock + HOUR });
    const deps = { sessions, scheduler, now: () => clock };
    await sessions.move(guildId, session.id, { kind: 'reschedule', startsAt: clock + 2 * HOUR, endsAt: clock + 3 * HOUR }, clock, 31 * 24 * HOUR);
    expect(await openSessionJob({ guildId, sessionId: session.id }, deps)).toBe('not-due');
    clock += HOUR;
    expect(await closeSessionJob({ guildId, sessionId: session.id }, deps)).toBe('not-due');
    expect((await get(session.id)).status).toBe('scheduled');
  });
});

describe('reminders', () => {
  const remindDeps = () => ({ sessions, discord: discordMessagesOverRest(new REST({ api: discord.apiUrl }).setToken(discord.token)), now: () => clock, log });

  it('queues one delayed job per offset still ahead, and none for a session already due', async () => {
    const session = await newSession({ startsAt: clock + 30 * MINUTE, endsAt: clock + HOUR });
    await scheduler.scheduleReminders(session);
    const jobs = await queues.discord.getDelayed();
    expect(jobs.map((job) => [job.id, job.data, job.delay])).toEqual([[`remind-${guildId}-${session.id}-${15 * MINUTE}-${session.startsAt}`, { guildId, sessionId: session.id, offsetMs: 15 * MINUTE }, 15 * MINUTE]]);
    await scheduler.dropReminders(session);
    expect(await queues.discord.getDelayed()).toHaveLength(0);
  });

  it('posts once, pinging only the chosen role, and not again on a retry', async () => {
    const role = discord.createRole(guildId, { name: 'AMA news', mentionable: true });
    const session = await newSession({ reminderRoleId: role.id });
    const ref = { guildId, sessionId: session.id, offsetMs: HOUR };
    clock = session.startsAt - HOUR;
    expect(await remindJob(ref, remindDeps())).toBe('sent');
    expect(await remindJob(ref, remindDeps())).toBe('already-sent');
    const posted = discord.channelMessages(channelId);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.pinged).toEqual({ everyone: false, users: [], roles: [role.id] });
    discord.assertNoViolations();
  });

  it('does nothing when the session moved, started, or a closer reminder is also due', async () => {
    const session = await newSession();
    const ref = { guildId, sessionId: session.id, offsetMs: HOUR };
    clock = session.startsAt - HOUR;
    await sessions.move(guildId, session.id, { kind: 'reschedule', startsAt: session.startsAt + HOUR, endsAt: session.endsAt + HOUR }, clock, 31 * 24 * HOUR);
    expect(await remindJob(ref, remindDeps())).toBe('not-due');
    clock = session.startsAt + HOUR - 10 * MINUTE; // the bot was down: the 15-minute one is due too
    expect(await remindJob(ref, remindDeps())).toBe('superseded');
    expect(await remindJob({ ...ref, offsetMs: 15 * MINUTE }, remindDeps())).toBe('sent');
    await sessions.open(guildId, session.id, clock, 'now');
    expect(await remindJob({ ...ref, offsetMs: 15 * MINUTE }, remindDeps())).toBe('not-scheduled (open)');
    expect(await remindJob({ ...ref, offsetMs: 2 * HOUR }, remindDeps())).toBe('not-scheduled (open)');
    expect(discord.channelMessages(channelId)).toHaveLength(1);
  });
});

describe('the Discord event', () => {
  it('follows the session: scheduled, moved, active, extended, completed', async () => {
    const session = await newSession();
    const ref = { guildId, sessionId: session.id };
    expect(await syncEventJob(ref, eventDeps)).toBe('in-step');
    const eventId = (await get(session.id)).eventId;
    expect(eventOf(eventId)).toMatchObject({
      status: GuildScheduledEventStatus.Scheduled,
      scheduled_start_time: new Date(session.startsAt).toISOString(),
      scheduled_end_time: new Date(session.endsAt).toISOString(),
    });
    expect(await syncEventJob(ref, eventDeps)).toBe('in-step');

    await sessions.move(guildId, session.id, { kind: 'reschedule', startsAt: session.startsAt + HOUR, endsAt: session.endsAt + 2 * HOUR }, clock, 31 * 24 * HOUR);
    expect(await syncEventJob(ref, eventDeps)).toBe('updated 1');
    expect(eventOf(eventId)).toMatchObject({
      scheduled_start_time: new Date(session.startsAt + HOUR).toISOString(),
      scheduled_end_time: new Date(session.endsAt + 2 * HOUR).toISOString(),
    });

    clock = session.startsAt + HOUR;
    await sessions.open(guildId, session.id, clock, 'due');
    expect(await syncEventJob(ref, eventDeps)).toBe('updated 1');
    expect(eventOf(eventId)?.status).toBe(GuildScheduledEventStatus.Active);
    await sessions.move(guildId, session.id, { kind: 'extend', byMs: HOUR }, clock, 31 * 24 * HOUR);
    expect(await syncEventJob(ref, eventDeps)).toBe('updated 1');
    expect(eventOf(eventId)?.scheduled_end_time).toBe(new Date(session.endsAt + 3 * HOUR).toISOString());

    await sessions.close(guildId, session.id, clock + MINUTE, 'now');
    expect(await syncEventJob(ref, eventDeps)).toBe('updated 1');
    expect(eventOf(eventId)?.status).toBe(GuildScheduledEventStatus.Completed);
    expect(await syncEventJob(ref, eventDeps)).toBe('in-step');
    expect(discord.scheduledEvents(guildId).filter((event) => event.id === eventId)).toHaveLength(1);
    discord.assertNoViolations();
  });

  it('starts then completes an event whose session closed while the bot was down, and cancels a cancelled one', async () => {
    const missed = await newSession();
    await syncEventJob({ guildId, sessionId: missed.id }, eventDeps);
    clock = missed.endsAt + MINUTE;
    await sessions.close(guildId, missed.id, clock, 'due');
    expect(await syncEventJob({ guildId, sessionId: missed.id }, eventDeps)).toBe('updated 2');
    expect(eventOf((await get(missed.id)).eventId)?.status).toBe(GuildScheduledEventStatus.Completed);

    const called = await newSession({ startsAt: clock + HOUR, endsAt: clock + 2 * HOUR });
    await syncEventJob({ guildId, sessionId: called.id }, eventDeps);
    await sessions.cancel(guildId, called.id, clock);
    expect(await syncEventJob({ guildId, sessionId: called.id }, eventDeps)).toBe('updated 1');
    expect(eventOf((await get(called.id)).eventId)?.status).toBe(GuildScheduledEventStatus.Canceled);
    discord.assertNoViolations();
  });

  it('creates one event when two syncs race, and finds the event a lost response made', async () => {
    const session = await newSession();
    const ref = { guildId, sessionId: session.id };
    const before = discord.scheduledEvents(guildId).length;
    const results = await Promise.allSettled([syncEventJob(ref, eventDeps), syncEventJob(ref, eventDeps)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason)).toEqual([expect.any(EventSyncBusyError)]);
    expect(discord.scheduledEvents(guildId).length).toBe(before + 1);

    // Discord makes the event, but its answer never arrives: the retry adopts that event.
    const lost = await newSession();
    discord.faults.add({ method: 'POST', path: `/guilds/${guildId}/scheduled-events`, status: 500, afterHandling: true });
    await expect(syncEventJob({ guildId, sessionId: lost.id }, eventDeps)).rejects.toThrow();
    expect((await get(lost.id)).eventId).toBeNull();
    expect(discord.scheduledEvents(guildId).length).toBe(before + 2);
    expect(await syncEventJob({ guildId, sessionId: lost.id }, eventDeps)).toBe('in-step');
    expect(discord.scheduledEvents(guildId).length).toBe(before + 2);
    expect(eventOf((await get(lost.id)).eventId)?.description).toMatch(new RegExp(`AMA #${lost.id}$`));
  });

  it('records a missing permission without failing, and a deleted event without recreating it', async () => {
    const session = await newSession();
    const ref = { guildId, sessionId: session.id };
    discord.setBotPermissions(guildId, DEFAULT_BOT_PERMISSIONS & ~PermissionFlagsBits.ManageEvents & ~PermissionFlagsBits.CreateEvents);
    try {
      expect(await syncEventJob(ref, eventDeps)).toBe('missing-permission');
    } finally {
      discord.setBotPermissions(guildId, DEFAULT_BOT_PERMISSIONS);
    }
    expect((await get(session.id)).eventProblem).toBe('missing-permission');
    const requests = discord.stats.requests;
    expect(await syncEventJob(ref, eventDeps)).toBe('no-event (missing-permission)');
    expect(discord.stats.requests).toBe(requests);

    await sessions.recordEventProblem(guildId, session.id, null);
    expect(await syncEventJob(ref, eventDeps)).toBe('in-step');
    const eventId = (await get(session.id)).eventId!;
    await new REST({ api: discord.apiUrl }).setToken(discord.token).delete(`/guilds/${guildId}/scheduled-events/${eventId}`);
    expect(await syncEventJob(ref, eventDeps)).toBe('event-deleted');
    expect((await get(session.id)).eventProblem).toBe('deleted');
    expect(discord.scheduledEvents(guildId).some((event) => event.id === eventId)).toBe(false);
  });
});

describe('start-up catch-up', () => {
  it('re-queues the reminders still ahead and the event sync of scheduled sessions', async () => {
    const session = await newSession();
    const report = await catchUp({ sessions, questions: new QuestionStore(redis, prefix), scheduler, now: () => clock, log });
    expect(report.sessions).toBe(1);
    const ids = (await queues.discord.getJobs(['delayed', 'waiting'])).map((job) => job.id).sort();
    expect(ids).toEqual(
      [
        `event-${guildId}-${session.id}-recovered-${clock}`,
        `remind-${guildId}-${session.id}-${HOUR}-${session.startsAt}`,
        `remind-${guildId}-${session.id}-${15 * MINUTE}-${session.startsAt}`,
      ].sort(),
    );
    const lifecycle = (await queues.lifecycle.getDelayed()).map((job) => job.id).sort();
    expect(lifecycle).toEqual([`close-${guildId}-${session.id}-${session.endsAt}`, `open-${guildId}-${session.id}-${session.startsAt}`].sort());
  });
});

describe('a six-day session', () => {
  it('has jobs that carry ids only and due times that a restart’s catch-up keeps as they are', async () => {
    const session = await newSession({ startsAt: clock + 2 * HOUR, endsAt: clock + 2 * HOUR + 6 * 24 * HOUR });
    await scheduler.scheduleLifecycle(session);
    await scheduler.scheduleReminders(session);
    await scheduler.syncEvent({ guildId, sessionId: session.id }, 'scheduled');
    const jobs = async () => [...(await queues.lifecycle.getJobs(['delayed', 'waiting'])), ...(await queues.discord.getJobs(['delayed', 'waiting']))];
    const before = await jobs();
    for (const job of before) expect(Object.keys(job.data).sort()).toEqual(job.name === 'remind' ? ['guildId', 'offsetMs', 'sessionId'] : ['guildId', 'sessionId']);
    const close = before.find((job) => job.name === 'close-session')!;
    // Due when the session ends (BullMQ counts the delay from its own clock when the job is added).
    expect(Math.abs(close.timestamp + close.opts.delay! - session.endsAt)).toBeLessThan(1_000);

    // A deploy later (two days on): the new process catches up; nothing is duplicated or moved.
    clock += 2 * 24 * HOUR;
    await catchUp({ sessions, questions: new QuestionStore(redis, prefix), scheduler, now: () => clock, log });
    const after = await jobs();
    expect(after.filter((job) => job.name === 'close-session').map((job) => job.id)).toEqual([close.id]);
    expect(after.filter((job) => job.name === 'open-session')).toHaveLength(1);
    expect(after.filter((job) => job.name === 'remind')).toHaveLength(2);
  });
});
