/**
 * Runs the event-log conformance suite on this runtime's built-in SQLite (`bun:sqlite` on Bun,
 * `node:sqlite` on Node 22+ and Deno), each case on a new database file opened the way the
 * adapters open it (WAL, busy timeout, migrations). Prints the report as one JSON line, last.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEventLog } from '../../adapters/sqlite/open-event-log.ts';
import type { SyncSqlite } from '../../adapters/sqlite/sync-sqlite.ts';
import { runCases } from '../runtime/harness.ts';
import { eventLogCases } from './event-log-conformance.ts';

/** The runtime's SQLite constructor; variable specifiers keep a Node 20 type check from looking for them. */
async function opener(): Promise<(path: string) => SyncSqlite> {
  if ('Bun' in globalThis) {
    const { Database } = (await import('bun:sqlite' as string)) as { Database: new (path: string, options: { create: boolean }) => SyncSqlite };
    return (path) => new Database(path, { create: true });
  }
  const { DatabaseSync } = (await import('node:sqlite' as string)) as { DatabaseSync: new (path: string) => SyncSqlite };
  return (path) => new DatabaseSync(path);
}

const open = await opener();
const dir = mkdtempSync(join(tmpdir(), 'passto-sqlite-conformance-'));
const opened: { close(): void }[] = [];
let n = 0;
try {
  const report = await runCases(
    eventLogCases(async () => {
      const log = openEventLog(join(dir, `case-${++n}`, 'gateway.sqlite'), open);
      opened.push(log);
      return log.db;
    }),
  );
  for (const r of report.results) if (!r.ok) console.error(`FAIL ${r.name}\n  ${r.error}`);
  console.error(`event log on ${report.runtime} SQLite: ${report.passed} passed, ${report.failed} failed`);
  console.log(JSON.stringify(report));
  if (report.failed > 0) process.exitCode = 1;
} finally {
  for (const log of opened) log.close();
  rmSync(dir, { recursive: true, force: true });
}
