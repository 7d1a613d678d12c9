// Parley's HTTP side: archive pages for readers, /healthz and /metrics for operators. Plain
// node:http with a handful of exact routes: there is no body to parse, no session, no upload,
// so a framework would add surface and dependencies for nothing. Routes return an HttpReply
// (reply.ts); this file is the only place that touches sockets, and it adds what every response
// needs: security headers, HEAD, 304s for unchanged pages, 405 and 404, and a logged 500.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { newErrorReference } from '../errors.js';
import { notFound, textReply, type HttpReply } from './reply.js';

export interface HttpRoute {
  /** Matched against the whole path (no query string); capture groups become `params`. */
  path: RegExp;
  handle(params: string[]): Promise<HttpReply> | HttpReply;
}

export interface RunningHttpServer {
  /** "http://127.0.0.1:8080": where it listens (the port is the real one when 0 was asked for). */
  url: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

// Nothing here takes a body, and slow clients must not hold sockets open.
const REQUEST_TIMEOUT_MS = 10_000;
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

export function createRequestHandler(routes: readonly HttpRoute[], log: Logger) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    let reply: HttpReply;
    try {
      reply = await route(routes, request);
    } catch (error) {
      const reference = newErrorReference();
      log.error({ err: error, reference, path: pathOf(request) }, 'http request failed');
      reply = textReply(500, `Something went wrong (reference ${reference}).`);
    }
    const headers: Record<string, string> = { ...SECURITY_HEADERS, ...reply.headers };
    const etag = headers.ETag;
    if (etag && reply.status === 200 && request.headers['if-none-match'] === etag) {
      response.writeHead(304, pick(headers, ['ETag', 'Cache-Control', ...Object.keys(SECURITY_HEADERS)]));
      response.end();
      return;
    }
    headers['Content-Length'] = String(Buffer.byteLength(reply.body));
    response.writeHead(reply.status, headers);
    response.end(request.method === 'HEAD' ? undefined : reply.body);
  };
}

async function route(routes: readonly HttpRoute[], request: IncomingMessage): Promise<HttpReply> {
  const path = pathOf(request);
  for (const candidate of routes) {
    const match = path === null ? null : candidate.path.exec(path);
    if (!match) continue;
    if (request.method !== 'GET' && request.method !== 'HEAD') return textReply(405, 'Method not allowed', { Allow: 'GET, HEAD' });
    return candidate.handle(match.slice(1));
  }
  return notFound();
}

/** The request's path without its query; null when it cannot be read as one. */
function pathOf(request: IncomingMessage): string | null {
  try {
    return new URL(request.url ?? '/', 'http://parley.invalid').pathname;
  } catch {
    return null;
  }
}

export async function startHttpServer(options: { port: number; routes: readonly HttpRoute[]; log: Logger }): Promise<RunningHttpServer> {
  const handler = createRequestHandler(options.routes, options.log);
  const server: Server = createServer((request, response) => void handler(request, response));
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  options.log.info({ port }, 'http server listening');
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Idle keep-alive sockets would otherwise hold close() open until they time out.
        server.closeIdleConnections();
      }),
  };
}

function pick(headers: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.filter((name) => headers[name] !== undefined).map((name) => [name, headers[name]!]));
}
