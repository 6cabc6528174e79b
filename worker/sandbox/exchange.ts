/**
 * identify/redirect's logic: a one-time code becomes an open_token, `"Bearer <HS256 JWT>"`
 * (platform spec, "Outbound: identify/redirect"). The API route and the cashier page share it.
 */
import type { GatewayConfig } from '../env.ts';
import type { SqlDatabase } from '../store/sql.ts';
import { getCode, type SandboxCode, spendCode } from './codes.ts';
import { SANDBOX } from './defaults.ts';
import type { PasstoFailure } from './envelope.ts';
import { openTokenKey, signJwt } from './jwt.ts';

/** Why a code cannot be exchanged, as PassTo answers it (HTTP 200, non-zero code; see envelope.ts). */
export const CODE_FAILURES = {
  unknown: { httpStatus: 200, code: 404, msg: 'ident_code not found' },
  used: { httpStatus: 200, code: 409, msg: 'ident_code already used' },
  expired: { httpStatus: 200, code: 410, msg: 'ident_code expired' },
} as const satisfies Record<string, PasstoFailure>;

export type ExchangeResult =
  | { ok: true; openToken: string; code: SandboxCode }
  | { ok: false; reason: keyof typeof CODE_FAILURES; code: SandboxCode | null };

/**
 * Exchanges a code once. A second exchange, or one of an expired or unknown code, fails.
 *
 * @example
 * ```ts
 * const result = await exchangeCode(c.env.DB, readConfig(c.env), identCode, Date.now());
 * if (result.ok) return passtoSuccess(c, { open_token: result.openToken });
 * ```
 */
export async function exchangeCode(db: SqlDatabase, config: GatewayConfig, identCode: string, now: number): Promise<ExchangeResult> {
  const code = await getCode(db, identCode);
  if (!code) return { ok: false, reason: 'unknown', code: null };
  if (code.used_at !== null) return { ok: false, reason: 'used', code };
  if (code.expires_at <= now) return { ok: false, reason: 'expired', code };
  const iat = Math.floor(now / 1000);
  const exp = iat + SANDBOX.sessionTtlSeconds;
  const jwt = await signJwt(
    {
      projectId: 'sandbox',
      platformId: code.plat_id,
      platformUserId: code.custom_no,
      userId: await sandboxUserId(code.plat_id, code.custom_no),
      identCode,
      iat,
      exp,
    },
    await openTokenKey(config.sandbox.signatureKey),
  );
  const openToken = `Bearer ${jwt}`;
  if (await spendCode(db, identCode, { now, openToken, sessionExpiresAt: exp * 1000 })) {
    return { ok: true, openToken, code: { ...code, used_at: now, open_token: openToken, session_expires_at: exp * 1000 } };
  }
  // Another exchange won the race (or the code expired meanwhile).
  const after = await getCode(db, identCode);
  return { ok: false, reason: after?.used_at != null ? 'used' : 'expired', code: after };
}

// A stable PassTo-side user id per platform user: the first 16 hex of SHA-256("platId:custom_no").
async function sandboxUserId(platId: string, customNo: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${platId}:${customNo}`)));
  return Array.from(digest.subarray(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
