// The HTTP side's routes. Each is a path pattern and a function from its captures to a reply;
// anything a pattern does not match exactly is a 404 (server.ts).

import { ARCHIVE_CONTENT_SECURITY_POLICY } from '../../archive/html.js';
import type { ArchiveFormat } from '../../archive/links.js';
import type { ArchivePages } from './archive-pages.js';
import { jsonReply, notFound, PLAIN_CSP, textReply, type HttpReply } from './reply.js';
import type { HttpRoute } from './server.js';

// Ids are digits only, so nothing from the URL can reach a Redis key but a number: a Discord
// id (17–20 digits) and a session number without leading zeros.
const ARCHIVE_PATH = /^\/archives\/(\d{17,20})\/([1-9]\d{0,8})(?:\.(md|json))?$/;

// The page's own policy, plus what only a header can say: no framing.
const ARCHIVE_PAGE_CSP = `${ARCHIVE_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

export function archiveRoute(pages: ArchivePages): HttpRoute {
  return {
    path: ARCHIVE_PATH,
    async handle([guildId = '', sessionId = '', extension]): Promise<HttpReply> {
      const archive = await pages.get(guildId, Number(sessionId));
      if (!archive) return notFound();
      const format: ArchiveFormat = extension === 'md' || extension === 'json' ? extension : 'html';
      const file = archive[format];
      return {
        status: 200,
        headers: {
          'Content-Type': file.contentType,
          'Content-Security-Policy': format === 'html' ? ARCHIVE_PAGE_CSP : PLAIN_CSP,
          'Cache-Control': 'public, max-age=60',
          ETag: file.etag,
        },
        body: file.data,
      };
    },
  };
}

export interface HealthDeps {
  /** True when Redis answered a PING in time. */
  redisAnswers(): Promise<boolean>;
  /** Absent where the process runs no gateway. */
  gatewayConnected: (() => boolean) | undefined;
}

/** Ready only when Parley can do its work: Redis answers and the gateway is connected. */
export function healthRoute(deps: HealthDeps): HttpRoute {
  return {
    path: /^\/healthz$/,
    async handle() {
      const redis = await deps.redisAnswers().catch(() => false);
      // A process without a gateway (PARLEY_ROLE=worker or web) is ready when Redis answers.
      const checks = deps.gatewayConnected ? { redis, gateway: deps.gatewayConnected() } : { redis };
      const ready = Object.values(checks).every(Boolean);
      return jsonReply(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
    },
  };
}

export function metricsRoute(registry: { contentType: string; metrics(): Promise<string> }): HttpRoute {
  return {
    path: /^\/metrics$/,
    async handle() {
      return textReply(200, await registry.metrics(), { 'Content-Type': registry.contentType });
    },
  };
}
