/**
 * Runs the real `passto` CLI for the test/cli-*.test.ts files: bundled for Node (dist/cli.js,
 * the same esbuild options as `npm run build:cli`), and as TypeScript on Deno and Bun.
 *
 * The bundle keeps the SDK external, as the published one does: on Node it imports `passto` from
 * dist/ (the package's own exports), so `npm run build` must have run (`npm test` does it first).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect } from 'vitest';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_BUNDLE = join(ROOT, 'dist', 'cli.js');

/** The runtimes the CLI runs on. */
export type Runtime = 'node' | 'deno' | 'bun';
export const RUNTIMES: readonly Runtime[] = ['node', 'deno', 'bun'];

/**
 * Bundles cli/passto.ts to dist/cli.js as `npm run build:cli` does. Several test files build at
 * once, so the bundle is written beside and renamed into place: a reader never sees half a file.
 */
export async function buildCli(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) throw new Error('dist/index.js is missing: run `npm run build` first (the CLI imports the built SDK)');
  const result = await build({
    entryPoints: [join(ROOT, 'cli', 'passto.ts')],
    bundle: true,
    packages: 'external',
    external: ['passto', 'passto/*'],
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    write: false,
    outfile: CLI_BUNDLE,
    logLevel: 'silent',
  });
  const temporary = `${CLI_BUNDLE}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  mkdirSync(dirname(CLI_BUNDLE), { recursive: true });
  writeFileSync(temporary, result.outputFiles[0]!.contents);
  renameSync(temporary, CLI_BUNDLE);
}

/** What one run of the CLI produced. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  runtime?: Runtime;
  /** Bytes piped to stdin; without it stdin is an empty pipe. */
  stdin?: string | Uint8Array;
  /** Variables added to an environment cleared of every PASSTO_* and GATEWAY_* variable. */
  env?: Record<string, string>;
  /** Strings that must appear in neither stdout nor stderr (keys, tokens). */
  secrets?: readonly string[];
  /** Options for node itself, before the script (Node only). */
  nodeArgs?: readonly string[];
}

const COMMANDS: Record<Runtime, (args: string[], nodeArgs: readonly string[]) => [string, string[]]> = {
  node: (args, nodeArgs) => [process.execPath, [...nodeArgs, CLI_BUNDLE, ...args]],
  deno: (args) => [join(ROOT, 'node_modules', '.bin', 'deno'), ['run', '-A', '--quiet', join(ROOT, 'cli', 'passto.ts'), ...args]],
  bun: (args) => [join(ROOT, 'node_modules', '.bin', 'bun'), [join(ROOT, 'cli', 'passto.ts'), ...args]],
};

/**
 * Runs `passto args...` and collects its output. Asynchronous on purpose: the tests' HTTP
 * servers live in this process and must keep answering while the CLI waits for them.
 */
export function runCli(args: string[], options: RunOptions = {}): Promise<Run> {
  const env: Record<string, string> = { NO_COLOR: '1' };
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(PASSTO_|GATEWAY_)/.test(name)) env[name] = value;
  }
  Object.assign(env, options.env);
  const [command, argv] = COMMANDS[options.runtime ?? 'node'](args, options.nodeArgs ?? []);
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const run = { code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
      // A failed check rejects the run at once (a throw here, in an event handler, would be lost
      // and the test would wait for its timeout).
      try {
        for (const secret of options.secrets ?? []) {
          expect(run.stdout, 'a secret on stdout').not.toContain(secret);
          expect(run.stderr, 'a secret on stderr').not.toContain(secret);
        }
      } catch (error) {
        reject(error);
        return;
      }
      resolve(run);
    });
    child.stdin.end(options.stdin ?? '');
  });
}

/** One request the test server received. */
export interface Received {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** What the test server answers: a status and a body (an object is sent as JSON). */
export type Reply = { status?: number; body?: unknown; headers?: Record<string, string> };

/**
 * A real HTTP server on 127.0.0.1 (port 0) recording every request and answering with `reply`.
 * The tests assert on the bytes the CLI actually put on the wire.
 */
export async function startServer(reply: (request: Received) => Reply | Promise<Reply>) {
  const { createServer } = await import('node:http');
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(received);
      const { status = 200, body = '', headers = {} } = await reply(received);
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
