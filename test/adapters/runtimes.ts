/**
 * Where the adapter tests find each runtime, and how they run the TypeScript sources: the same
 * commands as the `start:*` npm scripts, read from package.json so the tests run what users run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { binary, ROOT } from '../runtime/runner.ts';

export { ROOT };

/** The Node 22 binary installed by the root prepare script (npm ci) into tools/node22 (Node 20 has no node:sqlite). */
export function node22(): string {
  const path = join(ROOT, 'tools/node22/node_modules/.bin/node');
  if (!existsSync(path)) {
    throw new Error(`The Node 22 binary is missing at ${path}: \`npm ci\` installs it through the root prepare script (or run \`node tools/node22/install.mjs\`).`);
  }
  return path;
}

/** The flags that let Node 22 run the TypeScript sources (constructor parameter properties need transform, not strip). */
export const NODE_TS_FLAGS = ['--experimental-transform-types', '--disable-warning=ExperimentalWarning', '--conditions=passto-source'] as const;

export type AdapterRuntime = 'node' | 'deno' | 'bun';

/**
 * The command of `npm run start:<runtime>`, as an executable and its arguments. Scripts are plain
 * words (no quotes or shell syntax), so splitting on spaces is exact; a bare command name
 * resolves like npm resolves it, through node_modules/.bin.
 */
export function startCommand(runtime: AdapterRuntime): { command: string; args: string[] } {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  const script = scripts[`start:${runtime}`];
  if (!script) throw new Error(`package.json has no start:${runtime} script`);
  const [first, ...args] = script.trim().split(/\s+/);
  if (!first || /["'$|&;<>`]/.test(script)) throw new Error(`start:${runtime} is not a plain command: ${script}`);
  const command = first.includes('/') ? join(ROOT, first) : binary(first);
  if (!existsSync(command)) throw new Error(`start:${runtime} runs ${command}, which is missing`);
  return { command, args };
}
