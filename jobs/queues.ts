import { Queue, type ConnectionOptions, type DefaultJobOptions } from 'bullmq';
import type { DiscordJobName, LifecycleJobName, QuestionRef, ReminderRef, SessionRef } from './payloads.js';

export const LIFECYCLE_QUEUE = 'lifecycle';
export const DISCORD_QUEUE = 'discord';

/**
 * BullMQ's keys live under `{<prefix>}`: the braces are a Redis Cluster hash tag, which BullMQ
 * needs because its scripts touch several keys of a queue at once.
 */
export function bullPrefix(keyPrefix: string): string {
  return `{${keyPrefix}}`;
}

// Retried for about half an hour (2 s doubling, 10 attempts) before a job is left failed; every
// processor is idempotent, so a retry after a partial success does only what is still missing.
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 3_600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3_600 },
};

export type LifecycleQueue = Queue<SessionRef, unknown, LifecycleJobName>;
export type DiscordQueue = Queue<SessionRef | QuestionRef | ReminderRef, unknown, DiscordJobName>;

export interface ParleyQueues {
  lifecycle: LifecycleQueue;
  discord: DiscordQueue;
}

export function createQueues(connection: ConnectionOptions, keyPrefix: string): ParleyQueues {
  const options = { connection, prefix: bullPrefix(keyPrefix), defaultJobOptions: DEFAULT_JOB_OPTIONS };
  return {
    lifecycle: new Queue(LIFECYCLE_QUEUE, options),
    discord: new Queue(DISCORD_QUEUE, options),
  };
}
