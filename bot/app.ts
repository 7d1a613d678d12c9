import type { Client } from 'discord.js';
import type { Logger } from 'pino';
import type { Services } from '../commands/command.js';
import type { ParleyQueues } from '../jobs/queues.js';
import type { ParleyWorkers } from '../jobs/workers.js';
import type { Config, Role } from './config.js';
import { startParleyHttp } from './http/parley-http.js';
import type { RunningHttpServer } from './http/server.js';
import type { ParleyMetrics } from './metrics.js';
import { connectCore } from './parts/core.js';
import { startGateway, type RunningGateway } from './parts/gateway.js';
import { startJobWorkers, type RunningJobWorkers } from './parts/job-workers.js';
import { runShutdown, type ShutdownStep } from './shutdown.js';

export const GENERATOR = 'Parley 0.1.0';
const SHUTDOWN_DEADLINE_MS = 8_000;

export interface StartOptions {
  config: Config;
  log: Logger;
  now?: () => number;
  /** How long vote changes on a question are gathered into one message edit (default 3 s). */
  voteRefreshMs?: number;
}

export interface RunningParley {
  role: Role;
  services: Services;
  queues: ParleyQueues;
  metrics: ParleyMetrics;
  /** The gateway client; throws in a process whose role runs no gateway. */
  readonly client: Client;
  /** The job workers; throws in a process whose role runs no workers. */
  readonly workers: ParleyWorkers;
  /** The HTTP side, when HTTP_PORT is set. */
  http: RunningHttpServer | null;
  /** Stops taking interactions, lets jobs finish or return to the queue, closes everything. */
  stop(): Promise<boolean>;
}

/**
 * Which parts each PARLEY_ROLE runs. The HTTP side (archive pages, /healthz, /metrics) runs in
 * any role when HTTP_PORT is set, so every process can be probed and scraped; `web` runs only it.
 */
const PARTS: Record<Role, { gateway: boolean; workers: boolean }> = {
  all: { gateway: true, workers: true },
  gateway: { gateway: true, workers: false },
  worker: { gateway: false, workers: true },
  web: { gateway: false, workers: false },
  'rest-proxy': { gateway: false, workers: false },
};

/**
 * The composition root: builds the parts config.role asks for from the config and connects them.
 * Every role shares the core (Redis, stores, queues, metrics); the gateway only queues jobs, the
 * workers only run them, and the web part only reads.
 */
export async function startParley({ config, log, now = Date.now, voteRefreshMs }: StartOptions): Promise<RunningParley> {
  const parts = PARTS[config.role];
  const core = await connectCore({ config, log, now, voteRefreshMs });
  const jobs: RunningJobWorkers | null = parts.workers ? await startJobWorkers(core, config, log, GENERATOR) : null;
  let gateway: RunningGateway | null = null;
  const http =
    config.httpPort !== undefined
      ? await startParleyHttp({
          port: config.httpPort,
          log,
          archives: { sessions: core.services.sessions, questions: core.services.questions, generator: GENERATOR, publicBaseUrl: config.publicBaseUrl },
          redis: core.redis,
          // Readiness includes the gateway only where this process runs one.
          gatewayConnected: parts.gateway ? () => gateway?.client.isReady() ?? false : undefined,
          registry: core.metrics.registry,
        })
      : null;
  if (parts.gateway) gateway = await startGateway(core, config, log);

  const steps: ShutdownStep[] = [
    { name: 'stop taking interactions', run: async () => gateway?.stopTakingInteractions() },
    { name: 'close the HTTP server', run: async () => http?.close() },
    // close() waits for running jobs; one still running at the deadline is picked up again
    // by another worker once its lock expires (stalled-job recovery).
    { name: 'close workers', run: async () => jobs && Promise.all([jobs.workers.lifecycle.close(), jobs.workers.discord.close()]) },
    { name: 'close queues', run: () => Promise.all([core.queues.lifecycle.close(), core.queues.discord.close()]) },
    { name: 'disconnect from Discord', run: async () => gateway?.client.destroy() },
    { name: 'close Redis', run: () => Promise.all([core.redis.quit(), jobs?.connection.quit()]) },
  ];

  return {
    role: config.role,
    services: core.services,
    queues: core.queues,
    metrics: core.metrics,
    http,
    get client() {
      if (!gateway) throw new Error(`this process runs no gateway (PARLEY_ROLE=${config.role})`);
      return gateway.client;
    },
    get workers() {
      if (!jobs) throw new Error(`this process runs no job workers (PARLEY_ROLE=${config.role})`);
      return jobs.workers;
    },
    stop: () => runShutdown(steps, SHUTDOWN_DEADLINE_MS, log),
  };
}
