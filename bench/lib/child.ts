// Benchmark processes talk over Node's IPC channel: the parent sends { id, type, ...args } and
// the child answers { id, ok, value | error }. Children also send { type: 'ready' } once.

import { fork, type ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface Request {
  id: number;
  type: string;
  [key: string]: unknown;
}

export interface ChildHandle {
  process: ChildProcess;
  /** Asks the child something; rejects on its error, or after `timeoutMs`. */
  call<T = unknown>(type: string, args?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  /** Asks the child to stop, and kills it if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Builds a bot process's TypeScript (bench/processes/…) into one JavaScript file with esbuild
 * (which tsx runs on anyway), as `npm run build` would compile it: the bot then runs on plain
 * Node, without a TypeScript loader's thread and memory, as in production. Dependencies stay in
 * node_modules; the build goes to node_modules/.cache/parley-bench/.
 */
async function built(file: string): Promise<string> {
  const source = fileURLToPath(new URL(`../${file}`, import.meta.url));
  const outfile = fileURLToPath(new URL(`../../node_modules/.cache/parley-bench/${basename(file, '.ts')}.mjs`, import.meta.url));
  let pending = builds.get(outfile);
  if (!pending) {
    pending = build({ entryPoints: [source], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' }).then(() => outfile);
    builds.set(outfile, pending);
  }
  return pending;
}
const builds = new Map<string, Promise<string>>();

/**
 * Starts a bot process (a TypeScript file from bench/, built first) with `--expose-gc`, and
 * waits for its `ready` message, which may carry a value (returned as `ready`).
 */
export async function startChild(
  file: string,
  options: { env?: Record<string, string>; execArgv?: string[]; readyTimeoutMs?: number } = {},
): Promise<ChildHandle & { ready: unknown }> {
  const script = await built(file);
  const child = fork(script, [], {
    execArgv: ['--expose-gc', ...(options.execArgv ?? [])],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    for (const { reject } of pending.values()) reject(new Error(`${file} exited (${code ?? signal})`));
    pending.clear();
  });
  const ready = await new Promise<unknown>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start within ${options.readyTimeoutMs ?? 30_000} ms`)), options.readyTimeoutMs ?? 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited during start-up (code ${code})`));
    });
    child.on('message', (message: { type?: string; id?: number; ok?: boolean; value?: unknown; error?: string }) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message.value);
        return;
      }
      const waiter = message.id === undefined ? undefined : pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id!);
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(new Error(message.error ?? 'child error'));
    });
  });

  const call = <T>(type: string, args: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${file}: ${type} got no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      child.send({ id, type, ...args } satisfies Request);
    });

  const stop = async (graceMs = 10_000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await call('stop', {}, graceMs).catch(() => undefined);
    await exited;
    clearTimeout(killer);
  };

  return { process: child, ready, call, stop };
}

/**
 * The child's side: answers requests with the handlers given; `stop` runs `onStop` and exits.
 * Also offers `memory` (RSS and heap after two full GCs) and `cpu` (process.cpuUsage) to all.
 */
export function serveParent(handlers: Record<string, (request: Request) => unknown>, stopOnce: () => Promise<void>): void {
  let stopping: Promise<void> | undefined;
  const onStop = (): Promise<void> => (stopping ??= stopOnce());
  const send = (message: unknown): void => {
    process.send?.(message);
  };
  const all: Record<string, (request: Request) => unknown> = {
    memory: () => memorySnapshot(),
    cpu: () => process.cpuUsage(),
    ...handlers,
  };
  process.on('message', (request: Request) => {
    void (async () => {
      if (request.type === 'stop') {
        await onStop().catch(() => undefined);
        send({ id: request.id, ok: true });
        process.disconnect?.();
        setTimeout(() => process.exit(0), 50).unref();
        return;
      }
      const handler = all[request.type];
      try {
        if (!handler) throw new Error(`unknown request ${request.type}`);
        send({ id: request.id, ok: true, value: await handler(request) });
      } catch (error) {
        send({ id: request.id, ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) });
      }
    })();
  });
  // The parent going away ends the child, so nothing is left running after a failed benchmark.
  process.on('disconnect', () => {
    void onStop().finally(() => process.exit(0));
  });
}

export function memorySnapshot(): { rssMb: number; heapUsedMb: number; externalMb: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const usage = process.memoryUsage();
  const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  return { rssMb: mb(usage.rss), heapUsedMb: mb(usage.heapUsed), externalMb: mb(usage.external + usage.arrayBuffers) };
}

export function signalReady(value?: unknown): void {
  process.send?.({ type: 'ready', value });
}
