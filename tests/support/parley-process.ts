import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** One line of a worker's pino log that reports a finished job. */
export interface JobDone {
  worker: string;
  job: string;
  jobId: string;
  outcome: string;
}

export type LogLine = Record<string, unknown>;

export interface ParleyProcessOptions {
  /** The entry file, relative to the repository (default bot/main.ts, as `npm start`). */
  entry?: string;
  /** The log line that says the process is up. */
  ready: (line: LogLine) => boolean;
}

/**
 * A Parley entry point as its own Node process, as production runs it: a SIGKILL here is a
 * process crashing mid-job. Its JSON log (and that of any child it starts, such as the shards
 * of a ShardingManager, which share its stdout) is kept in memory so tests can count which
 * process did what.
 */
export class ParleyProcess {
  private child: ChildProcess | undefined;
  readonly lines: LogLine[] = [];
  private buffered = '';

  constructor(
    readonly name: string,
    private readonly env: Record<string, string>,
    private readonly options: ParleyProcessOptions,
  ) {}

  /** The OS process id once started (benchmarks read its CPU time from /proc/<pid>/stat). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process and resolves once its log says it is ready. */
  async start(timeoutMs = 30_000): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(this.options.entry ?? 'bot/main.ts')], {
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
        if (this.lines.some(this.options.ready)) {
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

  /** The first log line that matches, once it is written. */
  async waitForLog(matches: (line: LogLine) => boolean, timeoutMs = 30_000): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find(matches);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`${this.name} did not log what was awaited within ${timeoutMs} ms`);
      await new Promise((resolvePromise) => setTimeout(resolvePromise, 20));
    }
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

/** `bot/worker-main.ts`, as production runs extra job workers; ready once its workers run (after its catch-up). */
export class WorkerProcess extends ParleyProcess {
  constructor(name: string, env: Record<string, string>) {
    super(name, env, { entry: 'bot/worker-main.ts', ready: (line) => line.msg === 'workers running' });
  }
}
