/**
 * Route table keyed by Discord's OpenAPI path templates (`/channels/{channel_id}/messages`), so
 * a matched route maps 1:1 to the operation whose request schema validates it, and stats read
 * like the spec.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { UploadedFile } from './http-body.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestContext {
  method: HttpMethod;
  /** API path without `/api/v10` and without the query string. */
  path: string;
  template: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body, or `payload_json` (+ plain fields) of a multipart body. */
  body: unknown;
  files: UploadedFile[];
  headers: IncomingHttpHeaders;
  /** `performance.now()`-free wall clock at arrival, for deadlines (3 s interaction window). */
  receivedAt: number;
}

export interface HandlerResult {
  status: number;
  body?: unknown;
  /** Raw bytes instead of JSON (attachments). */
  raw?: { bytes: Buffer; contentType: string };
}

export type Handler = (ctx: RequestContext) => HandlerResult | Promise<HandlerResult>;

export interface RouteDef {
  method: HttpMethod;
  template: string;
  /** `bot`: needs `Authorization: Bot <token>`; `none`: token-in-URL routes (interactions, webhooks). */
  auth: 'bot' | 'none';
  handler: Handler;
}

interface CompiledRoute extends RouteDef {
  segments: string[];
  literalCount: number;
}

export type MatchResult =
  | { kind: 'match'; route: RouteDef; params: Record<string, string> }
  | { kind: 'method-not-allowed'; template: string }
  | { kind: 'none' };

export class Router {
  private readonly routes: CompiledRoute[] = [];

  constructor(defs: RouteDef[]) {
    for (const def of defs) {
      const segments = def.template.split('/').slice(1);
      this.routes.push({ ...def, segments, literalCount: segments.filter((s) => !s.startsWith('{')).length });
    }
    // Most specific first: `/users/@me` must win over `/users/{user_id}`.
    this.routes.sort((a, b) => b.literalCount - a.literalCount);
  }

  get definitions(): readonly RouteDef[] {
    return this.routes;
  }

  match(method: string, path: string): MatchResult {
    // discord.js percent-encodes segments (`@original` arrives as `%40original`), so compare decoded.
    const parts = path.split('/').slice(1).map(safeDecode);
    let templateForOtherMethod: string | undefined;
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method === method) return { kind: 'match', route, params };
      templateForOtherMethod ??= route.template;
    }
    return templateForOtherMethod ? { kind: 'method-not-allowed', template: templateForOtherMethod } : { kind: 'none' };
  }
}

function matchSegments(segments: string[], parts: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const part = parts[i]!;
    if (seg.startsWith('{')) {
      if (part === '') return null;
      params[seg.slice(1, -1)] = part;
    } else if (seg !== part) {
      return null;
    }
  }
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
