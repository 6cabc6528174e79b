/**
 * The gateway's production entry on Node (`npm run serve:node`'s command) as a child process that
 * a test can stop gracefully or kill with SIGKILL (test/adapters/adapter-process.ts cannot kill).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../adapters/runtimes.ts';

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 12_000;

export interface GatewayProcess {
  url: string;
  output(): string;
  /** SIGTERM, then the exit code (SIGKILL after a bound). */
  stop(): Promise<number | null>;
  /** SIGKILL: no shutdown at all. */
  kill(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** `npm run serve:node`'s command, resolved as npm does (a plain command: see test/adapters/runtimes.ts). */
function serveNode(): { command: string; args: string[] } {
  const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['serve:node'];
  const [first, ...args] = (script ?? '').trim().split(/\s+/);
  if (!first) throw new Error('package.json has no serve:node script');
  return { command: join(ROOT, first), args };
}

/** Starts the production entry with exactly `env` (plus PATH) on `port`; resolves once it listens. */
export async function startGateway(env: Record<string, string>, port: number): Promise<GatewayProcess> {
  const { command, args } = serveNode();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const ready = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes(`listening on ${url}`)) {
        clearTimeout(timer);
        resolve(true);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    void exited.then(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  if (!(await ready)) {
    await kill();
    throw new Error(`the gateway did not start on ${url}:\n${output.slice(-3000)}`);
  }
  return {
    url,
    output: () => output,
    kill,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Kills every gateway still running (afterAll). */
export async function killAllGateways(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
