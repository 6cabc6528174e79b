/**
 * The settings of a long-running gateway process (Node, Deno, Bun) that the Worker does not
 * have: where to listen, where the SQLite event log lives, how often the periodic job runs.
 * Read from the same environment as the gateway's own variables.
 */
import { DEFAULT_DB_PATH } from './sqlite/open-event-log.ts';

/** The process's settings. */
export interface HostSettings {
  /** `HOST`; loopback unless told otherwise, so a development gateway is not exposed. */
  hostname: string;
  /** `PORT`, 8787 as `wrangler dev`. */
  port: number;
  /** `PASSTO_DB`, the SQLite file. */
  dbPath: string;
  /** `SCHEDULE_INTERVAL_MS`, 60 s as the Worker's `* * * * *` cron. */
  scheduleIntervalMs: number;
}

export const HOST_DEFAULTS = {
  hostname: '127.0.0.1',
  port: 8787,
  dbPath: DEFAULT_DB_PATH,
  scheduleIntervalMs: 60_000,
} as const;

/**
 * Reads the settings; a malformed `PORT` or `SCHEDULE_INTERVAL_MS` throws a `RangeError` naming
 * the variable (a typo should stop the start, not pick another port silently).
 *
 * @example
 * ```ts
 * const { hostname, port } = hostSettings({ PORT: '8788' });
 * ```
 */
export function hostSettings(env: Record<string, string | undefined>): HostSettings {
  return {
    hostname: nonEmpty(env.HOST) ?? HOST_DEFAULTS.hostname,
    port: integer(env, 'PORT', HOST_DEFAULTS.port, 0, 65_535),
    dbPath: nonEmpty(env.PASSTO_DB) ?? HOST_DEFAULTS.dbPath,
    scheduleIntervalMs: integer(env, 'SCHEDULE_INTERVAL_MS', HOST_DEFAULTS.scheduleIntervalMs, 1, 24 * 60 * 60 * 1000),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function integer(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number): number {
  const value = nonEmpty(env[name]);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return n;
}
