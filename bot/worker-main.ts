import { runProcess } from './run-process.js';
import { startWorkerProcess } from './worker-process.js';

// `npm run start:worker`: a jobs-only process (no gateway, no interactions) to run beside the
// bot, e.g. several of them during a long AMA. Same environment as the bot; see README.
await runProcess('Parley workers', (config, log) => startWorkerProcess({ config, log }), { role: 'worker', pid: process.pid });
