/**
 * One event-log conformance suite (event-log-conformance.ts), run on Cloudflare D1 (Miniflare's
 * local D1, in this process) and on SQLite in real runtimes: node:sqlite under Node 22 and Deno,
 * bun:sqlite under Bun (a runner per runtime, spawned; its JSON report checked here).
 */
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { d1Database } from '../../worker/store/d1.ts';
import type { SqlDatabase } from '../../worker/store/sql.ts';
import { NODE_TS_FLAGS, node22, ROOT } from '../adapters/runtimes.ts';
import { type Case, type Report, runCases } from '../runtime/harness.ts';
import { binary, settle, spawnReport } from '../runtime/runner.ts';
import { migrationStatements } from '../worker/harness.ts';
import { eventLogCases } from './event-log-conformance.ts';

// Names only: every runtime must report exactly these, in order.
const CASE_NAMES = eventLogCases(async () => {
  throw new Error('names only');
}).map((c) => c.name);

describe('event log on Cloudflare D1 (Miniflare)', () => {
  let mf: Miniflare;
  let db: SqlDatabase;
  beforeAll(async () => {
    mf = new Miniflare({
      modules: true,
      script: 'export default {fetch(){return new Response()}}',
      d1Databases: { DB: 'x' },
      compatibilityDate: '2026-04-01',
    });
    const d1 = await mf.getD1Database('DB');
    for (const statement of migrationStatements()) await d1.prepare(statement).run();
    db = d1Database(d1);
  });
  afterAll(() => mf?.dispose());

  // A fresh database per case: the same D1, emptied (D1 local storage is per Miniflare instance).
  const fresh = async () => {
    await db.run('DELETE FROM events');
    await db.run('DELETE FROM event_tombstones');
    await db.run('DROP TABLE IF EXISTS passto_event_claims'); // the SQL EventStore creates it on first use
    return db;
  };

  for (const c of eventLogCases(fresh)) it(c.name, c.run);

  it('fails on a database that breaks the semantics (the suite can fail)', async () => {
    // A database that claims every write changed a row: duplicates look inserted, requeues of unknown ids succeed.
    const lying: SqlDatabase = { ...db, run: async (sql, params) => ({ changes: Math.max(1, (await db.run(sql, params)).changes) }) };
    const cases: Case[] = eventLogCases(async () => {
      await db.run('DELETE FROM events');
      await db.run('DELETE FROM event_tombstones');
      return lying;
    });
    const report = await runCases(cases);
    const failed = report.results.filter((r) => !r.ok).map((r) => r.name);
    expect(failed).toContain(CASE_NAMES[0]);
    expect(failed.some((name) => name.includes('requeueEvent'))).toBe(true);
  });
});

const RUNNER = join(ROOT, 'test/store/sqlite-main.ts');

function describeReport(runtime: string, outcome: { report: Report } | { error: Error }, runtimePattern: RegExp): void {
  if ('error' in outcome) {
    describe(`event log on ${runtime} SQLite: did not run`, () => {
      it(`starts ${runtime} and gets a report`, () => {
        throw outcome.error;
      });
    });
    return;
  }
  const { report } = outcome;
  describe(`event log on ${report.runtime} SQLite: ${report.passed} passed, ${report.failed} failed`, () => {
    it(`ran on ${runtime}`, () => expect(report.runtime).toMatch(runtimePattern));
    it('ran every case of the suite, once, in order', () => {
      expect(report.results.map((r) => r.name)).toEqual(CASE_NAMES);
      expect(report.passed + report.failed).toBe(CASE_NAMES.length);
    });
    for (const name of CASE_NAMES) {
      it(name, () => {
        const result = report.results.find((r) => r.name === name);
        if (!result?.ok) throw new Error(`failed on ${report.runtime}: ${result?.error ?? 'not reported'}`);
      });
    }
  });
}

const [node, bun, deno] = await Promise.all([
  settle(() => spawnReport(node22(), [...NODE_TS_FLAGS, RUNNER])),
  settle(() => spawnReport(binary('bun'), ['run', RUNNER])),
  settle(() => spawnReport(binary('deno'), ['run', '--allow-read', '--allow-write', '--allow-env', '--cached-only', '--no-remote', '--no-lock', '--no-prompt', RUNNER])),
]);
describeReport('Node 22 (node:sqlite)', node, /^Node 22\./);
describeReport('Bun (bun:sqlite)', bun, /^Bun /);
describeReport('Deno (node:sqlite)', deno, /^Deno /);
