import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Names the Redis/PostgreSQL suites a run without TEST_REDIS_URL / TEST_POSTGRES_URL cannot run.
    globalSetup: ['test/support/real-servers.setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Tests spawn servers on 127.0.0.1 and child processes; two cores cannot run many files at once.
    maxWorkers: 2,
  },
});
