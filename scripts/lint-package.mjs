#!/usr/bin/env node
/**
 * `npm run lint:package`: the package as a user gets it. Packs the built package once (no
 * lifecycle scripts: `npm test` builds first, in `pretest`), then lints that tarball with
 * publint --strict and with attw. Each step is bounded in time, so a hung tool fails the run.
 *
 * attw runs the `node16` profile (it leaves out node10, whose resolution cannot see subpath
 * exports such as passto/hono and which TypeScript deprecates) with one rule off,
 * `cjs-resolves-to-esm`: passto ships ES modules only, and CommonJS code loads them through
 * `require()` of ES modules (Node 20.19+, 22.12+, Bun; TypeScript 5.8+ with `module: nodenext`),
 * which attw's TypeScript 5.6 model still calls an error. Every other CommonJS check stays on.
 * The `require` itself is proven by test/package/packed.test.ts on Node 22 and Bun.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);
const STEP_TIMEOUT_MS = 120_000;

if (!existsSync(join(root, 'dist', 'index.js'))) {
  console.error('lint:package: dist/ is not built; run `npm run build` first');
  process.exit(1);
}

/** Runs one step, its output shown as it comes; exits on failure or timeout. */
function step(command, args, options = {}) {
  console.log(`\n> ${[command, ...args].map((a) => a.replace(root, '')).join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', timeout: STEP_TIMEOUT_MS, ...options });
  if (result.error || result.status !== 0) {
    console.error(`lint:package: ${command} ${result.error ? `failed: ${result.error.message}` : `exited ${result.status ?? result.signal}`}`);
    process.exit(1);
  }
  return result;
}

const out = mkdtempSync(join(tmpdir(), 'passto-lint-package-'));
try {
  const packed = step('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', out], { stdio: ['ignore', 'pipe', 'inherit'] });
  const tarball = join(out, packed.stdout.toString().trim().split('\n').at(-1));
  step(bin('publint'), ['run', tarball, '--strict']);
  step(bin('attw'), [tarball, '--profile', 'node16', '--ignore-rules', 'cjs-resolves-to-esm', '--format', 'table-flipped', '--no-color']);
} finally {
  rmSync(out, { recursive: true, force: true });
}
