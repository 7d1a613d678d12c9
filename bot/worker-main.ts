import { startParley } from './app.js';
import { runProcess } from './run-process.js';

// `npm run start:worker`: the same as `PARLEY_ROLE=worker npm start`, a jobs-only process (no
// gateway, no interactions) to run beside the gateway, as many as needed. See README.
await runProcess('Parley workers', (config, log) => startParley({ config: { ...config, role: 'worker' }, log }));
