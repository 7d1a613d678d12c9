/**
 * The HTTP front door: prefix handling, faults, routing, auth, body parsing, OpenAPI
 * validation, rate-limit headers, stats and violations — in that order — then the resource
 * handler. Everything Discord-like about *how* requests are answered lives here; *what* they do
 * lives in rest/*.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import { DiscordApiError } from './errors.js';
import type { FaultInjector, FaultSpec } from './faults.js';
import { parseBody, readBody } from './http-body.js';
import { ajvToDiscordErrors, type OpenApiValidator } from './openapi-validator.js';
import { Router } from './router.js';
import type { HttpMethod, RequestContext, RouteDef, HandlerResult } from './router.js';
import type { Stats } from './stats.js';
import type { ViolationLog } from './violations.js';
import type { StandInState } from './state.js';
import type { Gateway } from './gateway.js';

export const API_PREFIX = '/api/v10';

export interface RateLimitPolicy {
  /** Requests per bucket per window; generous by default so discord.js never self-throttles. */
  limit: number;
  windowMs: number;
}

export interface ServerOptions {
  routes: RouteDef[];
  state: StandInState;
  gateway: Gateway;
  validator: OpenApiValidator;
  faults: FaultInjector;
  stats: Stats;
  violations: ViolationLog;
  token: string;
  rateLimit: RateLimitPolicy;
  log: (line: string) => void;
  logRequests: boolean;
}

interface Bucket {
  hash: string;
  windowStart: number;
  used: number;
}

export class HttpFrontDoor {
  readonly router: Router;
  private readonly server: Server;
  private readonly buckets = new Map<string, Bucket>();
  private readonly hashes = new Map<string, string>();

  constructor(private readonly o: ServerOptions) {
    this.router = new Router(o.routes);
    // Catch typos in route templates at startup: every route must be a real Discord operation.
    for (const r of this.router.definitions) {
      if (!o.validator.hasOperation(r.template, r.method)) throw new Error(`stand-in route ${r.method} ${r.template} is not in Discord's OpenAPI document`);
    }
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        o.log(`stand-in: internal error ${String(err instanceof Error ? err.stack : err)}`);
        if (!res.headersSent) this.send(res, 500, { message: '500: Internal Server Error', code: 0 });
        else res.destroy();
      });
    });
    this.server.keepAliveTimeout = 60_000;
    this.server.on('upgrade', (req, socket, head) => o.gateway.handleUpgrade(req, socket, head));
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const receivedAt = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const rawBody = await readBody(req);

    if (method === 'GET' && url.pathname.startsWith('/attachments/')) {
      this.serveAttachment(url.pathname, res);
      return;
    }

    let path = url.pathname;
    if (!path.startsWith(`${API_PREFIX}/`)) {
      this.o.violations.record({ kind: 'unknown-route', method, path, status: 404, message: `not under ${API_PREFIX} (discord.js uses ${API_PREFIX} with rest.api = <apiUrl>)` });
      this.finish(res, method, path, '(outside /api/v10)', 404, { message: '404: Not Found', code: 0 }, started);
      return;
    }
    path = path.slice(API_PREFIX.length);
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);

    const match = this.router.match(method, path);
    if (match.kind !== 'match') {
      const specTemplate = match.kind === 'method-not-allowed' ? match.template : this.o.validator.findTemplate(path);
      const inSpec = specTemplate !== undefined && this.o.validator.hasOperation(specTemplate, method);
      const status = match.kind === 'method-not-allowed' && !inSpec ? 405 : 404;
      this.o.violations.record({
        kind: 'unknown-route',
        method,
        path,
        ...(specTemplate ? { route: specTemplate } : {}),
        status,
        message: inSpec ? `Discord has ${method} ${specTemplate} but the stand-in does not implement it` : `Discord has no ${method} route for this path`,
      });
      this.finish(res, method, path, `${method} ${specTemplate ?? '(unknown)'}`, status, { message: `${status}: ${status === 405 ? 'Method Not Allowed' : 'Not Found'}`, code: 0 }, started);
      return;
    }
    const { route, params } = match;
    const routeKey = `${method} ${route.template}`;

    const fault = this.o.faults.take(method, path);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault && !fault.afterHandling && (fault.status !== undefined || fault.resetConnection)) {
      this.answerFault(fault, res, method, path, started, routeKey);
      return;
    }
    const { headers, exceededForMs } = this.rateLimit(routeKey, params);
    if (exceededForMs !== undefined) {
      // Only reachable with a deliberately small `rateLimit` option: discord.js honours the headers.
      this.o.violations.record({ kind: 'enforcement', method, path, route: route.template, status: 429, message: `exceeded ${this.o.rateLimit.limit} requests per ${this.o.rateLimit.windowMs} ms on this bucket` });
      this.answerFault({ path, status: 429, retryAfterSeconds: exceededForMs / 1000, scope: 'user' }, res, method, path, started, routeKey);
      return;
    }

    if (route.auth === 'bot' && req.headers.authorization !== `Bot ${this.o.token}`) {
      this.o.violations.record({ kind: 'auth', method, path, route: route.template, status: 401, message: req.headers.authorization ? 'wrong token' : 'missing Authorization header' });
      this.finish(res, method, path, routeKey, 401, { message: '401: Unauthorized', code: 0 }, started, headers);
      return;
    }

    let result: HandlerResult;
    try {
      const parsed = parseBody(req.headers['content-type'], rawBody);
      this.validate(method, path, route.template, parsed.kind, parsed.json);
      const ctx: RequestContext = {
        method: method as HttpMethod,
        path,
        template: route.template,
        params,
        query: url.searchParams,
        body: parsed.json,
        files: parsed.files,
        headers: req.headers,
        receivedAt,
      };
      result = await route.handler(ctx);
    } catch (err) {
      if (!(err instanceof DiscordApiError)) throw err;
      if (err.violation) {
        this.o.violations.record({ kind: err.violation, method, path, route: route.template, status: err.status, code: err.code, message: err.message + (err.errors ? ` ${JSON.stringify(err.errors)}` : '') });
      }
      result = { status: err.status, body: err.toBody() };
    }

    if (fault?.afterHandling) {
      this.answerFault(fault, res, method, path, started, routeKey);
      return;
    }
    if (result.raw) {
      res.writeHead(result.status, { 'Content-Type': result.raw.contentType, ...headers });
      res.end(result.raw.bytes);
      this.o.stats.record(routeKey, result.status, performance.now() - started);
      return;
    }
    this.finish(res, method, path, routeKey, result.status, result.body, started, headers);
  }

  /** Validate the body against the operation's request schema; throws 50035 + records a violation. */
  private validate(method: string, path: string, template: string, kind: 'none' | 'json' | 'multipart', json: unknown): void {
    const contentType = kind === 'multipart' ? 'multipart/form-data' : 'application/json';
    // Body-less requests are validated as `{}` only where the operation requires a body.
    const body = kind === 'none' ? {} : json;
    const result = this.o.validator.validate(template, method, contentType, body);
    if (result.ok) {
      if (result.checked) this.o.stats.openapiChecks += 1;
      return;
    }
    this.o.stats.openapiChecks += 1;
    this.o.violations.record({ kind: 'openapi', method, path, route: template, status: 400, code: RESTJSONErrorCodes.InvalidFormBodyOrContentType, message: result.reason, ajvErrors: result.errors, body });
    throw new DiscordApiError(400, RESTJSONErrorCodes.InvalidFormBodyOrContentType, 'Invalid Form Body', ajvToDiscordErrors(result.errors), null);
  }

  private rateLimit(routeKey: string, params: Record<string, string>): { headers: Record<string, string>; exceededForMs?: number } {
    // Discord buckets per route + major parameter (channel, guild, webhook). Interaction ids and
    // tokens are not major parameters, so the map stays small even at thousands of interactions.
    const major = params.channel_id ?? params.guild_id ?? params.webhook_id ?? '';
    const key = `${routeKey}:${major}`;
    const now = Date.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      let hash = this.hashes.get(routeKey);
      if (!hash) {
        hash = createHash('sha1').update(routeKey).digest('hex').slice(0, 16);
        this.hashes.set(routeKey, hash);
      }
      if (this.buckets.size >= 10_000) this.pruneBuckets(now);
      bucket = { hash, windowStart: now, used: 0 };
      this.buckets.set(key, bucket);
    }
    if (now - bucket.windowStart >= this.o.rateLimit.windowMs) {
      bucket.windowStart = now;
      bucket.used = 0;
    }
    bucket.used += 1;
    const resetAfterMs = bucket.windowStart + this.o.rateLimit.windowMs - now;
    const headers = {
      'X-RateLimit-Limit': String(this.o.rateLimit.limit),
      'X-RateLimit-Remaining': String(Math.max(0, this.o.rateLimit.limit - bucket.used)),
      'X-RateLimit-Reset': ((now + resetAfterMs) / 1000).toFixed(3),
      'X-RateLimit-Reset-After': (resetAfterMs / 1000).toFixed(3),
      'X-RateLimit-Bucket': bucket.hash,
    };
    return bucket.used > this.o.rateLimit.limit ? { headers, exceededForMs: Math.max(1, resetAfterMs) } : { headers };
  }

  private pruneBuckets(now: number): void {
    for (const [key, b] of this.buckets) if (now - b.windowStart >= this.o.rateLimit.windowMs) this.buckets.delete(key);
  }

  private answerFault(fault: FaultSpec, res: ServerResponse, method: string, path: string, started: number, routeKey: string): void {
    if (fault.resetConnection) {
      this.o.stats.record(routeKey, 0, performance.now() - started);
      res.socket?.destroy();
      return;
    }
    const status = fault.status ?? 500;
    if (status === 429) {
      const retryAfter = fault.retryAfterSeconds ?? 0.05;
      const scope = fault.scope ?? 'user';
      const headers: Record<string, string> = {
        // Real Discord rounds the header up to whole seconds; tests choose the value they want.
        'Retry-After': String(retryAfter),
        'X-RateLimit-Scope': scope,
        'X-RateLimit-Limit': '5',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset-After': String(retryAfter),
        'X-RateLimit-Reset': ((Date.now() + retryAfter * 1000) / 1000).toFixed(3),
        ...(scope === 'global' ? { 'X-RateLimit-Global': 'true' } : {}),
      };
      this.finish(res, method, path, routeKey, 429, { message: 'You are being rate limited.', retry_after: retryAfter, global: scope === 'global', code: 0 }, started, headers);
      return;
    }
    this.finish(res, method, path, routeKey, status, { message: `${status}: Fault injected by the Discord stand-in`, code: 0 }, started);
  }

  private finish(res: ServerResponse, method: string, path: string, routeKey: string, status: number, body: unknown, started: number, headers?: Record<string, string>): void {
    // Every API response carries rate-limit headers, errors and unknown routes included.
    this.send(res, status, body, headers ?? this.rateLimit(routeKey, {}).headers);
    const ms = performance.now() - started;
    this.o.stats.record(routeKey, status, ms);
    if (this.o.logRequests) this.o.log(`stand-in: ${method} ${path} → ${status} (${ms.toFixed(1)} ms)`);
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (status === 204 || body === undefined) {
      res.writeHead(status, headers);
      res.end();
      return;
    }
    const json = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(json)), ...headers });
    res.end(json);
  }

  /** The stand-in's "CDN": `/attachments/{channel}/{attachment}/{filename}`. */
  private serveAttachment(pathname: string, res: ServerResponse): void {
    const [, , , attachmentId] = pathname.split('/');
    const attachment = attachmentId ? this.o.state.attachments.get(attachmentId) : undefined;
    if (!attachment) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('Not Found');
      return;
    }
    res.writeHead(200, { 'Content-Type': attachment.content_type ?? 'application/octet-stream', 'Content-Length': String(attachment.bytes.length) });
    res.end(attachment.bytes);
  }
}
