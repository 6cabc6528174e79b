/**
 * The conformance suite on Deno: Deno runs the TypeScript sources directly, resolving bare
 * imports through deno.json's `npm:` map against the installed node_modules (`nodeModulesDir:
 * manual`). `--cached-only --no-remote`, no `--allow-net` and an empty DENO_DIR prove it needs
 * neither the network nor Deno's global cache: the npm packages come from node_modules.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { binary, describeConformance, MAIN, settle, spawnReport } from '../runner.ts';

const denoDir = mkdtempSync(join(tmpdir(), 'passto-deno-'));
afterAll(() => rmSync(denoDir, { recursive: true, force: true }));

const outcome = await settle(() =>
  spawnReport(binary('deno'), ['run', '--allow-read', '--cached-only', '--no-remote', '--no-lock', '--no-prompt', MAIN], { DENO_DIR: denoDir }),
);

describeConformance('Deno', outcome, (name) => expect(name).toMatch(/^Deno \d+\.\d+\.\d+$/));
