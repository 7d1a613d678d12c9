/**
 * Everything the bot did that real Discord would have refused or that the stand-in cannot
 * vouch for. Tests end with `assertNoViolations()`; tests that provoke one on purpose take it
 * with `takeViolations()`.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import type { ViolationKind } from './errors.js';

export interface Violation {
  kind: ViolationKind;
  method: string;
  /** Concrete path (no `/api/v10` prefix), or the gateway op for gateway violations. */
  path: string;
  /** OpenAPI path template when known. */
  route?: string;
  status?: number;
  /** Discord JSON error code when the request was answered with one. */
  code?: number;
  message: string;
  /** Raw Ajv errors for OpenAPI violations. */
  ajvErrors?: ErrorObject[];
  body?: unknown;
  at: number;
}

export class ViolationLog {
  private list: Violation[] = [];

  record(v: Omit<Violation, 'at'>): void {
    this.list.push({ ...v, at: Date.now() });
  }

  get all(): readonly Violation[] {
    return this.list;
  }

  /** Return matching violations and forget them (all when no filter). */
  take(filter?: (v: Violation) => boolean): Violation[] {
    const taken = filter ? this.list.filter(filter) : this.list;
    this.list = filter ? this.list.filter((v) => !filter(v)) : [];
    return taken;
  }

  assertNone(filter?: (v: Violation) => boolean): void {
    const relevant = filter ? this.list.filter(filter) : this.list;
    if (relevant.length === 0) return;
    const lines = relevant.map((v, i) => `  ${i + 1}. [${v.kind}] ${v.method} ${v.path}${v.code ? ` → ${v.status} code ${v.code}` : v.status ? ` → ${v.status}` : ''}: ${v.message}`);
    throw new Error(`Discord stand-in recorded ${relevant.length} violation(s):\n${lines.join('\n')}`);
  }
}
