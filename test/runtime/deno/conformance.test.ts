/**
 * The conformance suite on Deno: Deno runs the TypeScript sources directly, resolving bare
 * imports through deno.json's `npm:` map against the installed node_modules (`nodeModulesDir:
 * manual`). `--cached-only --no-remote` and no `--allow-net` prove it needs no network.
 */
import { expect } from 'vitest';
import { binary, describeConformance, MAIN, settle, spawnReport } from '../runner.ts';

const outcome = await settle(() =>
  spawnReport(binary('deno'), ['run', '--allow-read', '--cached-only', '--no-remote', '--no-lock', '--no-prompt', MAIN]),
);

describeConformance('Deno', outcome, (name) => expect(name).toMatch(/^Deno \d+\.\d+\.\d+$/));
