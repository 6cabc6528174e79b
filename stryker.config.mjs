// @ts-check
/**
 * Mutation testing of the security-critical core: `npm run test:mutation`.
 * StrykerJS 10 needs Node 22; the script runs it with the project's Node 22 (tools/node22), then
 * scripts/mutation-thresholds.mjs fails the run when any file below scores under 95%.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  // The core files that decide what is signed, accepted, sent or masked: signing and verification,
  // redaction, inbound reading and the event key, the transport, the schemas and the hand-written
  // fast paths that stand in for valibot, and the small helpers they stand on.
  mutate: [
    'src/sign.ts',
    'src/verify.ts',
    'src/base64.ts',
    'src/timing-safe-equal.ts',
    'src/redact.ts',
    'src/inbound.ts',
    'src/event-key.ts',
    'src/retry.ts',
    'src/transport.ts',
    'src/deadline.ts',
    'src/backoff.ts',
    'src/format-amount.ts',
    'src/one-call-read.ts',
    'src/schemas/http-url.ts',
    'src/schemas/identify-auth-fast-path.ts',
    'src/schemas/webhook-event-fast-path.ts',
    'src/utf8.ts',
    'src/header-value.ts',
    'src/decode-merchant-name.ts',
    'src/credit-limit.ts',
    'src/schemas/identify-auth.ts',
    'src/webhook.ts',
    'src/endpoints.ts',
  ],
  // Each mutant runs only the tests that reach its code; two workers for a two-core machine.
  coverageAnalysis: 'perTest',
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  // Per file, enforced by scripts/mutation-thresholds.mjs (Stryker's own `break` is global).
  thresholds: { high: 95, low: 90, break: 95 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
