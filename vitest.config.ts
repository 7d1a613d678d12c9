import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The fault suite starts its own Redis servers and bot processes: `npm run test:faults`.
    exclude: ['tests/faults/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Each test file gets its own process; suites share one real Redis, isolated by key prefix.
    pool: 'forks',
  },
});
