/**
 * Scripted REST faults for reliability tests: rate limits (with the exact headers discord.js
 * reads), server errors, latency, dropped connections, and "it worked but the response was lost".
 */
export type RateLimitScope = 'user' | 'shared' | 'global';

export interface FaultSpec {
  /** HTTP method to match (any when omitted). */
  method?: string;
  /** Matched against the API path without the `/api/v10` prefix, e.g. `/channels/123/messages`. */
  path: RegExp | string;
  /** Respond with this status instead of handling the request (429, 500, 502, 503 ...). */
  status?: number;
  /** For 429: seconds in `Retry-After` / `retry_after` (default 0.05). */
  retryAfterSeconds?: number;
  /** For 429: `X-RateLimit-Scope`; `global` also sets `X-RateLimit-Global`. Default `user`. */
  scope?: RateLimitScope;
  /** Wait this long before answering (combined with `status`, or alone to just slow things down). */
  delayMs?: number;
  /** Destroy the socket without answering (a network error for the client). */
  resetConnection?: boolean;
  /**
   * Handle the request normally (side effects happen, e.g. the message IS created) and only then
   * answer with `status` / reset the connection. Simulates a lost response; tests idempotency.
   */
  afterHandling?: boolean;
  /** How many matching requests this fault applies to (default 1; Infinity for always). */
  times?: number;
}

export interface ActiveFault extends Required<Pick<FaultSpec, 'times'>> {
  readonly spec: FaultSpec;
  /** Requests this fault has been applied to so far. */
  hits: number;
  /** Applications left. */
  remaining: number;
  /** Remove the fault before it is used up. */
  cancel(): void;
}

export class FaultInjector {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): ActiveFault {
    const times = spec.times ?? 1;
    const fault: ActiveFault = {
      spec,
      times,
      hits: 0,
      remaining: times,
      cancel: () => {
        this.faults = this.faults.filter((f) => f !== fault);
      },
    };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  get active(): readonly ActiveFault[] {
    return this.faults;
  }

  /** First matching fault with uses left; consumes one use. Cheap when there are no faults. */
  take(method: string, path: string): FaultSpec | undefined {
    if (this.faults.length === 0) return undefined;
    for (const fault of this.faults) {
      const { spec } = fault;
      if (spec.method && spec.method.toUpperCase() !== method) continue;
      const matches = typeof spec.path === 'string' ? path.includes(spec.path) : spec.path.test(path);
      if (!matches) continue;
      fault.hits += 1;
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
      return spec;
    }
    return undefined;
  }
}
