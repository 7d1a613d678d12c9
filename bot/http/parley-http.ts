// The HTTP side as Parley runs it: which routes, fed by which parts of the app. The
// composition root (bot/app.ts) calls this when HTTP_PORT is set.

import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { everyMasterAnswers, type RedisClient } from '../../storage/redis.js';
import { createArchivePages, type ArchivePagesDeps } from './archive-pages.js';
import { archiveRoute, healthRoute, metricsRoute } from './routes.js';
import { startHttpServer, type RunningHttpServer } from './server.js';

export interface ParleyHttpOptions {
  port: number;
  log: Logger;
  archives: Pick<ArchivePagesDeps, 'sessions' | 'questions' | 'generator' | 'publicBaseUrl'>;
  redis: RedisClient;
  /** Absent where the process runs no gateway. */
  gatewayConnected: (() => boolean) | undefined;
  registry: Registry;
}

// A health check that waits longer than the orchestrator's probe timeout tells it nothing.
const REDIS_PING_TIMEOUT_MS = 1_000;

export function startParleyHttp(options: ParleyHttpOptions): Promise<RunningHttpServer> {
  return startHttpServer({
    port: options.port,
    log: options.log.child({ component: 'http' }),
    routes: [
      archiveRoute(createArchivePages(options.archives)),
      healthRoute({ redisAnswers: () => pingWithin(options.redis, REDIS_PING_TIMEOUT_MS), gatewayConnected: options.gatewayConnected }),
      metricsRoute(options.registry),
    ],
  });
}

/** On a cluster, ready means every master answers: the slots of a silent one are lost to us. */
async function pingWithin(redis: RedisClient, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([everyMasterAnswers(redis), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
