/**
 * The settings of a long-running gateway process (Node, Deno, Bun) that the Worker does not
 * have: where to listen, where the event log lives (a SQLite file or PostgreSQL), how often the
 * periodic job runs.
 * Read from the same environment as the gateway's own variables, by the same rules
 * (worker/env.ts): a malformed value is a problem that stops the start, never replaced by a
 * default, and is named without its value.
 */
import { integerProblem, parseInteger } from '../worker/env.ts';
import { eventLogLocation } from './event-log-database.ts';
import { DEFAULT_DB_PATH } from './sqlite/open-event-log.ts';

/** The process's settings. */
export interface HostSettings {
  /** `HOST`; loopback unless told otherwise, so a development gateway is not exposed. */
  hostname: string;
  /** `PORT`, 8787 as `wrangler dev`. */
  port: number;
  /** `PASSTO_DB`: the SQLite file, or a `postgres://` URL (event-log-database.ts reads it). */
  db: string;
  /** `SCHEDULE_INTERVAL_MS`, 60 s as the Worker's `* * * * *` cron. */
  scheduleIntervalMs: number;
}

/** A host variable that is malformed, and why (its value is not repeated). */
export interface HostProblem {
  variable: 'PORT' | 'SCHEDULE_INTERVAL_MS' | 'PASSTO_DB';
  problem: string;
}

export const HOST_DEFAULTS = {
  hostname: '127.0.0.1',
  port: 8787,
  db: DEFAULT_DB_PATH,
  scheduleIntervalMs: 60_000,
} as const;

/**
 * Reads the settings and lists every malformed one (`PORT`, `SCHEDULE_INTERVAL_MS`, a `PASSTO_DB`
 * naming a database other than SQLite or PostgreSQL); the settings
 * hold defaults in their place, to be used only when `problems` is empty.
 *
 * @example
 * ```ts
 * const { settings, problems } = readHostSettings(process.env);
 * ```
 */
export function readHostSettings(env: Record<string, string | undefined>): { settings: HostSettings; problems: HostProblem[] } {
  const problems: HostProblem[] = [];
  const settings = {
    hostname: nonEmpty(env.HOST) ?? HOST_DEFAULTS.hostname,
    port: integer(env, 'PORT', HOST_DEFAULTS.port, 0, 65_535, problems),
    db: nonEmpty(env.PASSTO_DB) ?? HOST_DEFAULTS.db,
    scheduleIntervalMs: integer(env, 'SCHEDULE_INTERVAL_MS', HOST_DEFAULTS.scheduleIntervalMs, 1, 24 * 60 * 60 * 1000, problems),
  };
  const location = eventLogLocation(settings.db);
  if (typeof location === 'string') problems.push({ variable: 'PASSTO_DB', problem: location });
  return { settings, problems };
}

/**
 * Reads the settings; a malformed `PORT`, `SCHEDULE_INTERVAL_MS` or `PASSTO_DB` throws a `RangeError` naming
 * every such variable (a typo should stop the start, not pick another port silently).
 *
 * @example
 * ```ts
 * const { hostname, port } = hostSettings({ PORT: '8788' });
 * ```
 */
export function hostSettings(env: Record<string, string | undefined>): HostSettings {
  const { settings, problems } = readHostSettings(env);
  if (problems.length > 0) throw new RangeError(problems.map((p) => `${p.variable} ${p.problem}`).join('; '));
  return settings;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function integer(
  env: Record<string, string | undefined>,
  name: HostProblem['variable'],
  fallback: number,
  min: number,
  max: number,
  problems: HostProblem[],
): number {
  const value = nonEmpty(env[name]);
  if (value === undefined) return fallback;
  const n = parseInteger(value, min, max);
  if (n === undefined) problems.push({ variable: name, problem: integerProblem(min, max) });
  return n ?? fallback;
}
