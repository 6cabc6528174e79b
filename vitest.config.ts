import { defineConfig } from 'vitest/config';
import { passtoAlias } from './vitest.alias.ts';

export default defineConfig({
  resolve: { alias: passtoAlias },
  test: {
    include: ['test/**/*.test.ts'],
    // Runtime suites start real Deno, Bun, workerd and Node processes.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
