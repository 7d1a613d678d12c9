/** Request accounting, cheap enough to leave on during benchmarks. */
import type { InteractionStats } from './interaction-registry.js';

export interface RouteStats {
  count: number;
  byStatus: Record<number, number>;
  totalMs: number;
}

export interface StatsSnapshot {
  requests: number;
  /** Keyed by `METHOD /template` (e.g. `POST /channels/{channel_id}/messages`). */
  byRoute: Record<string, RouteStats>;
  byStatus: Record<number, number>;
  /** Bodies checked against the OpenAPI document. */
  openapiChecks: number;
  /** 401/403/429 answers: Discord bans clients that produce 10,000 of these in 10 minutes. */
  invalidRequests: number;
  gateway: { connections: number; identifies: number; resumes: number; dispatches: number; heartbeats: number };
  /** Interaction totals (kept by the interaction registry, merged in by the facade). */
  interactions: InteractionStats;
}

export class Stats {
  requests = 0;
  openapiChecks = 0;
  invalidRequests = 0;
  readonly gateway = { connections: 0, identifies: 0, resumes: 0, dispatches: 0, heartbeats: 0 };
  private readonly byRoute = new Map<string, RouteStats>();
  private readonly byStatus = new Map<number, number>();

  record(routeKey: string, status: number, ms: number): void {
    this.requests += 1;
    let route = this.byRoute.get(routeKey);
    if (!route) {
      route = { count: 0, byStatus: {}, totalMs: 0 };
      this.byRoute.set(routeKey, route);
    }
    route.count += 1;
    route.totalMs += ms;
    route.byStatus[status] = (route.byStatus[status] ?? 0) + 1;
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    if (status === 401 || status === 403 || status === 429) this.invalidRequests += 1;
  }

  snapshot(): Omit<StatsSnapshot, 'interactions'> {
    return {
      requests: this.requests,
      byRoute: Object.fromEntries([...this.byRoute].map(([k, v]) => [k, { ...v, byStatus: { ...v.byStatus } }])),
      byStatus: Object.fromEntries(this.byStatus),
      openapiChecks: this.openapiChecks,
      invalidRequests: this.invalidRequests,
      gateway: { ...this.gateway },
    };
  }

  /** Requests that hit `METHOD /template`, optionally only with one status. */
  count(routeKey: string, status?: number): number {
    const route = this.byRoute.get(routeKey);
    if (!route) return 0;
    return status === undefined ? route.count : (route.byStatus[status] ?? 0);
  }
}
