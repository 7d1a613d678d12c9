import { startParley } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';

// `npm start`: reads the environment once, starts Parley, and stops it cleanly on SIGTERM/SIGINT.

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}

const log = createLogger(config.logLevel);
process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));

try {
  const parley = await startParley({ config, log });
  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const clean = await parley.stop();
    log.info({ clean }, 'stopped');
    process.exit(clean ? 0 : 1);
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
} catch (error) {
  log.fatal({ err: error }, 'Parley could not start');
  process.exit(1);
}
