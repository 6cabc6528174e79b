/**
 * The packed tarball in fresh consumer projects of every kind a user starts (issue 11, item 10):
 * an ES module on Node 20, Node 22 and Bun, TypeScript under `bundler` and under `nodenext` as a
 * CommonJS project (type-checked with `strict` and `skipLibCheck: false`, then run), Deno through
 * the repo's deno.json (Deno cannot import a local tarball), and a Worker bundled by esbuild and
 * run by Miniflare without nodejs_compat. Each calls `sign`, `createClient` (injected fetch) and
 * `verifyWebhook` (consumer-script.ts); the CommonJS `require()` runs are in packed.test.ts.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { node22 } from '../adapters/runtimes.ts';
import { binary, ROOT } from '../runtime/runner.ts';
import { esmScript, expectConsumerResult, workerScript } from './consumer-script.ts';
import { installTarball, packTarball } from './pack.ts';
import { WORKERD_BUNDLE } from '../runtime/workerd/bundle-options.ts';

const run = promisify(execFile);

/** Runs a command in `cwd`, bounded, and returns its stdout; a failure carries stderr. */
async function output(command: string, args: string[], cwd: string): Promise<string> {
  try {
    return (await run(command, args, { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } })).stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${(error as Error).message}\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`);
  }
}

/** The consumer's printed result: its last line of stdout. */
const lastLine = (stdout: string): unknown => JSON.parse(stdout.trim().split('\n').at(-1) ?? '');

const TSCONFIG = { strict: true, skipLibCheck: false, target: 'es2022', lib: ['es2022', 'dom'], types: [] as string[] };

let work = '';
let esm = '';
let cjs = '';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'passto-consumers-'));
  const tarball = packTarball(work);
  esm = installTarball(join(work, 'esm'), tarball, { type: 'module' });
  writeFileSync(join(esm, 'check.mjs'), esmScript);
  writeFileSync(join(esm, 'check.ts'), esmScript);
  writeFileSync(join(esm, 'worker.mjs'), workerScript);
  writeFileSync(join(esm, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...TSCONFIG, module: 'esnext', moduleResolution: 'bundler', noEmit: true }, files: ['check.ts'] }));
  // No "type": a CommonJS project, so nodenext compiles the same imports to require().
  cjs = installTarball(join(work, 'cjs'), tarball);
  writeFileSync(join(cjs, 'check.ts'), esmScript);
  writeFileSync(join(cjs, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...TSCONFIG, module: 'nodenext', moduleResolution: 'nodenext', outDir: 'out' }, files: ['check.ts'] }));
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('an ES module project (`"type": "module"`, check.mjs)', () => {
  const runtimes: [string, () => string][] = [
    [`Node ${process.versions.node}`, () => process.execPath],
    ['Node 22', node22],
    ['Bun', () => binary('bun')],
  ];
  it.each(runtimes)('on %s: sign, createClient and verifyWebhook work', async (_name, runtime) => {
    expectConsumerResult(lastLine(await output(runtime(), ['check.mjs'], esm)));
  });
});

describe('a TypeScript project (the repo’s tsc, strict, skipLibCheck off)', () => {
  it('type-checks under moduleResolution bundler (module esnext)', async () => {
    await output(binary('tsc'), ['-p', 'tsconfig.json'], esm);
  });

  it('type-checks under nodenext as CommonJS, and the emitted require() code runs on Node 22', async () => {
    await output(binary('tsc'), ['-p', 'tsconfig.json'], cjs);
    expectConsumerResult(lastLine(await output(node22(), [join('out', 'check.js')], cjs)));
  });
});

describe('Deno, through the repo’s deno.json import map', () => {
  it('runs the same module: sign, createClient and verifyWebhook work', async () => {
    const dir = join(work, 'deno');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'check.mjs'), esmScript);
    const denoDir = join(work, 'deno-dir');
    // --cached-only --no-remote and an empty DENO_DIR: the npm imports come from the repo's node_modules.
    const args = ['run', '--config', join(ROOT, 'deno.json'), '--no-lock', '--no-prompt', '--cached-only', '--no-remote', 'check.mjs'];
    const stdout = await run(binary('deno'), args, { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', DENO_DIR: denoDir } }).then(
      (done) => done.stdout,
      (error: Error & { stderr?: string }) => {
        throw new Error(`deno failed: ${error.message}\n${error.stderr ?? ''}`);
      },
    );
    expectConsumerResult(lastLine(stdout));
  });
});

describe('a Worker: esbuild bundles it from the installed package, Miniflare runs it without nodejs_compat', () => {
  it('answers with the results of sign, createClient and verifyWebhook', async () => {
    const bundle = await build({
      entryPoints: [join(esm, 'worker.mjs')],
      absWorkingDir: esm,
      ...WORKERD_BUNDLE,
      metafile: true,
    });
    const script = bundle.outputFiles[0]!.text;
    expect(script).not.toMatch(/\bfrom\s*["']node:|\bimport\(\s*["']node:/);
    // The bundle came from the tarball in node_modules, not from the repo's sources.
    const inputs = Object.keys(bundle.metafile.inputs);
    expect(inputs.some((path) => path.startsWith('node_modules/passto/dist/'))).toBe(true);
    expect(inputs.filter((path) => !path.startsWith('node_modules/'))).toEqual(['worker.mjs']);
    const mf = new Miniflare({ modules: true, script, compatibilityDate: '2026-04-01' });
    try {
      const response = await mf.dispatchFetch('http://consumer.test/');
      expect(response.status).toBe(200);
      expectConsumerResult(await response.json());
    } finally {
      await mf.dispose();
    }
  }, 60_000);
});
