// Each benchmark is a script that runs on its own (`npx tsx bench/intake.ts`) and, for the runner
// (bench/run.ts), prints its result as one JSON line starting with RESULT_MARKER. Progress goes to
// stderr. A benchmark that overruns its time limit is stopped.

export const RESULT_MARKER = 'BENCH-RESULT ';

export function benchmarkMain<T>(name: string, run: () => Promise<T>, limitMs: number): void {
  const timer = setTimeout(() => {
    console.error(`${name}: stopped after ${Math.round(limitMs / 1000)} s`);
    process.exit(2);
  }, limitMs);
  timer.unref();
  run()
    .then((result) => {
      process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
      process.exit(0);
    })
    .catch((error: unknown) => {
      console.error(`${name} failed:`, error);
      process.exit(1);
    });
}

export function progress(name: string, message: string): void {
  process.stderr.write(`[${name}] ${message}\n`);
}

/** Named flags from the command line: `--quick`, `--rates=100,200`. */
export function flag(name: string): string | undefined {
  const prefix = `--${name}`;
  for (const arg of process.argv.slice(2)) {
    if (arg === prefix) return 'true';
    if (arg.startsWith(`${prefix}=`)) return arg.slice(prefix.length + 1);
  }
  return undefined;
}
