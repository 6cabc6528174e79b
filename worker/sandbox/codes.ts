/**
 * The sandbox's one-time codes and the cashier session each opens: every statement on
 * `sandbox_codes` (migration 0002), in SQL that D1 and SQLite share. Times are ms since the epoch.
 */
import type { SqlDatabase } from '../store/sql.ts';

/** One issued code: what identify/auth was given, and what became of the code. */
export interface SandboxCode {
  ident_code: string;
  plat_id: string;
  session_sign: string | null;
  custom_no: string;
  customer_token: string;
  token_expire: number;
  callback_url: string;
  client_ip: string;
  lang: string;
  credit_limit_tag: string | null;
  /** JSON of `credit_limit_available_cards`, when identify/auth carried them. */
  credit_limit_cards: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  open_token: string | null;
  session_expires_at: number | null;
  last_order_no: string | null;
  last_amount: string | null;
  last_result: string | null;
}

/** What identify/auth stores for a new code. */
export type NewSandboxCode = Omit<SandboxCode, 'used_at' | 'open_token' | 'session_expires_at' | 'last_order_no' | 'last_amount' | 'last_result'>;

const NEW_COLUMNS = [
  'ident_code',
  'plat_id',
  'session_sign',
  'custom_no',
  'customer_token',
  'token_expire',
  'callback_url',
  'client_ip',
  'lang',
  'credit_limit_tag',
  'credit_limit_cards',
  'created_at',
  'expires_at',
] as const;

/** Stores a newly issued code. */
export async function insertCode(db: SqlDatabase, code: NewSandboxCode): Promise<void> {
  await db.run(
    `INSERT INTO sandbox_codes (${NEW_COLUMNS.join(', ')}) VALUES (${NEW_COLUMNS.map(() => '?').join(', ')})`,
    NEW_COLUMNS.map((column) => code[column]),
  );
}

/** The newest code issued to this platform for this `session_sign` that is still unused and unexpired. */
export async function findReusableCode(db: SqlDatabase, platId: string, sessionSign: string, now: number): Promise<string | null> {
  const row = await db.first<{ ident_code: string }>(
    `SELECT ident_code FROM sandbox_codes
     WHERE plat_id = ? AND session_sign = ? AND used_at IS NULL AND expires_at > ?
     ORDER BY created_at DESC LIMIT 1`,
    [platId, sessionSign, now],
  );
  return row?.ident_code ?? null;
}

/** One code, or null. */
export function getCode(db: SqlDatabase, identCode: string): Promise<SandboxCode | null> {
  return db.first<SandboxCode>('SELECT * FROM sandbox_codes WHERE ident_code = ?', [identCode]);
}

/**
 * Spends a code, atomically: only the one exchange whose UPDATE finds it unused and unexpired
 * changes the row, so concurrent exchanges give exactly one open_token.
 */
export async function spendCode(
  db: SqlDatabase,
  identCode: string,
  spend: { now: number; openToken: string; sessionExpiresAt: number },
): Promise<boolean> {
  const { changes } = await db.run(
    `UPDATE sandbox_codes SET used_at = ?, open_token = ?, session_expires_at = ?
     WHERE ident_code = ? AND used_at IS NULL AND expires_at > ?`,
    [spend.now, spend.openToken, spend.sessionExpiresAt, identCode, spend.now],
  );
  return changes === 1;
}

/** Remembers the session's last payment: REFUND refers to its order, the callback carries its result. */
export async function recordPayment(
  db: SqlDatabase,
  identCode: string,
  payment: { orderNo: string | null; amount: string | null; result: string },
): Promise<void> {
  await db.run(
    `UPDATE sandbox_codes SET last_order_no = COALESCE(?, last_order_no), last_amount = COALESCE(?, last_amount), last_result = ?
     WHERE ident_code = ?`,
    [payment.orderNo, payment.amount, payment.result, identCode],
  );
}
