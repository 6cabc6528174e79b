/**
 * The package as a user gets it, shared by the package tests: `npm pack` of the built package, and
 * fresh projects that install the tarball with npm. Every subprocess is bounded in time.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../runtime/runner.ts';

/** Fails early with the fix when dist/ is missing (`npm test` builds it first; prepack is skipped here). */
export function assertBuilt(): void {
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) throw new Error('dist/ is not built: run `npm run build` (npm test does it first)');
}

/** Packs the package into `dir` and returns the tarball's path. Scripts off: prepack would rebuild dist/. */
export function packTarball(dir: string): string {
  assertBuilt();
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return join(dir, out.trim().split('\n').at(-1)!);
}

/**
 * A new project at `dir` (package.json with `manifest`'s fields) with the tarball installed. The
 * dependencies come from npm's cache when they are there (CI ran `npm ci` just before); install
 * scripts are off, as a careful consumer runs them.
 */
export function installTarball(dir: string, tarball: string, manifest: Record<string, unknown> = {}): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, ...manifest }));
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return dir;
}
