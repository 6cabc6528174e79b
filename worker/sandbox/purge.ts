/** Sandbox housekeeping: its codes, sessions and deliveries are development scratch, kept a day. */
import type { SqlDatabase } from '../store/sql.ts';

/** How long sandbox rows live (the cashier session itself lasts an hour). */
export const SANDBOX_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Deletes sandbox rows created before `now - SANDBOX_RETENTION_MS` (never a pending delivery); says how many. */
export async function purgeSandbox(db: SqlDatabase, now: number): Promise<number> {
  const before = now - SANDBOX_RETENTION_MS;
  const deliveries = await db.run(`DELETE FROM sandbox_deliveries WHERE created_at < ? AND status <> 'pending'`, [before]);
  const codes = await db.run(
    'DELETE FROM sandbox_codes WHERE created_at < ? AND ident_code NOT IN (SELECT ident_code FROM sandbox_deliveries)',
    [before],
  );
  return deliveries.changes + codes.changes;
}
