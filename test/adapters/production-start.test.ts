/**
 * Issue 8, item 8, on the Node, Deno and Bun adapters: `npm run serve:<runtime>` reads only the
 * real environment (never `.dev.vars`), refuses to start naming every missing or malformed
 * variable, and once configured serves with the sandbox off and the development token refused.
 * Its entry (adapters/<runtime>/index.ts) loads none of the sandbox, so `SANDBOX=on` is refused
 * there; `npm run start:<runtime>` (adapters/<runtime>/dev.ts) mounts it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binary } from '../runtime/runner.ts';
import { type AdapterProcess, freePort, startProcess, stopAll } from './adapter-process.ts';
import { type AdapterRuntime, ROOT, startCommand } from './runtimes.ts';

const EXIT_TIMEOUT_MS = 30_000;

/** Every variable the gateway reads: none may leak in from the test process's own environment. */
const GATEWAY_VARIABLES = /^(GATEWAY_TOKEN|PASSTO_|PUBLIC_URL|CREDIT_LIMIT_|FORWARD_|EVENT_|SANDBOX|HOST$|PORT$|SCHEDULE_INTERVAL_MS)/;

/** A production environment with every required variable, the sandbox off. */
const PRODUCTION = {
  GATEWAY_TOKEN: 'prod-token-91b3e7',
  PASSTO_API_KEY: 'prod-api-key',
  PASSTO_SIGNATURE_KEY: 'prod-signature-key',
  PASSTO_PLAT_ID: 'plat-42',
};

/** The command of `npm run serve:<runtime>`, resolved as npm resolves it (plain words, see runtimes.ts). */
function serveCommand(runtime: AdapterRuntime): { command: string; args: string[] } {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const script = scripts[`serve:${runtime}`];
  if (!script) throw new Error(`package.json has no serve:${runtime} script`);
  if (/["'$|&;<>`]/.test(script) || script.includes('.dev.vars')) throw new Error(`serve:${runtime} must be a plain command without .dev.vars: ${script}`);
  const [first, ...args] = script.trim().split(/\s+/);
  return { command: first!.includes('/') ? join(ROOT, first!) : binary(first!), args };
}

/** The repository modules a script's entry (its last argument) loads, as esbuild follows its imports. */
async function loadedModules(args: readonly string[]): Promise<string[]> {
  const { metafile } = await build({
    entryPoints: [join(ROOT, args.at(-1)!)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    conditions: ['passto-source'],
    external: ['bun:sqlite', '@hono/node-server'],
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  return Object.keys(metafile.inputs).filter((path) => !path.includes('node_modules/'));
}

/** The test process's environment without any gateway variable, plus `env`. */
function cleanEnv(env: Record<string, string>): Record<string, string> {
  const kept = Object.entries(process.env).filter(([name, value]) => value !== undefined && !GATEWAY_VARIABLES.test(name));
  return { ...(Object.fromEntries(kept) as Record<string, string>), NO_COLOR: '1', HOST: '127.0.0.1', ...env };
}

/** Runs the production start until it exits (bounded); answers its exit code and output. */
async function runToExit(runtime: AdapterRuntime, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const { command, args } = serveCommand(runtime);
  const child: ChildProcess = spawn(command, args, { cwd: ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
    child.once('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  return { code, output };
}

describe.each(['node', 'deno', 'bun'] as const)('production start on %s (npm run serve:%s)', (runtime) => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), `passto-serve-${runtime}-`));
  });
  afterAll(async () => {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start without the required variables, naming every one, and opens nothing', async () => {
    const dbPath = join(dir, 'missing.sqlite');
    const { code, output } = await runToExit(runtime, { PASSTO_DB: dbPath, PORT: String(await freePort()) });
    expect(code).toBe(1);
    expect(output).toContain('passto gateway refused to start: 4 configuration problems');
    for (const variable of ['GATEWAY_TOKEN', 'PASSTO_API_KEY', 'PASSTO_SIGNATURE_KEY', 'PASSTO_PLAT_ID']) expect(output).toContain(`  ${variable}: not set`);
    expect(output).not.toContain('listening on');
    expect(existsSync(dbPath)).toBe(false);
  });

  it('refuses a malformed number or choice instead of using a default, and shows no value', async () => {
    const env = { ...PRODUCTION, FORWARD_MAX_ATTEMPTS: 'ten', PASSTO_PLAT_ID_PARAM: 'plat-id', PORT: 'eighty', PASSTO_DB: join(dir, 'malformed.sqlite') };
    const { code, output } = await runToExit(runtime, env);
    expect(code).toBe(1);
    expect(output).toContain('passto gateway refused to start: 3 configuration problems');
    expect(output).toContain('  FORWARD_MAX_ATTEMPTS: must be an integer from 1 to 1000');
    expect(output).toContain('  PASSTO_PLAT_ID_PARAM: must be `platId` or `plat_id`');
    expect(output).toContain('  PORT: must be an integer from 0 to 65535');
    for (const value of ['ten', 'plat-id', 'eighty', 'prod-']) expect(output).not.toContain(value);
  });

  it('refuses the development token with the sandbox off, and SANDBOX=true', async () => {
    const devToken = await runToExit(runtime, { ...PRODUCTION, GATEWAY_TOKEN: 'dev-token', PASSTO_DB: join(dir, 'dev.sqlite') });
    expect(devToken.code).toBe(1);
    expect(devToken.output).toContain('  GATEWAY_TOKEN: holds the public development token');
    const sandboxTrue = await runToExit(runtime, { ...PRODUCTION, SANDBOX: 'true', PASSTO_DB: join(dir, 'true.sqlite') });
    expect(sandboxTrue.code).toBe(1);
    expect(sandboxTrue.output).toContain('  SANDBOX: must be `on` or `off`');
  });

  it('loads no module of worker/sandbox/, where the development start does', async () => {
    const production = await loadedModules(serveCommand(runtime).args);
    expect(production).toContain('adapters/serve-gateway.ts');
    expect(production.filter((path) => path.startsWith('worker/sandbox/'))).toEqual([]);
    expect(await loadedModules(startCommand(runtime).args)).toContain('worker/sandbox/index.ts');
  });

  it('refuses SANDBOX=on (this start has no sandbox), naming it alone, even with every development value', async () => {
    const development = { GATEWAY_TOKEN: 'dev-token', PASSTO_API_KEY: 'sandbox-api-key', PASSTO_SIGNATURE_KEY: 'sandbox-signature-key', PASSTO_PLAT_ID: 'sandbox-plat' };
    const sandboxOn = await runToExit(runtime, { ...development, SANDBOX: 'on', PASSTO_DB: join(dir, 'on.sqlite') });
    expect(sandboxOn.code).toBe(1);
    expect(sandboxOn.output).toContain('passto gateway refused to start: 1 configuration problem\n');
    expect(sandboxOn.output).toContain('  SANDBOX: is `on`, but this production build has no sandbox');
    expect(sandboxOn.output).not.toContain('listening on');
  });

  describe('configured', () => {
    let gateway: AdapterProcess;
    beforeAll(async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const { command, args } = serveCommand(runtime);
      const env = cleanEnv({ ...PRODUCTION, PORT: String(port), PASSTO_DB: join(dir, 'gateway.sqlite') });
      gateway = { url, ...(await startProcess(command, args, env, `listening on ${url}`)) };
    });

    it('serves with the sandbox off, the real token accepted and the development token refused', async () => {
      expect(gateway.output()).toContain('sandbox: off');
      expect(gateway.output()).not.toContain('prod-token-91b3e7');
      expect((await fetch(`${gateway.url}/v1/events`, { headers: { authorization: `Bearer ${PRODUCTION.GATEWAY_TOKEN}` } })).status).toBe(200);
      const dev = await fetch(`${gateway.url}/v1/events`, { headers: { authorization: 'Bearer dev-token' } });
      expect(dev.status).toBe(401);
      expect(dev.headers.get('www-authenticate')).toBe('Bearer realm="passto", error="invalid_token"');
      expect((await fetch(`${gateway.url}/sandbox/oauth?ident_code=x`)).status).toBe(404);
      expect(await gateway.stop()).toBe(0);
    });
  });
});
