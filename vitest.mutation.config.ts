/**
 * The vitest run StrykerJS drives (`npm run test:mutation`, stryker.config.mjs): only the unit
 * tests of the mutated core files. The runtime, adapter, worker, CLI and store suites start
 * processes or workerd, which instrumented `src/` never reaches, and would only slow every mutant.
 */
import { defineConfig } from 'vitest/config';
import { passtoAlias } from './vitest.alias.ts';

export default defineConfig({
  resolve: { alias: passtoAlias },
  test: {
    include: [
      'test/sign.test.ts',
      'test/verify.test.ts',
      'test/event-key.test.ts',
      'test/inbound-*.test.ts',
      'test/hono-*.test.ts',
      'test/redact.test.ts',
      'test/client-*.test.ts',
      'test/errors.test.ts',
      'test/base64.test.ts',
      'test/timing-safe-equal.test.ts',
      'test/*-strength.test.ts',
      // (transport-, deadline-, backoff-strength among them; deadline-io-turn.test.ts is left out: it blocks its thread.)
      'test/mutation-*.test.ts',
      'test/one-call-read.test.ts',
      // The URL check and the identify/auth and webhook event fast paths stand in for valibot: each decides what is accepted.
      'test/http-url.test.ts',
      'test/identify-auth-fast-path.test.ts',
      'test/webhook-event-fast-path.test.ts',
    ],
    testTimeout: 60_000,
  },
});
