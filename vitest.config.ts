import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // two test files at once even on 2 cores (vitest's default would run one): most of the suite
    // waits on spawned processes, servers and timers rather than computing
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
