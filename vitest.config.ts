import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The fault suite starts its own Redis servers and bot processes: `npm run test:faults`.
    // tests/cluster needs a Redis Cluster: `npm run test:cluster` sets one and runs it with the
    // e2e and integration suites.
    exclude: ['tests/faults/**', ...(process.env.PARLEY_TEST_REDIS_CLUSTER_NODES ? [] : ['tests/cluster/**']), 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Each test file gets its own process; suites share one real Redis, isolated by key prefix.
    pool: 'forks',
  },
});
