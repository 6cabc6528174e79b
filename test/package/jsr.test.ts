/**
 * JSR-ready: `deno publish --dry-run` (no `--allow-slow-types`) finds no problem, not even a
 * warning, and would upload exactly deno.json's `publish.include`: the SDK's sources (without the
 * unstable `passto/internal`), README, LICENSE and CHANGELOG; never `.dev.vars`, tests or tools.
 * It runs offline: an empty DENO_DIR and `--no-remote`, npm packages read from node_modules
 * (`nodeModulesDir: manual`); jsr.io is never asked. `--allow-dirty` lets it run before a commit.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binary, ROOT } from '../runtime/runner.ts';

const denoDir = mkdtempSync(join(tmpdir(), 'passto-jsr-'));
afterAll(() => rmSync(denoDir, { recursive: true, force: true }));

type Run = { code: number; output: string };

const dryRun: Promise<Run> = new Promise((resolve) => {
  execFile(
    binary('deno'),
    ['publish', '--dry-run', '--allow-dirty', '--no-remote', '--no-lock'],
    { cwd: ROOT, timeout: 90_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', DENO_DIR: denoDir } },
    (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}\n${stderr}` }),
  );
});

/** The files the dry run would upload, relative to the repository root. */
const uploaded = (output: string): string[] =>
  [...output.matchAll(/^\s+file:\/\/(\S+)/gm)].map(([, path]) => relative(ROOT, decodeURIComponent(path!))).sort();

/** Every `.ts` file under `dir`, relative to the repository root. */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

const json = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));

describe('deno publish --dry-run', () => {
  it('succeeds with no problem and no warning, without --allow-slow-types', { timeout: 120_000 }, async () => {
    const { code, output } = await dryRun;
    const problems = output.split('\n').filter((line) => /^(error|warning)\b/.test(line.trim()));
    expect(problems, output.slice(-4000)).toEqual([]);
    expect(output).not.toMatch(/Found \d+ problems?/);
    expect(output).toMatch(/Success Dry run complete/);
    expect(code).toBe(0);
  });

  it('would upload the SDK sources, README, LICENSE and CHANGELOG, and nothing else', { timeout: 120_000 }, async () => {
    const { output } = await dryRun;
    const expected = [...sources('src').filter((path) => path !== join('src', 'internal.ts')), 'README.md', 'LICENSE', 'CHANGELOG.md', 'deno.json'].sort();
    expect(uploaded(output)).toEqual(expected);
  });
});

describe("deno.json's exports", () => {
  it("are package.json's entries on the sources, without the unstable passto/internal", () => {
    const npm = json('package.json').exports as Record<string, string | Record<string, string>>;
    const fromNpm = Object.fromEntries(
      Object.entries(npm)
        .filter(([entry, target]) => entry !== './internal' && typeof target === 'object')
        .map(([entry, target]) => [entry, (target as Record<string, string>)['passto-source']]),
    );
    expect(json('deno.json').exports).toEqual(fromNpm);
  });
});
