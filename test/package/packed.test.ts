/**
 * The package as a user gets it: `npm pack` of the built package, installed with npm into an empty
 * project. The tarball holds what a consumer needs and nothing else, nothing runs on install,
 * `require('passto')` works on the runtimes that can `require()` ES modules, and the `passto`
 * command starts from node_modules/.bin. (publint and attw lint the same tarball: lint:package.)
 */
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { node22 } from '../adapters/runtimes.ts';
import { binary, ROOT } from '../runtime/runner.ts';
import { cjsScript, expectConsumerResult } from './consumer-script.ts';
import { assertBuilt, installTarball, packTarball } from './pack.ts';

interface Manifest {
  main: string;
  types: string;
  bin: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
  scripts: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;

/**
 * The files at the top of the tarball besides dist/ and src/. npm always packs `readme*` files
 * (npm-packlist's `!/readme{,.*[^~$]}`), so the Chinese README ships too.
 */
const TOP_FILES = ['CHANGELOG.md', 'LICENSE', 'README.md', 'README.zh-CN.md', 'package.json'];

/** npm's own file list for the package (`npm pack --dry-run`), scripts off: `npm test` has built dist/. */
function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((file) => file.path).sort();
}

/** Every file package.json points at: main, types, bin and each condition of each export. */
function pointedAt(): string[] {
  const targets = Object.values(manifest.exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)));
  return [manifest.main, manifest.types, ...Object.values(manifest.bin), ...targets].map((path) => path.replace(/^\.\//, ''));
}

beforeAll(assertBuilt);

describe('npm pack: the tarball holds what a consumer needs', () => {
  const files = packedFiles();

  it('holds the licence, the changelog, the READMEs and package.json', () => {
    for (const name of TOP_FILES) expect(files).toContain(name);
  });

  it('holds every file package.json points at', () => {
    for (const path of pointedAt()) expect(files, path).toContain(path);
  });

  it('holds nothing but dist/, src/ (the source maps point there) and those five files', () => {
    expect(files.filter((path) => !/^(dist|src)\//.test(path) && !TOP_FILES.includes(path))).toEqual([]);
    const unwanted = /(^|\/)(\.dev\.vars|\.env|package-lock\.json|deno\.lock|[^/]*\.test(-d)?\.ts|tools|test|worker|adapters|cli|node_modules)(\/|$)/;
    expect(files.filter((path) => unwanted.test(path))).toEqual([]);
  });

  it('dist/ is one build of src/: each module has its JavaScript and declarations, and no stale file', () => {
    const sources = files.filter((path) => path.startsWith('src/') && path.endsWith('.ts')).map((path) => path.slice('src/'.length, -'.ts'.length));
    expect(sources.length).toBeGreaterThan(10);
    for (const module of sources) {
      for (const suffix of ['.js', '.d.ts']) expect(files).toContain(`dist/${module}${suffix}`);
    }
    const built = files.filter((path) => path.startsWith('dist/') && path !== 'dist/cli.js').map((path) => path.slice('dist/'.length).replace(/\.(js|d\.ts)(\.map)?$/, ''));
    expect([...new Set(built)].filter((module) => !sources.includes(module))).toEqual([]);
  });

  it('runs nothing on a consumer install, and prepack builds from an empty dist/', () => {
    expect(['preinstall', 'install', 'postinstall'].filter((name) => name in manifest.scripts)).toEqual([]);
    // From an empty dist/, so a module removed from src/ leaves no stale file in the tarball.
    expect(manifest.scripts.prepack).toMatch(/rmSync\('dist'.*&& npm run build$/);
  });
});

describe('installed from the packed tarball into an empty project', () => {
  let work = '';
  let project = '';

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'passto-packed-'));
    project = installTarball(join(work, 'project'), packTarball(work));
    // A CommonJS script: every entry by require(), then sign, createClient and verifyWebhook (consumer-script.ts).
    const entries = "for (const entry of ['passto/hono', 'passto/schemas', 'passto/testing', 'passto/internal']) require(entry);\n";
    writeFileSync(join(project, 'check.cjs'), entries + cjsScript);
  }, 180_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const runtimes: [string, () => string][] = [
    ['Node 22', node22],
    ['Bun', () => binary('bun')],
  ];
  // This machine's Node too, when it can require() ES modules (20.19 and later).
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  if (major > 20 || (major === 20 && minor >= 19)) runtimes.push([`Node ${process.versions.node}`, () => process.execPath]);

  it.each(runtimes)("require('passto') on %s: sign (RFC 2202), createClient and verifyWebhook work", (_name, runtime) => {
    const out = execFileSync(runtime(), ['check.cjs'], { cwd: project, encoding: 'utf8', timeout: 30_000 });
    expectConsumerResult(JSON.parse(out.trim().split('\n').at(-1) ?? ''));
  });

  it('installs only the runtime dependencies, and links a passto command that signs', () => {
    const installed = JSON.parse(readFileSync(join(project, 'node_modules', '.package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    expect(Object.keys(installed.packages).sort()).toEqual(['node_modules/@noble/hashes', 'node_modules/passto', 'node_modules/valibot']);
    const passto = join(project, 'node_modules', '.bin', 'passto');
    expect(execFileSync(passto, ['--help'], { cwd: project, encoding: 'utf8', timeout: 30_000 })).toMatch(/^Usage: passto COMMAND/m);
    const [path, body] = ['/v1/platform/identify/auth', 'what do ya want for nothing?'];
    const signature = execFileSync(passto, ['sign', '--key', 'Jefe', '--path', path, '--body', body], { cwd: project, encoding: 'utf8', timeout: 30_000 });
    expect(signature.trim()).toBe(createHmac('sha1', 'Jefe').update(path).update(body).digest('base64'));
  });
});
