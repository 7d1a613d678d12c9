import type { Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';

export interface Stoppable {
  stop(): Promise<boolean>;
}

/**
 * The life of a Parley process, shared by the bot (bot/main.ts) and the jobs-only worker
 * (bot/worker-main.ts): read the environment once (exit 1 naming what is wrong), log unhandled
 * rejections, start, and on SIGTERM/SIGINT stop cleanly and exit 0 (1 if shutdown was not clean).
 */
export async function runProcess(
  what: string,
  start: (config: Config, log: Logger) => Promise<Stoppable>,
): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }

  // Several processes write to one log stream in a scaled deployment: say which one is talking.
  const log = createLogger(config.logLevel).child({ role: config.role, pid: process.pid, ...(config.shardIds === undefined ? {} : { shards: config.shardIds }) });
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));

  try {
    const running = await start(config, log);
    let stopping = false;
    const stop = async (signal: NodeJS.Signals): Promise<void> => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'shutting down');
      const clean = await running.stop();
      log.info({ clean }, 'stopped');
      process.exit(clean ? 0 : 1);
    };
    process.once('SIGTERM', (signal) => void stop(signal));
    process.once('SIGINT', (signal) => void stop(signal));
  } catch (error) {
    log.fatal({ err: error }, `${what} could not start`);
    process.exit(1);
  }
}
