import type { Logger } from 'pino';

export interface ShutdownStep {
  name: string;
  run: () => Promise<unknown>;
}

/**
 * Runs shutdown steps in order under one deadline, shorter than Docker's 10-second stop grace.
 * A step that fails or hangs is logged and the rest still run, so connections are closed even
 * when a worker will not finish in time (its job returns to the queue as stalled and is retried).
 */
export async function runShutdown(steps: readonly ShutdownStep[], deadlineMs: number, log: Logger): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  let clean = true;
  for (const step of steps) {
    const remaining = deadline - Date.now();
    const started = Date.now();
    try {
      await withTimeout(step.run(), Math.max(remaining, 100), step.name);
      log.debug({ step: step.name, ms: Date.now() - started }, 'shutdown step done');
    } catch (error) {
      clean = false;
      log.warn({ err: error, step: step.name }, 'shutdown step did not finish');
    }
  }
  return clean;
}

function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
