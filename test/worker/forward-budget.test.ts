/** The cron's forwarding run stops starting attempts after its time budget: a hanging backend cannot pile runs up. */
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { d1Database } from '../../src/sql-database.ts';
import { readConfig } from '../../worker/env.ts';
import { forwardDueEvents } from '../../worker/forward.ts';
import { insertEvent } from '../../worker/store/event-log.ts';
import type { SqlDatabase } from '../../worker/store/sql.ts';
import { devVars, migrationStatements } from './harness.ts';

let mf: Miniflare;
let db: SqlDatabase;
beforeAll(async () => {
  mf = new Miniflare({ modules: true, script: 'export default {fetch(){return new Response()}}', d1Databases: { DB: 'x' }, compatibilityDate: '2026-04-01' });
  const d1 = await mf.getD1Database('DB');
  for (const statement of migrationStatements()) await d1.prepare(statement).run();
  db = d1Database(d1);
});
afterAll(() => mf?.dispose());

it('starts no attempt after 30 s; the rest stays due for the next run', async () => {
  const T0 = 1_767_225_600_000;
  for (let i = 0; i < 10; i++) await insertEvent(db, { event_id: `b${i}`, type: 'PAY_START', trace: null, payload: '{}', status: 'pending', received_at: T0 });
  let clock = T0;
  // Every send takes 10 s of the fake clock and fails: six run at once, then the budget is spent.
  const fetch = (async () => {
    clock += 10_000;
    return new Response('', { status: 503 });
  }) as typeof globalThis.fetch;
  const config = readConfig({ ...devVars(), FORWARD_URL: 'http://127.0.0.1:9/events', FORWARD_SIGNATURE_KEY: 'k' });
  const attempted = await forwardDueEvents({ db, config, fetch, now: () => clock });
  expect(attempted).toBe(6);
  const untouched = await db.all<{ event_id: string }>('SELECT event_id FROM events WHERE attempts = 0 ORDER BY seq');
  expect(untouched.map((r) => r.event_id)).toEqual(['b6', 'b7', 'b8', 'b9']);
});
