/**
 * `PASSTO_DB` chooses the event log's database: a path or `:memory:` is SQLite (the default),
 * `postgres://` or `postgresql://` is PostgreSQL, and any other `scheme://` is refused at start as
 * a configuration problem (it used to be taken for a path: `mysql://…` made a folder `mysql:`).
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEventLog, eventLogLocation } from '../../adapters/event-log-database.ts';
import { hostSettings, readHostSettings } from '../../adapters/host-settings.ts';
import { freePort } from '../adapters/adapter-process.ts';
import { NODE_TS_FLAGS, node22, ROOT } from '../adapters/runtimes.ts';

describe('PASSTO_DB', () => {
  it('is SQLite for a path or :memory:, the default included', () => {
    expect(eventLogLocation('.passto/gateway.sqlite')).toEqual({ kind: 'sqlite', path: '.passto/gateway.sqlite' });
    expect(eventLogLocation('/var/lib/passto/db.sqlite')).toEqual({ kind: 'sqlite', path: '/var/lib/passto/db.sqlite' });
    expect(eventLogLocation(':memory:')).toEqual({ kind: 'sqlite', path: ':memory:' });
    expect(eventLogLocation(hostSettings({}).db)).toEqual({ kind: 'sqlite', path: '.passto/gateway.sqlite' });
  });

  it('is PostgreSQL for a postgres:// or postgresql:// URL, in any case', () => {
    for (const url of ['postgres://gw:pw@db.internal:5432/passto', 'postgresql://db.internal/passto', 'POSTGRES://db/passto']) {
      expect(eventLogLocation(url)).toEqual({ kind: 'postgres', url });
      expect(readHostSettings({ PASSTO_DB: url }).problems).toEqual([]);
    }
  });

  it('refuses any other scheme, and a malformed PostgreSQL URL, naming the variable and not its value', () => {
    for (const value of ['mysql://root:hunter2@db/passto', 'sqlite:///tmp/x.sqlite', 'file:///tmp/x.sqlite', 'postgres://[bad']) {
      const { problems } = readHostSettings({ PASSTO_DB: value });
      expect(problems).toHaveLength(1);
      expect(problems[0]?.variable).toBe('PASSTO_DB');
      expect(problems[0]?.problem).not.toContain('hunter2');
      expect(() => hostSettings({ PASSTO_DB: value })).toThrow(/PASSTO_DB/);
    }
  });

  it('is printed without its password or options', () => {
    expect(describeEventLog({ kind: 'postgres', url: 'postgres://gw:s3cret@db.internal:5433/passto?sslmode=require' })).toBe('postgres://gw@db.internal:5433/passto');
    expect(describeEventLog({ kind: 'postgres', url: 'postgresql://db.internal/passto' })).toBe('postgresql://db.internal/passto');
    expect(describeEventLog({ kind: 'sqlite', path: '/tmp/a.sqlite' })).toBe('/tmp/a.sqlite');
  });

  it('stops the Node production start with exit 1 and a clear line, creating no folder for it', async () => {
    const folder = join(ROOT, 'mysql:');
    const existed = existsSync(folder);
    const { code, output } = await productionStart('mysql://root:hunter2@db.internal/passto');
    const created = !existed && existsSync(folder);
    if (created) rmSync(folder, { recursive: true, force: true });
    expect(code, output).toBe(1);
    expect(output).toContain('passto gateway refused to start: 1 configuration problem');
    expect(output).toMatch(/PASSTO_DB: must be a SQLite file path, `:memory:`, or a postgres:\/\/ \(postgresql:\/\/\) URL/);
    expect(output).not.toContain('hunter2');
    expect(created).toBe(false);
  }, 30_000);

  it('a PostgreSQL server that cannot be reached fails the start (exit 1), its password not printed', async () => {
    const { code, output } = await productionStart(`postgres://gw:hunter2@127.0.0.1:${await freePort()}/passto`);
    expect(code, output).toBe(1);
    expect(output).toContain('passto gateway failed to start:');
    expect(output).not.toContain('hunter2');
  }, 30_000);
});

/** The Node production entry with a complete production environment and `PASSTO_DB`, run until it exits (bounded). */
async function productionStart(passtoDb: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(node22(), [...NODE_TS_FLAGS, 'adapters/node/index.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NO_COLOR: '1',
      GATEWAY_TOKEN: 'prod-token-91b3e7',
      PASSTO_API_KEY: 'prod-api-key',
      PASSTO_SIGNATURE_KEY: 'prod-signature-key',
      PASSTO_PLAT_ID: 'plat-42',
      PORT: '0',
      PASSTO_DB: passtoDb,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, output };
}
