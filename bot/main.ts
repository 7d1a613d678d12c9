import { startParley } from './app.js';
import { runProcess } from './run-process.js';

// `npm start`: reads the environment once, starts Parley, and stops it cleanly on SIGTERM/SIGINT.
await runProcess('Parley', (config, log) => startParley({ config, log }));
