/**
 * adapters/postgres/migrations.ts: the gateway's migration files, translated, applied once per
 * database even when many processes start at the same moment (the advisory lock), and never again.
 */
import type { Sql } from 'postgres';
import { afterAll, expect, it } from 'vitest';
import { applyPostgresMigrations } from '../../adapters/postgres/migrations.ts';
import { openPostgresClient } from '../../adapters/postgres/postgres-client.ts';
import { readMigrations } from '../../adapters/sqlite/migrations.ts';
import { describeWithPostgres } from './with-postgres.ts';

const NAMES = ['0001_events.sql', '0002_sandbox.sql', '0003_forward_lease.sql', '0004_event_tombstones.sql'];

await describeWithPostgres('PostgreSQL migrations', (server) => {
  const clients: Sql[] = [];
  const client = () => {
    const sql = openPostgresClient(server.url, { max: 1 });
    clients.push(sql);
    return sql;
  };
  afterAll(() => Promise.all(clients.map((sql) => sql.end({ timeout: 5 }))));

  it('eight clients applying at the same moment: one applies every file, the others none, each file recorded once', async () => {
    const migrations = readMigrations();
    expect(migrations.map((m) => m.name)).toEqual(NAMES);
    const results = await Promise.all(Array.from({ length: 8 }, () => applyPostgresMigrations(client(), migrations)));
    expect(results.filter((applied) => applied.length > 0)).toEqual([NAMES]);
    expect(results.filter((applied) => applied.length === 0)).toHaveLength(7);
    const sql = client();
    expect((await sql`SELECT name FROM _migrations ORDER BY name`).map((row) => row.name)).toEqual(NAMES);
    expect(await applyPostgresMigrations(sql, migrations)).toEqual([]);
  }, 30_000);

  it('translates the integer columns to BIGINT and seq to an identity', async () => {
    const sql = client();
    const columns = await sql`SELECT column_name, data_type, is_identity FROM information_schema.columns WHERE table_name = 'events' ORDER BY column_name`;
    const byName = Object.fromEntries(columns.map((c) => [c.column_name, `${c.data_type}${c.is_identity === 'YES' ? ' identity' : ''}`]));
    expect(byName).toMatchObject({ seq: 'bigint identity', received_at: 'bigint', leased_until: 'bigint', attempts: 'bigint', payload: 'text' });
  });

  it('a failing file leaves nothing behind (one transaction) and is not recorded', async () => {
    const sql = client();
    const broken = [{ name: '9999_broken.sql', sql: 'CREATE TABLE half_done (a INTEGER); SELECT no_such_column FROM events;' }];
    await expect(applyPostgresMigrations(sql, broken)).rejects.toThrow(/no_such_column/);
    expect(await sql`SELECT to_regclass('half_done') AS t`).toEqual([{ t: null }]);
    expect(await sql`SELECT name FROM _migrations WHERE name = '9999_broken.sql'`).toEqual([]);
  });
});
