import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** One line of a worker's pino log that reports a finished job. */
export interface JobDone {
  worker: string;
  job: string;
  jobId: string;
  outcome: string;
}

/**
 * `bot/worker-main.ts` as its own Node process, as production runs extra workers: a SIGKILL
 * here is a worker crashing mid-job. Its JSON log is kept in memory so tests can count which
 * process did what.
 */
export class WorkerProcess {
  private child: ChildProcess | undefined;
  readonly lines: Record<string, unknown>[] = [];
  private buffered = '';

  constructor(
    readonly name: string,
    private readonly env: Record<string, string>,
  ) {}

  /** Starts the process and resolves once its workers run (after its start-up catch-up). */
  async start(timeoutMs = 30_000): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve('bot/worker-main.ts')], {
      env: { ...process.env, LOG_LEVEL: 'info', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (chunk: Buffer) => this.read(chunk.toString('utf8')));
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    await new Promise<void>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name} did not start in ${timeoutMs} ms: ${stderr.slice(0, 2000)}`)), timeoutMs);
      const poll = setInterval(() => {
        if (this.lines.some((line) => line.msg === 'workers running')) {
          clearInterval(poll);
          clearTimeout(timer);
          resolvePromise();
        }
      }, 20);
      child.once('exit', (code, signal) => {
        clearInterval(poll);
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (${code ?? signal}) before starting: ${stderr.slice(0, 2000)}`));
      });
    });
  }

  private read(text: string): void {
    this.buffered += text;
    const lines = this.buffered.split('\n');
    this.buffered = lines.pop() ?? '';
    for (const line of lines) {
      try {
        this.lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a log line
      }
    }
  }

  /** Finished jobs, from this process's log. */
  jobsDone(): JobDone[] {
    return this.lines
      .filter((line) => line.msg === 'job done')
      .map((line) => ({ worker: this.name, job: String(line.job), jobId: String(line.jobId), outcome: String(line.outcome) }));
  }

  kill(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolvePromise) => {
      child.once('exit', () => resolvePromise());
      child.kill('SIGTERM');
    });
  }
}
