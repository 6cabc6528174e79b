import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Runtime suites start real Deno, Bun, workerd and Node processes.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
