import { Cluster, type Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueues, type ParleyQueues } from '../../jobs/queues.js';
import { JobScheduler } from '../../jobs/scheduler.js';
import { GuildSettingsStore } from '../../storage/guild-settings.js';
import { activeSessionsKey, interactionKey } from '../../storage/keys.js';
import { DEFAULT_LIMITS } from '../../storage/model.js';
import { ProfileStore } from '../../storage/profile-store.js';
import { QuestionStore } from '../../storage/question-store.js';
import { SessionStore } from '../../storage/session-store.js';
import { deleteKeys, keysUnder, TEST_REDIS_CLUSTER_NODES, testRedis, uniquePrefix } from '../support/redis.js';
import { sessionInput } from '../support/sessions.js';

// On a real Redis Cluster (`npm run test:cluster`): everything one guild stores shares the guild's
// hash slot, so each Lua script and pipeline stays on one node; guilds spread over the nodes and
// each works on its own; BullMQ's keys share the `{prefix}` slot. Only `npm run test:cluster`
// runs this file (npm test leaves tests/cluster out), and it fails without a cluster to run on.

if (!TEST_REDIS_CLUSTER_NODES) throw new Error('tests/cluster needs a Redis Cluster: run it with npm run test:cluster');

const redis = testRedis();
const prefix = uniquePrefix('cluster');
const CHANNEL = '200000000000000001';
const HOST = { id: '300000000000000001', name: 'Host', title: null };
const ASKER = { id: '500000000000000001', name: 'Ada' };
const VOTER = '500000000000000002';

interface Placement {
  guildId: string;
  slot: number;
  /** host:port of the master serving the slot. */
  node: string;
}

let cluster: Cluster;
let queues: ParleyQueues | undefined;
let interactions = 0;
/** A fresh interaction id: a repeated one would be answered as a repeated delivery. */
const interactionId = (): string => String(900000000000000000n + BigInt(++interactions));

afterAll(async () => {
  if (queues) await Promise.all([queues.lifecycle.close(), queues.discord.close()]);
  await deleteKeys(redis, prefix);
  await redis.quit();
});

async function slotOf(key: string): Promise<number> {
  return cluster.cluster('KEYSLOT', key);
}

/** The master serving each slot, from the cluster itself (not from the client's cache). */
async function slotOwners(): Promise<(slot: number) => string> {
  const ranges = await cluster.cluster('SLOTS');
  return (slot) => {
    const range = ranges.find(([first, last]) => slot >= first && slot <= last);
    if (!range) throw new Error(`no node serves slot ${slot}`);
    const [host, port] = range[2] as unknown as [string, number];
    return `${host}:${port}`;
  };
}

/** The direct connection to one master: a key it answers EXISTS 1 for is stored on it. */
function masterAt(node: string): Redis {
  const master = cluster.nodes('master').find((candidate) => `${candidate.options.host}:${candidate.options.port}` === node);
  if (!master) throw new Error(`not connected to ${node}`);
  return master;
}

/** Two guild ids whose slots are served by different masters. */
async function guildsOnTwoNodes(): Promise<[Placement, Placement]> {
  const ownerOf = await slotOwners();
  const placements: Placement[] = [];
  for (let n = 1n; n < 1000n; n++) {
    const guildId = String(100000000000000000n + n);
    const slot = await slotOf(`{${guildId}}`);
    const placement = { guildId, slot, node: ownerOf(slot) };
    if (placements.length === 0 || placements[0]!.node !== placement.node) placements.push(placement);
    if (placements.length === 2) return [placements[0]!, placements[1]!];
  }
  throw new Error('every guild id tried hashed to one node');
}

describe('Parley on a Redis Cluster', () => {
  const sessions = new SessionStore(redis, prefix);
  const questions = new QuestionStore(redis, prefix);
  const profiles = new ProfileStore(redis, prefix);
  const settings = new GuildSettingsStore(redis, prefix);
  let first: Placement;
  let second: Placement;

  beforeAll(async () => {
    expect(redis).toBeInstanceOf(Cluster);
    cluster = redis as Cluster;
    [first, second] = await guildsOnTwoNodes();
  });

  /** A whole session's worth of storage for one guild: every kind of key Parley writes for it. */
  async function runSession(guildId: string, now: number): Promise<{ sessionId: number; askedWith: string }> {
    await settings.setTimeZone(guildId, 'Europe/Paris');
    await profiles.setTitle(guildId, ASKER.id, 'Engineer');
    await profiles.setNotifications(guildId, VOTER, true);
    const session = await sessions.create(sessionInput({ guildId, channelId: CHANNEL, host: HOST, startsAt: now - 1_000, endsAt: now + 3_600_000, limits: { ...DEFAULT_LIMITS, cooldownSeconds: 0 } }));
    expect(await sessions.open(guildId, session.id, now, 'due')).toBe('opened');

    const askedWith = interactionId();
    const asked = await questions.ask({ guildId, interactionId: askedWith, channelId: CHANNEL, parentChannelId: null, sessionId: null, asker: ASKER, text: 'How do slots get assigned to nodes?', anonymous: false, now });
    expect(asked).toMatchObject({ ok: true, sessionId: session.id, number: 1, status: 'pending' });
    // A near-duplicate is refused through the duplicate index the ask script keeps.
    const duplicate = await questions.ask({ guildId, interactionId: interactionId(), channelId: CHANNEL, parentChannelId: null, sessionId: null, asker: { id: VOTER, name: 'Bo' }, text: 'How do slots get assigned to the nodes?', anonymous: false, now });
    expect(duplicate).toMatchObject({ ok: false, reason: 'duplicate', number: 1 });
    expect(await questions.vote(guildId, session.id, 1, VOTER, now, 'fold')).toMatchObject({ outcome: 'counted', votes: 1 });
    const second = await questions.ask({ guildId, interactionId: interactionId(), channelId: CHANNEL, parentChannelId: null, sessionId: null, asker: ASKER, text: 'What happens to a script when a node fails over?', anonymous: false, now });
    expect(second).toMatchObject({ ok: true, number: 2 });
    expect(await questions.moderate(guildId, session.id, 2, 'withdraw', ASKER.id, now)).toMatchObject({ outcome: 'done' });

    await questions.skip(guildId, session.id, HOST.id, 1);
    expect(await questions.nextFor(guildId, session.id, HOST.id)).toEqual({ question: null, skippedAll: true });
    expect(await questions.answer({ guildId, sessionId: session.id, number: 1, host: HOST, text: 'By hash tag.', now, interactionId: interactionId() })).toBe('answered');
    expect(await questions.editAnswer(guildId, session.id, 1, HOST.id, 'By the hash tag.', now)).toEqual({ outcome: 'edited', sessionStatus: 'open' });
    expect(await questions.markNotified(guildId, session.id, 1, VOTER)).toBe(true);
    await questions.markSynced(guildId, session.id, 2, 'withdrawn', 0);
    expect(await questions.ban(guildId, session.id, '500000000000000009')).toBe(true);

    expect(await sessions.lockEvent(guildId, session.id, 'token', 60_000)).toBe(true);
    await sessions.recordReminderSent(guildId, session.id, 600_000, now);
    expect(await sessions.move(guildId, session.id, { kind: 'extend', byMs: 60_000 }, now, 86_400_000)).toMatchObject({ outcome: 'moved' });
    expect(await sessions.close(guildId, session.id, now + 1, 'now')).toBe('closed');
    return { sessionId: session.id, askedWith };
  }

  it('keeps every key of a guild (its sessions, their questions, its members) in the guild’s slot, on the node serving it', async () => {
    const now = Date.now();
    const { sessionId, askedWith } = await runSession(first.guildId, now);

    const keys = (await keysUnder(redis, prefix)).filter((key) => key.includes(`{${first.guildId}}`));
    const base = `${prefix}:{${first.guildId}}`;
    // The session's keys and its questions' keys, written by the scripts from KEYS[1] alone.
    expect(keys).toEqual(
      expect.arrayContaining([
        `${base}:next-session-id`,
        `${base}:sessions`,
        `${base}:profiles`,
        `${base}:notify`,
        `${base}:settings`,
        `${base}:interaction:${askedWith}`,
        `${base}:s:${sessionId}`,
        `${base}:s:${sessionId}:q:1`,
        `${base}:s:${sessionId}:q:1:voters`,
        `${base}:s:${sessionId}:q:1:also`,
        `${base}:s:${sessionId}:q:1:notified`,
        `${base}:s:${sessionId}:q:2`,
        `${base}:s:${sessionId}:answered`,
        `${base}:s:${sessionId}:last-asked`,
        `${base}:s:${sessionId}:member-pending`,
        `${base}:s:${sessionId}:interactions`,
        `${base}:s:${sessionId}:dup-index`,
        `${base}:s:${sessionId}:unsynced`,
        `${base}:s:${sessionId}:banned`,
        `${base}:s:${sessionId}:skipped:${HOST.id}`,
        `${base}:s:${sessionId}:reminders-sent`,
        `${base}:s:${sessionId}:event-lock`,
      ]),
    );
    const slots = new Set(await Promise.all(keys.map(slotOf)));
    expect([...slots]).toEqual([first.slot]);
    const owner = masterAt(first.node);
    expect(await Promise.all(keys.map((key) => owner.exists(key)))).toEqual(keys.map(() => 1));
    // The stored question reads back whole, answer and all.
    expect(await questions.get(first.guildId, sessionId, 1)).toMatchObject({ status: 'answered', answer: { text: 'By the hash tag.' }, answerVersion: 2, votes: 1, alsoAskedBy: 1 });
  });

  it('runs two guilds whose slots are on different nodes, each whole and apart', async () => {
    expect(second.node).not.toBe(first.node);
    const now = Date.now();
    const [a, b] = await Promise.all([runSession(first.guildId, now), runSession(second.guildId, now)]);

    for (const [placement, sessionId] of [
      [first, a.sessionId],
      [second, b.sessionId],
    ] as const) {
      const stored = await sessions.get(placement.guildId, sessionId);
      expect(stored).toMatchObject({ guildId: placement.guildId, status: 'closed', questionCount: 2, answeredCount: 1 });
      expect((await questions.answered(placement.guildId, sessionId)).map((question) => question.number)).toEqual([1]);
      expect(await settings.get(placement.guildId)).toEqual({ timeZone: 'Europe/Paris' });
      const keys = (await keysUnder(redis, prefix)).filter((key) => key.includes(`{${placement.guildId}}`));
      expect(new Set(await Promise.all(keys.map(slotOf)))).toEqual(new Set([placement.slot]));
      // Stored on the node serving the guild's slot, and not on the other guild's node.
      const other = placement === first ? second : first;
      expect(await masterAt(placement.node).exists(`${prefix}:{${placement.guildId}}:s:${sessionId}`)).toBe(1);
      await expect(masterAt(other.node).exists(`${prefix}:{${placement.guildId}}:s:${sessionId}`)).rejects.toThrow(/^MOVED /);
    }
    // Keys outside any guild are used one at a time, wherever they hash.
    expect(await sessions.listActive()).toEqual(
      expect.arrayContaining([
        { guildId: first.guildId, sessionId: a.sessionId },
        { guildId: second.guildId, sessionId: b.sessionId },
      ]),
    );
    expect(await redis.exists(activeSessionsKey(prefix))).toBe(1);
    expect(await redis.set(interactionKey(prefix, '1'), '1', 'EX', 60, 'NX')).toBe('OK');
  });

  it('refuses one script across two guilds’ slots: the cluster really checks', async () => {
    await expect(
      redis.eval("return redis.call('EXISTS', KEYS[1], KEYS[2])", 2, `${prefix}:{${first.guildId}}:sessions`, `${prefix}:{${second.guildId}}:sessions`),
    ).rejects.toThrow(/CROSSSLOT/);
  });

  it('keeps every BullMQ key of the deployment in the `{prefix}` slot', async () => {
    queues = createQueues(redis, prefix);
    const scheduler = new JobScheduler(queues);
    const now = Date.now();
    const session = await sessions.create(sessionInput({ guildId: second.guildId, channelId: CHANNEL, startsAt: now + 3_600_000, endsAt: now + 7_200_000 }));
    await scheduler.scheduleLifecycle(session);
    await scheduler.syncQuestion({ guildId: second.guildId, sessionId: session.id, number: 1 }, 'asked');

    expect((await queues.lifecycle.getDelayed()).map((job) => job.name).sort()).toEqual(['close-session', 'open-session']);
    expect(await queues.discord.getJobCounts('wait', 'delayed', 'prioritized')).toMatchObject({ wait: 1 });
    const bullKeys = await keysUnder(redis, `{${prefix}}`);
    expect(bullKeys.length).toBeGreaterThan(3);
    expect(new Set(await Promise.all(bullKeys.map(slotOf)))).toEqual(new Set([await slotOf(`{${prefix}}`)]));
  });
});
