import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface BotProcessOptions {
  env: Record<string, string>;
  /** Where the bot's log goes (one file per start), so a failing test can be read afterwards. */
  logDir: string;
  name: string;
}

/**
 * The real bot, `bot/main.ts`, as its own Node process: what production runs, so a SIGKILL or
 * SIGTERM here is what a crash or a deploy does there.
 */
export class BotProcess {
  private child: ChildProcess | undefined;
  private starts = 0;
  exitCode: number | null = null;
  exitSignal: NodeJS.Signals | null = null;
  /** Lines of the log that report unhandled rejections or uncaught exceptions. */
  readonly crashes: string[] = [];

  constructor(private readonly options: BotProcessOptions) {}

  async start(): Promise<void> {
    this.starts += 1;
    await mkdir(this.options.logDir, { recursive: true });
    const log = createWriteStream(join(this.options.logDir, `${this.options.name}-${this.starts}.log`));
    const child = spawn(process.execPath, ['--import', 'tsx', resolve('bot/main.ts')], {
      env: { ...process.env, ...this.options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exitCode = null;
    this.exitSignal = null;
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.on('data', (chunk: Buffer) => {
        log.write(chunk);
        const text = chunk.toString('utf8');
        if (/unhandled rejection|uncaughtException|UnhandledPromiseRejection/i.test(text)) this.crashes.push(text.slice(0, 2000));
      });
    }
    child.once('exit', (code, signal) => {
      this.exitCode = code;
      this.exitSignal = signal;
      log.end();
    });
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  kill(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  /** Resolves with how long the process took to exit after `signal`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<number> {
    const child = this.child;
    if (!child || !this.running) return 0;
    const started = Date.now();
    await new Promise<void>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`bot did not exit within ${timeoutMs} ms of ${signal}`)), timeoutMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolvePromise();
      });
      child.kill(signal);
    });
    return Date.now() - started;
  }
}
