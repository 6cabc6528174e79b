/**
 * The event-log conformance suite (test/store/event-log-conformance.ts), the one D1 and every
 * runtime's SQLite pass, on PostgreSQL through adapters/postgres: the migrations applied by the
 * adapter's own code, then each case on emptied tables.
 */
import type { Sql } from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyPostgresMigrations } from '../../adapters/postgres/migrations.ts';
import { openPostgresClient } from '../../adapters/postgres/postgres-client.ts';
import { postgresDatabase } from '../../adapters/postgres/postgres-database.ts';
import { readMigrations } from '../../adapters/sqlite/migrations.ts';
import type { SqlDatabase } from '../../worker/store/sql.ts';
import { runCases } from '../runtime/harness.ts';
import { eventLogCases } from '../store/event-log-conformance.ts';
import { describeWithPostgres } from './with-postgres.ts';

await describeWithPostgres('event log on PostgreSQL (adapters/postgres)', (server) => {
  let sql: Sql;
  let db: SqlDatabase;
  beforeAll(async () => {
    sql = openPostgresClient(server.url);
    await applyPostgresMigrations(sql, readMigrations());
    db = postgresDatabase(sql);
  });
  afterAll(() => sql?.end({ timeout: 5 }));

  const fresh = async () => {
    await db.run('DELETE FROM events');
    await db.run('DELETE FROM event_tombstones');
    await db.run('DROP TABLE IF EXISTS passto_event_claims'); // the SQL EventStore creates it on first use
    return db;
  };
  for (const c of eventLogCases(fresh)) it(c.name, c.run, 10_000);

  it('fails on a database that breaks the semantics (the suite can fail here too)', async () => {
    const lying: SqlDatabase = { ...db, run: async (statement, params) => ({ changes: Math.max(1, (await db.run(statement, params)).changes) }) };
    const report = await runCases(
      eventLogCases(async () => {
        await fresh();
        return lying;
      }),
    );
    expect(report.results.filter((r) => !r.ok).length).toBeGreaterThan(0);
  });

  it('keeps millisecond timestamps and counters as numbers (BIGINT columns, parsed as numbers)', async () => {
    await fresh();
    const at = 4_102_444_800_000; // 2100-01-01, beyond a 32-bit INTEGER
    await db.run(`INSERT INTO events (event_id, type, payload, status, received_at) VALUES (?, 'T', '{}', 'stored', ?)`, ['big', at]);
    expect(await db.first('SELECT received_at, attempts, seq > 0 AS positive FROM events WHERE event_id = ?', ['big'])).toEqual({
      received_at: at,
      attempts: 0,
      positive: true,
    });
    expect(await db.first('SELECT count(*) AS n FROM events')).toEqual({ n: 1 });
  });
});
