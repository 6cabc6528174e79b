/**
 * `npm run bench:gateway`: durable webhook ingestion of each adapter (Node, Deno, Bun) against a
 * bare Hono app on the same runtime, and the Worker's webhook route against its own `/health` in
 * workerd with local D1 (Miniflare). Bounded loopback load (autocannon, concurrency 50) with
 * signed events, each with a unique event_id; then every acknowledged event must be in the log.
 * Issue 12, targets 3 and 4. Ratios are taken within one run: on a busy machine, compare ratios.
 *
 *   npm run bench:gateway -- --runtime node,bun --duration 8 --processes 2 --db /tmp/x.sqlite
 *   npm run bench:gateway -- --db postgres   # SQLite rows, then PostgreSQL rows (issue 14, item 5)
 *   npm run bench:gateway -- --sign live     # sign while the load runs (default: ahead of it)
 *
 * `--db postgres` starts a throwaway PostgreSQL with fsync on (test/postgres/server.ts) and adds
 * rows beside the SQLite ones: Node with 1 and 2 processes, Deno and Bun with 1, each on a fresh
 * database. When PostgreSQL cannot start, those rows are skipped and the reason printed.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { type AdapterProcess, freePort, startProcess, stopAll } from '../test/adapters/adapter-process.ts';
import { ROOT } from '../test/adapters/runtimes.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../test/postgres/server.ts';
import { binary } from '../test/runtime/runner.ts';
import { BENCH_KEY, type LoadResult, load, redeliver } from './gateway/load.ts';
import { runWorkers } from './gateway/workers.ts';

const RUNTIMES = ['node', 'deno', 'bun'] as const;
type Runtime = (typeof RUNTIMES)[number];
/** Issue 12, target 3: durable ingestion at least this share of the bare app's req/s. */
const MIN_RATIO = 0.25;
/** ... with p99 at most max(50 ms, 3x the bare app's p99). */
const P99_FLOOR_MS = 50;

/** Production values that pass every configuration rule (not secrets: a local benchmark). */
const GATEWAY_ENV = { GATEWAY_TOKEN: 'bench-token-5c2a', PASSTO_API_KEY: 'bench-api-key', PASSTO_SIGNATURE_KEY: BENCH_KEY, PASSTO_PLAT_ID: 'bench-plat', SANDBOX: 'off' };

const { values: options } = parseArgs({
  options: {
    runtime: { type: 'string', default: [...RUNTIMES, 'workers'].join(',') },
    duration: { type: 'string', default: '6' },
    db: { type: 'string' },
    processes: { type: 'string', default: '1' },
    // `live`: sign each delivery while the load runs, in the load generator (the first version's way).
    sign: { type: 'string', default: 'ahead' },
  },
});
const runtimes = options.runtime.split(',').map((name) => name.trim());
/** `--db postgres`: SQLite rows (the default file) and PostgreSQL rows on a throwaway server. */
const withPostgres = options.db === 'postgres';
if (options.sign !== 'ahead' && options.sign !== 'live') throw new Error(`--sign ${options.sign}: ahead or live`);
/** Deliveries signed before each run (default), so the load generator's signing takes no CPU from the server under test. */
const presign = options.sign === 'ahead';
const duration = Number(options.duration);
const processes = Number(options.processes);

/** The command of `npm run serve:<runtime>` as an executable and its arguments (plain words). */
function serveCommand(runtime: Runtime): { command: string; args: string[] } {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const [first, ...args] = scripts[`serve:${runtime}`]!.trim().split(/\s+/);
  return { command: first!.includes('/') ? join(ROOT, first!) : binary(first!), args };
}

/** The bare app's command on `runtime`: the same binary and TypeScript flags as the adapter. */
function bareCommand(runtime: Runtime, port: number): { command: string; args: string[] } {
  const { command, args } = serveCommand(runtime);
  const entry = args.findIndex((arg) => arg.startsWith('adapters/'));
  const flags = runtime === 'deno' ? ['run', '--allow-net', '--allow-env', '--allow-read', '--no-lock', '--no-prompt'] : args.slice(0, entry);
  return { command, args: [...flags, 'bench/gateway/bare-hono.ts', String(port)] };
}

/**
 * Event ids stored in the log that start with `prefix`, read back through the gateway's own API
 * (`GET /v1/events`, newest first, 100 a page), so it works on any `PASSTO_DB` (SQLite file,
 * `:memory:` per process, PostgreSQL). The measured events are the newest: paging stops at the first
 * page that holds none of them after some did.
 */
async function storedIds(url: string, prefix: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const response = await fetch(`${url}/v1/events?limit=100${query}`, { headers: { authorization: `Bearer ${GATEWAY_ENV.GATEWAY_TOKEN}` } });
    if (response.status !== 200) throw new Error(`GET /v1/events answered ${response.status}`);
    const page = (await response.json()) as { events: { event_key: string }[]; next_cursor: string | null };
    const ours = page.events.filter((event) => event.event_key.startsWith(prefix));
    for (const event of ours) ids.add(event.event_key);
    cursor = ours.length === 0 && ids.size > 0 ? null : page.next_cursor;
  } while (cursor);
  return ids;
}

/** Median time of one small write + fsync in `folder` (where the SQLite file is), in ms. */
function fsyncLatency(folder: string, count = 200): { p50: number; p99: number } {
  const file = join(folder, `fsync-probe-${process.pid}`);
  const fd = openSync(file, 'w');
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      writeSync(fd, `${i}\n`);
      fsyncSync(fd);
      times.push(performance.now() - start);
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(count / 2)]!, p99: times[Math.floor(count * 0.99)]! };
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

/** The bare app's figures, measured once per runtime in this run and shared by its rows. */
const bareRuns = new Map<Runtime, Promise<LoadResult>>();
function bareRun(runtime: Runtime): Promise<LoadResult> {
  let run = bareRuns.get(runtime);
  if (!run) {
    run = (async () => {
      const barePort = await freePort();
      const { command: bareCmd, args: bareArgs } = bareCommand(runtime, barePort);
      const bareProcess = await startProcess(bareCmd, bareArgs, {}, 'listening on');
      try {
        return await load([`http://127.0.0.1:${barePort}`], '/v1/webhooks', duration, true, presign);
      } finally {
        await bareProcess.stop();
      }
    })();
    bareRuns.set(runtime, run);
  }
  return run;
}

/**
 * One row: `processes` adapters on `runtime` sharing the event log `db`, against the bare app.
 * Stored must equal acknowledged on every row; the ratio and p99 targets (issue 12, target 3) are
 * the SQLite rows' only: the PostgreSQL rows are figures for issue 14, item 5.
 */
async function benchRuntime(runtime: Runtime, db: string, processes: number, label: string, targets = true): Promise<{ line: string; failures: string[] }> {
  const failures: string[] = [];
  const bare = await bareRun(runtime);

  // The adapter(s), sharing one event log.
  const { command, args } = serveCommand(runtime);
  const adapters: AdapterProcess[] = [];
  for (let i = 0; i < processes; i++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const started = await startProcess(command, args, { ...GATEWAY_ENV, HOST: '127.0.0.1', PORT: String(port), PASSTO_DB: db }, `listening on ${url}`);
    adapters.push({ url, ...started });
  }
  const urls = adapters.map((adapter) => adapter.url);
  const gateway = await load(urls, '/v1/webhooks', duration, true, presign);
  const cutOff = gateway.cut.size;
  await redeliver(urls[0]!, '/v1/webhooks', gateway.cut, gateway.acked);
  // Each `:memory:` process has its own log; otherwise they share one.
  const ids = new Set<string>();
  for (const url of db === ':memory:' ? urls : urls.slice(0, 1)) for (const id of await storedIds(url, gateway.prefix)) ids.add(id);
  for (const adapter of adapters) await adapter.stop();
  const missing = [...gateway.acked].filter((id) => !ids.has(id)).length;
  const unanswered = [...ids].filter((id) => !gateway.acked.has(id)).length;
  const stored = `${ids.size} / ${gateway.acked.size}`;
  if (missing > 0) failures.push(`${label}: ${missing} events answered 200 are not in the log`);
  if (unanswered > 0) failures.push(`${label}: ${unanswered} stored events were never answered 200`);
  const ratio = gateway.rps / bare.rps;
  const p99Limit = Math.max(P99_FLOOR_MS, 3 * bare.p99);
  if (targets && ratio < MIN_RATIO) failures.push(`${label}: ${ratio.toFixed(2)}x bare, under ${MIN_RATIO}x`);
  if (targets && gateway.p99 > p99Limit) failures.push(`${label}: p99 ${ms(gateway.p99)} over ${ms(p99Limit)}`);
  if (gateway.other > 0) failures.push(`${label}: ${gateway.other} answers were not 200`);
  const line = row([
    label,
    `${Math.round(gateway.rps)} req/s`,
    ms(gateway.p50),
    ms(gateway.p99),
    `${Math.round(bare.rps)} req/s`,
    ms(bare.p99),
    `**${ratio.toFixed(2)}x**`,
    `${stored} (${cutOff} cut, redelivered)`,
  ]);
  return { line, failures };
}

/** The PostgreSQL rows (issue 14, item 5): Node with one process and with two, Deno and Bun with one. */
function postgresRows(selected: Runtime[]): { runtime: Runtime; processes: number }[] {
  return selected.flatMap((runtime) => (runtime === 'node' ? [1, 2] : [1]).map((count) => ({ runtime, processes: count })));
}

async function stopPostgres(pg: ThrowawayPostgres): Promise<void> {
  try {
    await pg.stop();
  } catch (error) {
    console.error(`stopping the throwaway PostgreSQL: ${(error as Error).message}`);
  }
}

const failures: string[] = [];
const lines: string[] = [];
const workDir = mkdtempSync(join(tmpdir(), 'passto-bench-gateway-'));
const dbFor = (runtime: string) => (withPostgres ? undefined : options.db) ?? join(workDir, `${runtime}.sqlite`);
try {
  console.log(`bench:gateway: ${duration} s per target after a 2 s warm-up, 50 connections, ${processes} adapter process(es), deliveries signed ${presign ? 'ahead' : 'live'}, Node ${process.versions.node} load generator`);
  if (!/^postgres(ql)?:/.test(dbFor('node')) && dbFor('node') !== ':memory:') {
    const fsync = fsyncLatency(dirname(dbFor('node')));
    console.log(`fsync latency in ${dirname(dbFor('node'))}: p50 ${fsync.p50.toFixed(2)} ms, p99 ${fsync.p99.toFixed(2)} ms (small write + fsync)`);
  }
  lines.push(row(['runtime', 'gateway', 'p50', 'p99', 'bare Hono', 'bare p99', 'ratio', 'stored / acknowledged']), row(Array(8).fill('---')));
  for (const runtime of runtimes) {
    if (runtime === 'workers') continue;
    if (!RUNTIMES.includes(runtime as Runtime)) throw new Error(`unknown runtime ${runtime}: one of ${RUNTIMES.join(', ')}, workers`);
    const label = withPostgres || processes > 1 ? `${runtime}, SQLite${processes > 1 ? `, ${processes} processes` : ''}` : runtime;
    const result = await benchRuntime(runtime as Runtime, dbFor(runtime), processes, label);
    lines.push(result.line);
    failures.push(...result.failures);
    console.log(result.line);
  }
  if (withPostgres) {
    const rows = postgresRows(runtimes.filter((runtime): runtime is Runtime => RUNTIMES.includes(runtime as Runtime)));
    if (rows.length > 0) {
      const pg = await startThrowawayPostgres({ durable: true });
      if ('skipped' in pg) console.log(`PostgreSQL rows skipped: ${pg.skipped}`);
      else {
        try {
          for (const [i, target] of rows.entries()) {
            // A fresh database per row, so each row's stored count is its own.
            const url = await pg.createDatabase(`bench_${target.runtime}_${i}`);
            const result = await benchRuntime(target.runtime, url, target.processes, `${target.runtime}, PostgreSQL${target.processes > 1 ? `, ${target.processes} processes` : ''}`, false);
            lines.push(result.line);
            failures.push(...result.failures);
            console.log(result.line);
          }
        } finally {
          await stopPostgres(pg);
        }
      }
    }
  }
  console.log(`\n${lines.join('\n')}`);
  if (runtimes.includes('workers')) {
    const workers = await runWorkers(duration, presign);
    console.log(`\n${workers.lines.join('\n')}`);
    failures.push(...workers.failures);
  }
} finally {
  await stopAll();
  rmSync(workDir, { recursive: true, force: true });
}
if (failures.length > 0) {
  console.error(`\nmissed:\n${failures.map((f) => `  ${f}`).join('\n')}`);
  process.exit(1);
}
