import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startWorkerProcess } from './worker-process.js';

// `node dist/bot/worker-main.js`: a jobs-only process (no gateway, no interactions) to run beside
// the bot, e.g. several of them during a long AMA. Same environment as the bot; see README.

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}

const log = createLogger(config.logLevel).child({ role: 'worker', pid: process.pid });
process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));

try {
  const running = await startWorkerProcess({ config, log });
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
  log.fatal({ err: error }, 'Parley workers could not start');
  process.exit(1);
}
