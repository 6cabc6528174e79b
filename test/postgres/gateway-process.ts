/**
 * The gateway's production entry on Node (`npm run serve:node`'s command) as a child process with
 * exactly the environment a test gives it, which the test can stop gracefully or kill with SIGKILL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AdapterProcess, startProcess } from '../adapters/adapter-process.ts';
import { ROOT } from '../adapters/runtimes.ts';

/** `npm run serve:node`'s command, resolved as npm does (a plain command: see test/adapters/runtimes.ts). */
function serveNode(): { command: string; args: string[] } {
  const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['serve:node'];
  const [first, ...args] = (script ?? '').trim().split(/\s+/);
  if (!first) throw new Error('package.json has no serve:node script');
  return { command: join(ROOT, first), args };
}

/** Starts the production entry with exactly `env` (plus PATH) on `port`; resolves once it listens. */
export async function startGateway(env: Record<string, string>, port: number): Promise<AdapterProcess> {
  const { command, args } = serveNode();
  const url = `http://127.0.0.1:${port}`;
  const started = await startProcess(command, args, { HOST: '127.0.0.1', ...env, PORT: String(port) }, `listening on ${url}`, { inheritEnv: false });
  return { url, ...started };
}
