/**
 * Starts a gateway adapter as its own process, exactly as `npm run start:<runtime>` does, on a
 * free port of 127.0.0.1, and stops it gracefully or kills it. Every wait is bounded; `stopAll`
 * kills what is left. Usable outside vitest (benchmarks import it).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { type AdapterRuntime, ROOT, startCommand } from './runtimes.ts';

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 12_000;

/** A free TCP port on 127.0.0.1 (the OS picks it; released before the adapter binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A running process. */
export interface RunningProcess {
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** SIGTERM, then waits for the exit (SIGKILL after a bound); answers the exit code (null if killed). */
  stop(): Promise<number | null>;
  /** SIGKILL: no shutdown at all (a crash); resolves once it is gone. */
  kill(): Promise<void>;
}

/** How `startProcess` runs the command. */
export interface StartOptions {
  /** Give it this process's environment under `env` (default true); false: only PATH, NO_COLOR and `env`. */
  inheritEnv?: boolean;
}

/** A running adapter process. */
export interface AdapterProcess extends RunningProcess {
  url: string;
}

const running = new Set<ChildProcess>();

/**
 * Spawns `command args` in the repository root with `env` over this process's environment and
 * waits until its output contains `ready`. Rejects (after stopping it) when it exits first or
 * stays silent too long.
 */
export async function startProcess(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  ready: string,
  options: StartOptions = {},
): Promise<RunningProcess> {
  const base = options.inheritEnv === false ? { PATH: process.env.PATH ?? '' } : process.env;
  const child = spawn(command, [...args], { cwd: ROOT, env: { ...base, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
  });
  const isReady = await untilPrinted(child, () => output, ready, READY_TIMEOUT_MS, exited);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await exited;
  };
  if (!isReady) {
    await stop();
    throw new Error(`${command} ${args.join(' ')} did not print ${JSON.stringify(ready)}:\n${output.slice(-3000)}`);
  }
  return { output: () => output, stop, kill };
}

/**
 * Resolves true once `output()` (what `child` printed, collected by the caller) contains `text`;
 * false when `child` exits without it or `timeoutMs` passes first.
 */
export function untilPrinted(child: ChildProcess, output: () => string, text: string, timeoutMs: number, exited: Promise<unknown>): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    const check = () => {
      if (output().includes(text)) {
        clearTimeout(timer);
        resolve(true);
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      resolve(output().includes(text));
    });
  });
}

/** Starts `npm run start:<runtime>`'s command on a free port (or `env.PORT`) and waits until it listens. */
export async function startAdapter(runtime: AdapterRuntime, env: Record<string, string>): Promise<AdapterProcess> {
  const { command, args } = startCommand(runtime);
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = await startProcess(command, args, { HOST: '127.0.0.1', ...env, PORT: String(port) }, `listening on ${url}`);
  return { url, ...started };
}

/** Kills every adapter process still running (for afterAll). */
export async function stopAll(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
          setTimeout(resolve, 2000);
        }),
    ),
  );
}
