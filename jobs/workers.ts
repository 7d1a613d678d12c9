import { UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { DiscordAPIError } from 'discord.js';
import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import type { Logger } from 'pino';
import type { ProfileStore } from '../storage/profile-store.js';
import type { QuestionStore } from '../storage/question-store.js';
import type { SessionStore } from '../storage/session-store.js';
import type { DiscordArchivePosts } from './discord-archive-rest.js';
import type { DiscordEvents } from './discord-events-rest.js';
import type { DiscordMessages } from './discord-rest.js';
import { discordJobSchemas, lifecycleJobSchemas, type DiscordJobName, type LifecycleJobName } from './payloads.js';
import { closeSessionJob } from './processors/close-session.js';
import { notifyVotersJob, tellAskerJob } from './processors/notify-voters.js';
import { openSessionJob } from './processors/open-session.js';
import { publishArchiveJob, republishArchiveJob } from './processors/publish-archive.js';
import { remindJob } from './processors/remind.js';
import { syncEventJob } from './processors/sync-event.js';
import { syncQuestionJob } from './processors/sync-question.js';
import { syncSessionJob } from './processors/sync-session.js';
import { bullPrefix, DISCORD_QUEUE, LIFECYCLE_QUEUE } from './queues.js';
import type { JobScheduler } from './scheduler.js';

export interface WorkerDeps {
  sessions: SessionStore;
  questions: QuestionStore;
  profiles: ProfileStore;
  scheduler: JobScheduler;
  discord: DiscordMessages;
  archivePosts: DiscordArchivePosts;
  /** Guild Scheduled Events; without it sessions simply get no Discord event. */
  events?: DiscordEvents;
  /** Where the HTTP side is reachable, if it is: archives then link to their page. */
  publicBaseUrl?: string;
  now: () => number;
  log: Logger;
  generator: string;
}

export interface WorkerOptions {
  /** A connection for BullMQ's blocking commands: `maxRetriesPerRequest: null`, as BullMQ asks. */
  connection: ConnectionOptions;
  keyPrefix: string;
  /** Discord jobs processed at once per process; REST rate limits are shared anyway. */
  discordConcurrency?: number;
  /** BullMQ lockDuration: how soon a crashed worker's job is taken over (default 30 s). */
  lockDurationMs?: number;
}

// Discord refusals that no retry will change: the request itself is wrong, or its target is gone.
const PERMANENT_DISCORD_ERRORS = new Set<number>([
  RESTJSONErrorCodes.InvalidFormBodyOrContentType,
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.UnknownMessage,
  RESTJSONErrorCodes.CannotSendAnEmptyMessage,
]);

export interface ParleyWorkers {
  lifecycle: Worker<unknown, string, LifecycleJobName>;
  discord: Worker<unknown, string, DiscordJobName>;
}

export function createWorkers(options: WorkerOptions, deps: WorkerDeps): ParleyWorkers {
  const lockDuration = options.lockDurationMs ?? 30_000;
  // Stalled jobs (their worker died) are looked for as often as a lock lasts.
  const shared = { connection: options.connection, prefix: bullPrefix(options.keyPrefix), lockDuration, stalledInterval: lockDuration };

  const lifecycle = new Worker<unknown, string, LifecycleJobName>(
    LIFECYCLE_QUEUE,
    (job) =>
      runJob(job, deps.log, (log) => {
        const ref = lifecycleJobSchemas[job.name].parse(job.data);
        const jobDeps = { ...deps, log };
        return job.name === 'open-session' ? openSessionJob(ref, jobDeps) : closeSessionJob(ref, jobDeps);
      }),
    { ...shared, concurrency: 4 },
  );

  const discord = new Worker<unknown, string, DiscordJobName>(
    DISCORD_QUEUE,
    (job) =>
      runJob(job, deps.log, (log) => {
        const jobDeps = { ...deps, log };
        switch (job.name) {
          case 'sync-session':
            return syncSessionJob(discordJobSchemas['sync-session'].parse(job.data), jobDeps);
          case 'sync-question':
            return syncQuestionJob(discordJobSchemas['sync-question'].parse(job.data), jobDeps);
          case 'tell-asker':
            return tellAskerJob(discordJobSchemas['tell-asker'].parse(job.data), jobDeps);
          case 'notify-voters':
            return notifyVotersJob(discordJobSchemas['notify-voters'].parse(job.data), jobDeps);
          case 'publish-archive':
            return publishArchiveJob(discordJobSchemas['publish-archive'].parse(job.data), jobDeps);
          case 'republish-archive':
            return republishArchiveJob(discordJobSchemas['republish-archive'].parse(job.data), jobDeps);
          case 'sync-event':
            return syncEventJob(discordJobSchemas['sync-event'].parse(job.data), jobDeps);
          case 'remind':
            return remindJob(discordJobSchemas.remind.parse(job.data), jobDeps);
        }
      }),
    { ...shared, concurrency: options.discordConcurrency ?? 8 },
  );

  // BullMQ asks for an error listener on every worker; without one a Redis hiccup is unhandled.
  lifecycle.on('error', (error) => deps.log.error({ err: error, queue: LIFECYCLE_QUEUE }, 'worker error'));
  discord.on('error', (error) => deps.log.error({ err: error, queue: DISCORD_QUEUE }, 'worker error'));
  return { lifecycle, discord };
}

/** Runs a processor with a child logger carrying the job's ids, and sorts its failures. */
async function runJob(job: Job, log: Logger, process: (log: Logger) => Promise<string>): Promise<string> {
  const jobLog = log.child({ job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 });
  const started = performance.now();
  try {
    const outcome = await process(jobLog);
    jobLog.info({ outcome, ms: Math.round(performance.now() - started) }, 'job done');
    return outcome;
  } catch (error) {
    if (error instanceof DiscordAPIError && PERMANENT_DISCORD_ERRORS.has(Number(error.code))) {
      jobLog.error({ err: error }, 'Discord refused the job for good');
      throw new UnrecoverableError(`Discord refused: ${error.message}`);
    }
    jobLog.warn({ err: error, ms: Math.round(performance.now() - started) }, 'job failed; will retry');
    throw error;
  }
}
