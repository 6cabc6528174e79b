/**
 * `passto --version` prints package.json's version (issue 11, item 7), read at build time: the
 * bundle alone, copied where there is no package.json, still knows it.
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, CLI_BUNDLE, ROOT, RUNTIMES, runCli } from './cli-run.ts';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

beforeAll(buildCli);

describe.each(RUNTIMES)('passto --version on %s', (runtime) => {
  it.each(['--version', '-v'])('%s prints the version of package.json and exits 0', async (flag) => {
    const run = await runCli([flag], { runtime });
    expect(run).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });
});

describe('passto --version', () => {
  it('--json prints {"version"}', async () => {
    const run = await runCli(['--version', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ version: VERSION });
  });

  it('the overview names the version', async () => {
    const run = await runCli(['--help']);
    expect(run.stdout.startsWith(`passto ${VERSION}: `)).toBe(true);
  });

  it('is in the bundle itself: a copy with no package.json beside it still prints it', async () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'passto-cli-version-')), 'cli.mjs');
    copyFileSync(CLI_BUNDLE, copy);
    const { spawnSync } = await import('node:child_process');
    const run = spawnSync(process.execPath, [copy, '--version'], { encoding: 'utf8', cwd: tmpdir() });
    expect({ code: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });
});
