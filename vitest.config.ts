import { defineConfig } from 'vitest/config';
import { passtoAlias } from './vitest.alias.ts';

export default defineConfig({
  resolve: { alias: passtoAlias },
  test: {
    include: ['test/**/*.test.ts'],
    // Type tests: tsc checks the promises of the public types (narrowing guards, onEvent,
    // verifyWebhook's overloads, the EventStore contract); a failed assertion fails the run.
    typecheck: { enabled: true, include: ['test/types/**/*.test-d.ts'], tsconfig: 'tsconfig.json' },
    // Runtime suites start real Deno, Bun, workerd and Node processes.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
