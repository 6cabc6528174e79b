/**
 * The gateway as a long-running process, shared by the Node, Deno and Bun adapters: the event
 * log (a SQLite file, or PostgreSQL shared by several processes), the HTTP server, the periodic
 * job on a timer, the start-up banner, and a clean
 * shutdown on SIGINT/SIGTERM. Each adapter only says how its runtime does those things.
 */
import { createGateway } from '../worker/app.ts';
import { backgroundSettled } from '../worker/background.ts';
import type { Development } from '../worker/development.ts';
import { type ConfigSource, describeProblems, type GatewayEnv, readConfig, type Vars } from '../worker/env.ts';
import { runScheduled } from '../worker/scheduled.ts';
import { banner } from './banner.ts';
import { describeEventLog, type EventLogDatabase, eventLogLocation } from './event-log-database.ts';
import { readHostSettings } from './host-settings.ts';
import { startSchedule } from './schedule.ts';
import { openEventLog } from './open-event-log.ts';
import type { SyncSqlite } from './sqlite/sync-sqlite.ts';

/** How long a shutdown may take before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

/** What a runtime provides. */
export interface GatewayHost {
  /** The runtime and its version, for the banner, e.g. `Node 22.23.3`. */
  runtime: string;
  /** The runtime's environment variables: the Worker's names, plus `HOST`, `PORT`, `PASSTO_DB`, `SCHEDULE_INTERVAL_MS`. */
  env: Record<string, string | undefined>;
  /** Opens a SQLite file with the runtime's built-in SQLite. */
  openSqlite(path: string): SyncSqlite;
  /** Starts the HTTP server; resolves once it listens. */
  serve(options: { fetch: (request: Request) => Promise<Response>; port: number; hostname: string }): Promise<{ close(): Promise<void> }>;
  /** Registers a signal handler. */
  onSignal(signal: 'SIGINT' | 'SIGTERM', handler: () => void): void;
  exit(code: number): void;
}

/** An error as a log line: its name and message only (our errors never carry secrets; values are not printed). */
const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : typeof error);

/**
 * Every configuration problem, one line each: the gateway's variables (worker/env.ts) and the
 * host's own (`PORT`, `SCHEDULE_INTERVAL_MS`). Names and reasons only, never values.
 */
function startProblems(env: Record<string, string | undefined>, source: ConfigSource): string[] {
  return describeProblems([...readConfig(source).problems, ...readHostSettings(env).problems]);
}

/**
 * Serves the gateway until SIGINT or SIGTERM, then stops the timer, closes the server and the
 * database, and exits 0. A failure to start prints why and exits 1; so does any configuration
 * problem (a required variable unset, a malformed value, the development token with the sandbox
 * off, `SANDBOX=on` without `development`), all of them listed at once, before anything is opened.
 * `development` (the `start:*` entries only) mounts the sandbox and runs its deliveries on the timer.
 *
 * @example
 * ```ts
 * await serveGateway(bunHost); // production (adapters/bun/index.ts)
 * await serveGateway(bunHost, development); // development (adapters/bun/dev.ts)
 * ```
 */
export async function serveGateway(host: GatewayHost, development?: Development): Promise<void> {
  // The variables as the gateway reads them, and whether this entry mounts the sandbox.
  const vars: ConfigSource = { ...(host.env as Vars), sandboxMounted: development !== undefined };
  const problems = startProblems(host.env, vars);
  if (problems.length > 0) {
    console.error(
      [
        `passto gateway refused to start: ${problems.length} configuration problem${problems.length === 1 ? '' : 's'}`,
        ...problems.map((line) => `  ${line}`),
        'Set them in the environment (README, "Production start"); `npm run start:<runtime>` loads the development values of .dev.vars.',
      ].join('\n'),
    );
    return host.exit(1);
  }
  let log: EventLogDatabase | undefined;
  try {
    const { settings } = readHostSettings(host.env);
    const location = eventLogLocation(settings.db);
    if (typeof location === 'string') throw new Error(`PASSTO_DB ${location}`); // listed above already
    log = await openEventLog(location, host.openSqlite);
    const env: GatewayEnv = { ...vars, DB: log.db };
    const app = createGateway(development ? { sandbox: development.sandbox } : {});
    const server = await host.serve({ fetch: async (request) => app.fetch(request, env), port: settings.port, hostname: settings.hostname });
    const schedule = startSchedule(
      async () => {
        const done = await runScheduled(app, env, { development });
        if (done.forwarded + done.sandboxDeliveries + done.purged > 0) {
          console.log(`scheduled: ${done.forwarded} forwarded, ${done.sandboxDeliveries} sandbox deliveries, ${done.purged} purged`);
        }
      },
      { intervalMs: settings.scheduleIntervalMs, onError: (error) => console.error(`scheduled run failed: ${describe(error)}`) },
    );

    const origin = `http://${settings.hostname.includes(':') ? `[${settings.hostname}]` : settings.hostname}:${settings.port}`;
    if (log.applied.length > 0) console.log(`applied migrations: ${log.applied.join(', ')}`);
    console.log(banner({ url: origin, vars: env, runtime: host.runtime, eventLog: describeEventLog(location) }));

    const opened = log;
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return host.exit(1); // a second signal: stop waiting
      stopping = true;
      console.log(`${signal}: shutting down`);
      setTimeout(() => {
        console.error(`shutdown took longer than ${SHUTDOWN_TIMEOUT_MS} ms, exiting`);
        host.exit(1);
      }, SHUTDOWN_TIMEOUT_MS);
      void (async () => {
        try {
          await schedule.stop();
          await server.close();
          await backgroundSettled(); // forwards started by requests finish before the database closes
          await opened.close();
          host.exit(0);
        } catch (error) {
          console.error(`shutdown failed: ${describe(error)}`);
          host.exit(1);
        }
      })();
    };
    host.onSignal('SIGINT', () => shutdown('SIGINT'));
    host.onSignal('SIGTERM', () => shutdown('SIGTERM'));
  } catch (error) {
    console.error(`passto gateway failed to start: ${describe(error)}`);
    await log?.close();
    host.exit(1);
  }
}
