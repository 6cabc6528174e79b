/**
 * `passto --help` starts without loading the SDK or its dependencies (issue 11, item 7): a Node
 * resolve hook refuses `passto`, `valibot` and `@noble/*`, and the commands that need nothing
 * from them still answer. Timing is measured, not tested (README, "Command line").
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runCli } from './cli-run.ts';

/** Node options that make any import of the SDK or its dependencies throw "loaded <name>". */
const REFUSE_SDK = (() => {
  const hook = 'export async function resolve(specifier, context, next) { if (/^(passto|valibot|@noble\\/)/.test(specifier)) throw new Error("loaded " + specifier); return next(specifier, context); }';
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
  return ['--import', `data:text/javascript,${encodeURIComponent(register)}`];
})();

beforeAll(buildCli);

describe('passto starts without the SDK', () => {
  it.each(['--help', '-h', '--version', 'help', 'help sign', 'sign --help', 'verify --help', 'events --help', '--help --json'])('passto %s loads nothing from the SDK', async (line) => {
    const run = await runCli(line.split(' '), { nodeArgs: REFUSE_SDK });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('usage errors are reported without it', async () => {
    const unknown = await runCli(['sing'], { nodeArgs: REFUSE_SDK });
    expect(unknown.code).toBe(2);
    const noKey = await runCli(['sign', '--path', '/v1/events', '--body', '', '--json'], { nodeArgs: REFUSE_SDK });
    expect(noKey.code).toBe(2);
    expect(JSON.parse(noKey.stderr).code).toBe('usage_error');
  });

  it('the hook works: a command that signs does load it, and says so', async () => {
    const run = await runCli(['sign', '--key', 'k', '--path', '/v1/events', '--body', ''], { nodeArgs: REFUSE_SDK });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('loaded passto');
  });
});
