// Job throughput of one worker process against three, on this machine. A backlog of real
// `sync-question` jobs (questions waiting to be posted, as /ask leaves them), spread over many
// guilds, is drained by K = 1 and then K = 3 processes of bot/worker-main.ts, each run on a fresh
// key prefix, all reaching the Discord stand-in through one REST proxy (PARLEY_ROLE=rest-proxy)
// as a scaled deployment does. Two configurations, each with a proxy of its own:
//
//   shared   Discord's default global limit, 50 requests/s, on the proxy and the workers: three
//            workers together must stay within it, so they post no faster than one does.
//   raised   the limit raised to 2,000/s (as Discord grants large bots), so that the limit is
//            out of the way: throughput is then bound by CPU, and shows what a second and a
//            third process buy on this machine's cores (which the proxy, the stand-in and
//            Redis share with them). That the same proxy passes far more than 50/s here is
//            also what shows the shared configuration's ceiling to be the limit, not the proxy.
//
// Per run, after an unmeasured warm-up (see drainBacklog): jobs per second from the backlog's
// release to its last job done, and steady (middle 80% of jobs); the stand-in's busiest second;
// every question posted exactly once (no duplicates, none missing); CPU seconds per 1,000 jobs of
// the workers and the proxy (from /proc), this process (the stand-in) and Redis (the whole
// server), and how busy the machine's cores were. Prints a table on stderr and the result as
// JSON (RESULT_MARKER) on stdout. About 45 s.
//
//   npx tsx bench/worker-scaling.ts [--quick] [--guilds=40]

import { loadavg } from 'node:os';
import { createQueues, type ParleyQueues } from '../jobs/queues.js';
import { JobScheduler } from '../jobs/scheduler.js';
import { QuestionStore } from '../storage/question-store.js';
import type { RedisClient } from '../storage/redis.js';
import { startDiscordStandIn, type DiscordStandIn } from '../tests/discord-stand-in/index.js';
import { ParleyProcess, WorkerProcess, type LogLine } from '../tests/support/parley-process.js';
import { deleteKeys, testRedis, testRedisEnv, uniquePrefix } from '../tests/support/redis.js';
import { benchmarkMain, flag, progress } from './lib/main.js';
import { checkPosted, type PostedCheck } from './lib/posted-questions.js';
import { machineBusyCpuSeconds, ownCpuSeconds, processCpuSeconds, redisCpuSeconds } from './lib/process-cpu.js';
import { buildQuestionBacklog } from './lib/question-backlog.js';
import { linearFit, quantile, round } from './lib/stats.js';

const NAME = 'worker-scaling';
const WORKER_COUNTS = [1, 3];

interface Configuration {
  name: 'shared' | 'raised';
  requestsPerSecond: number;
  /** Jobs in the backlog: at 50/s a few hundred make a steady 10 s; CPU-bound runs need more. */
  questions: number;
  /** Jobs run, unmeasured, before the backlog: see drainBacklog. */
  warmUp: number;
}

export interface CpuPerThousandJobs {
  /** All worker processes together; null where /proc cannot be read. */
  workers: number | null;
  proxy: number | null;
  /** This process: the stand-in, and reading the workers' log lines (to count jobs done). */
  standIn: number;
  /** The whole Redis server, so anything else using it shows here too. */
  redis: number;
}

export interface ScalingRun {
  workers: number;
  jobs: number;
  /** From releasing the backlog to the last job done. */
  seconds: number;
  jobsPerSecond: number;
  /**
   * The steady rate, without ramp-up and tail: the slope of a straight line through the end
   * times of the middle 80% of jobs (robust to the 1-s steps in which a global limit lets jobs through).
   */
  steadyJobsPerSecond: number;
  /** How long one job took in its worker, p50 / p99 (the `ms` of its log line). */
  jobMs: { p50: number; p99: number };
  jobsByWorker: number[];
  /** Job attempts that failed and were retried (or refused for good). */
  failedAttempts: number;
  posted: PostedCheck;
  cpuSecondsPer1kJobs: CpuPerThousandJobs;
  /** CPU seconds of workers, proxy, stand-in and Redis per second of the run: at most the core count. */
  coresBusy: number;
  /** The same for the whole machine: what is more than coresBusy was other work running meanwhile. */
  machineCoresBusy: number | null;
}

export interface ScalingConfiguration {
  name: Configuration['name'];
  requestsPerSecond: number;
  guilds: number;
  runs: ScalingRun[];
  /** Jobs per second with three workers over one. */
  speedup: number;
}

export interface WorkerScalingResult {
  loadAverage: { start: number; end: number };
  configurations: ScalingConfiguration[];
}

const quick = flag('quick') !== undefined;
const GUILDS = Number(flag('guilds') ?? (quick ? 20 : 40));
const CONFIGURATIONS: Configuration[] = [
  { name: 'shared', requestsPerSecond: 50, questions: quick ? 150 : 500, warmUp: 50 },
  { name: 'raised', requestsPerSecond: 2_000, questions: quick ? 400 : 2_000, warmUp: quick ? 200 : 600 },
];

async function workerScaling(): Promise<WorkerScalingResult> {
  const loadAtStart = loadavg()[0]!;
  const discord = await startDiscordStandIn();
  const redis = testRedis();
  const configurations: ScalingConfiguration[] = [];
  try {
    for (const configuration of CONFIGURATIONS) {
      // One proxy per configuration, kept while workers come and go, as in a deployment.
      const proxy = await startProxy(discord, configuration.requestsPerSecond);
      try {
        const runs: ScalingRun[] = [];
        for (const workers of WORKER_COUNTS) {
          const run = await drainBacklog({ discord, redis, proxy }, configuration, workers);
          progress(
            NAME,
            `${configuration.name} (${configuration.requestsPerSecond}/s), ${workers} worker(s): ${run.jobsPerSecond} jobs/s, ` +
              `busiest second ${run.posted.peakPerSecond}, duplicates ${run.posted.duplicates}, missing ${run.posted.missing}`,
          );
          runs.push(run);
        }
        configurations.push({
          name: configuration.name,
          requestsPerSecond: configuration.requestsPerSecond,
          guilds: GUILDS,
          runs,
          speedup: round(runs.at(-1)!.jobsPerSecond / runs[0]!.jobsPerSecond, 2),
        });
      } finally {
        await proxy.process.stop();
      }
    }
  } finally {
    await redis.quit();
    await discord.close();
  }
  const result: WorkerScalingResult = { loadAverage: { start: round(loadAtStart), end: round(loadavg()[0]!) }, configurations };
  console.error(`\n${table(result)}\n`);
  return result;
}

interface RunningProxy {
  process: ParleyProcess;
  apiUrl: string;
}

/** `PARLEY_ROLE=rest-proxy` in front of the stand-in, on a free port. */
async function startProxy(discord: DiscordStandIn, requestsPerSecond: number): Promise<RunningProxy> {
  const proxy = new ParleyProcess(
    'rest-proxy',
    {
      PARLEY_ROLE: 'rest-proxy',
      REST_PROXY_PORT: '0',
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_GLOBAL_REQUESTS_PER_SECOND: String(requestsPerSecond),
    },
    { entry: 'bot/main.ts', ready: (line) => line.msg === 'REST proxy listening' },
  );
  await proxy.start();
  const { port } = await proxy.waitForLog((line) => line.msg === 'REST proxy listening');
  return { process: proxy, apiUrl: `http://127.0.0.1:${String(port)}/api` };
}

/**
 * One run: K workers started on a fresh prefix with the discord queue paused, the backlog made,
 * then released at once. Paused rather than made before the workers start: a worker starting
 * on a backlog first runs its start-up catch-up (jobs/recovery.ts), which queues every unsynced
 * question again under a new job id, once per process — a recovery cost, not the throughput
 * measured here. Released from pause, every process starts on the same backlog at the same moment.
 *
 * A smaller backlog is drained first, unmeasured: a new process runs its first jobs slowly while
 * V8 compiles its code and connections open, and three new processes pay that three times.
 * Production workers are long-lived, so the throughput that matters is the warm one.
 */
async function drainBacklog(
  deps: { discord: DiscordStandIn; redis: RedisClient; proxy: RunningProxy },
  configuration: Configuration,
  workerCount: number,
): Promise<ScalingRun> {
  const prefix = uniquePrefix('bench-scale');
  const queues: ParleyQueues = createQueues(deps.redis, prefix);
  const workers: WorkerProcess[] = [];
  try {
    await queues.discord.pause();
    for (let index = 0; index < workerCount; index++) {
      workers.push(
        new WorkerProcess(`w${index + 1}`, {
          ...testRedisEnv(),
          DISCORD_TOKEN: deps.discord.token,
          DISCORD_API_URL: deps.proxy.apiUrl,
          PARLEY_KEY_PREFIX: prefix,
          DISCORD_GLOBAL_REQUESTS_PER_SECOND: String(configuration.requestsPerSecond),
        }),
      );
    }
    await Promise.all(workers.map((worker) => worker.start()));
    const backlog = (questions: number, label: string) =>
      buildQuestionBacklog(
        { discord: deps.discord, redis: deps.redis, prefix, questions: new QuestionStore(deps.redis, prefix), scheduler: new JobScheduler(queues) },
        { guilds: GUILDS, questions, label: `${label} ${configuration.name} x${workerCount}` },
      );
    /** Releases the queue until `jobs` more are done: where the workers' logs stood, when, and the CPU used around it. */
    const drain = async (jobs: number) => {
      const since = workers.map((worker) => worker.lines.length);
      const before = await cpuNow(workers, deps.proxy, deps.redis);
      const released = Date.now();
      await queues.discord.resume();
      const finishedAt = await waitForJobsDone(workers, since, jobs, Math.max(60_000, (jobs / configuration.requestsPerSecond) * 3_000));
      const after = await cpuNow(workers, deps.proxy, deps.redis);
      return { since, released, finishedAt, before, after };
    };

    await backlog(configuration.warmUp, 'Warm-up');
    await drain(configuration.warmUp);
    await queues.discord.pause();
    const channels = await backlog(configuration.questions, 'Scaling');
    const jobs = configuration.questions;
    const { since, released, finishedAt, before, after } = await drain(jobs);

    const seconds = (finishedAt.at(-1)! - released) / 1000;
    const perThousand = (spent: number | null) => (spent === null ? null : round((spent / jobs) * 1000, 3));
    const spent = {
      workers: before.workers === null || after.workers === null ? null : after.workers - before.workers,
      proxy: before.proxy === null || after.proxy === null ? null : after.proxy - before.proxy,
      standIn: after.standIn - before.standIn,
      redis: after.redis - before.redis,
    };
    return {
      workers: workerCount,
      jobs,
      seconds: round(seconds, 2),
      jobsPerSecond: round(jobs / seconds, 1),
      steadyJobsPerSecond: steadyRate(finishedAt),
      jobMs: jobDurations(workers, since),
      jobsByWorker: workers.map((worker, index) => syncQuestionsDone(worker, since[index]!).length),
      failedAttempts: workers.reduce((sum, worker, index) => sum + worker.lines.slice(since[index]).filter(isFailedAttempt).length, 0),
      posted: checkPosted(deps.discord, channels),
      cpuSecondsPer1kJobs: {
        workers: perThousand(spent.workers),
        proxy: perThousand(spent.proxy),
        standIn: perThousand(spent.standIn)!,
        redis: perThousand(spent.redis)!,
      },
      coresBusy: round(((spent.workers ?? 0) + (spent.proxy ?? 0) + spent.standIn + spent.redis) / seconds, 2),
      machineCoresBusy: before.machine === null || after.machine === null ? null : round((after.machine - before.machine) / seconds, 2),
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    await Promise.all([queues.lifecycle.close(), queues.discord.close()]);
    await deleteKeys(deps.redis, prefix);
  }
}

/** The `job done` lines of sync-question jobs in a worker's log from line `since` on: each carries pino's `time` (ms). */
function syncQuestionsDone(worker: WorkerProcess, since: number): LogLine[] {
  return worker.lines.slice(since).filter((line) => line.msg === 'job done' && line.job === 'sync-question');
}

function isFailedAttempt(line: LogLine): boolean {
  return line.msg === 'job failed; will retry' || line.msg === 'Discord refused the job for good';
}

/**
 * Waits, reading the workers' logs from lines `since` on (which costs them nothing), until `jobs`
 * are done; their end times, sorted.
 */
async function waitForJobsDone(workers: readonly WorkerProcess[], since: readonly number[], jobs: number, timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const done = workers.flatMap((worker, index) => syncQuestionsDone(worker, since[index]!));
    if (done.length >= jobs) return done.map((line) => Number(line.time)).sort((a, b) => a - b);
    if (Date.now() > deadline) throw new Error(`only ${done.length} of ${jobs} jobs done after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function steadyRate(sortedTimes: readonly number[]): number {
  const middle = sortedTimes.slice(Math.floor(sortedTimes.length * 0.1), Math.ceil(sortedTimes.length * 0.9));
  const { slope } = linearFit(
    middle.map((_, index) => index),
    middle,
  );
  return slope > 0 ? round(1000 / slope, 1) : Number.NaN;
}

function jobDurations(workers: readonly WorkerProcess[], since: readonly number[]): ScalingRun['jobMs'] {
  const sorted = workers
    .flatMap((worker, index) => syncQuestionsDone(worker, since[index]!))
    .map((line) => Number(line.ms))
    .sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
}

interface CpuSnapshot {
  workers: number | null;
  proxy: number | null;
  standIn: number;
  redis: number;
  machine: number | null;
}

async function cpuNow(workers: readonly WorkerProcess[], proxy: RunningProxy, redis: RedisClient): Promise<CpuSnapshot> {
  const each = workers.map((worker) => (worker.pid === undefined ? null : processCpuSeconds(worker.pid)));
  return {
    workers: each.includes(null) ? null : each.reduce<number>((sum, seconds) => sum + seconds!, 0),
    proxy: proxy.process.pid === undefined ? null : processCpuSeconds(proxy.process.pid),
    standIn: ownCpuSeconds(),
    redis: await redisCpuSeconds(redis),
    machine: machineBusyCpuSeconds(),
  };
}

function table(result: WorkerScalingResult): string {
  const cell = (value: number | null) => (value === null ? 'n/a' : String(value));
  const lines = [
    `Worker scaling: sync-question jobs over ${GUILDS} guilds, workers reaching the stand-in through one REST proxy ` +
      `(load average ${result.loadAverage.start} at the start, ${result.loadAverage.end} at the end)`,
    '',
    '| limit | workers | jobs | jobs/s | steady jobs/s | busiest 1 s | duplicates / missing | failed attempts | jobs per worker | job ms p50 / p99 | CPU s per 1k jobs: workers / proxy / stand-in / Redis | cores busy: these / whole machine |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const configuration of result.configurations) {
    for (const run of configuration.runs) {
      const cpu = run.cpuSecondsPer1kJobs;
      lines.push(
        `| ${configuration.requestsPerSecond}/s | ${run.workers} | ${run.jobs} | ${run.jobsPerSecond} | ${run.steadyJobsPerSecond} | ${run.posted.peakPerSecond} | ` +
          `${run.posted.duplicates} / ${run.posted.missing} | ${run.failedAttempts} | ${run.jobsByWorker.join(' / ')} | ${run.jobMs.p50} / ${run.jobMs.p99} | ` +
          `${cell(cpu.workers)} / ${cell(cpu.proxy)} / ${cpu.standIn} / ${cpu.redis} | ${run.coresBusy} / ${cell(run.machineCoresBusy)} |`,
      );
    }
  }
  return lines.join('\n');
}

benchmarkMain(NAME, workerScaling, 3 * 60_000);
