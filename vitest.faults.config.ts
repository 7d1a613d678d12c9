import { defineConfig } from 'vitest/config';

// `npm run test:faults`: the real bot process against a redis-server of its own and the local
// Discord stand-in, under crashes, outages, Discord errors and hostile input. One file at a
// time: each starts processes and servers on its own ports.
export default defineConfig({
  test: {
    include: ['tests/faults/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
