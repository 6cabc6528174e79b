/**
 * Runs the gateway Worker inside workerd (plain Miniflare) with a real local D1, the migrations
 * applied, and the development values unless a test overrides them.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { readDevVars } from '../../scripts/dev-vars.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
export const MIGRATIONS_DIR = join(ROOT, 'worker/migrations');
export const ORIGIN = 'http://127.0.0.1:8787';

/** The development variables of `.dev.vars`, parsed as `npm start` parses them. */
export function devVars(): Record<string, string> {
  return readDevVars(join(ROOT, '.dev.vars'));
}

/** The migration files in order, each with its statements (D1 runs one statement per prepare). */
function migrationFiles(): { name: string; statements: string[] }[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => ({
      name,
      statements: readFileSync(join(MIGRATIONS_DIR, name), 'utf8')
        .replace(/--[^\n]*/g, '')
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean),
    }));
}

/** Every statement of the migrations, in order, for a new database. */
export function migrationStatements(): string[] {
  return migrationFiles().flatMap((file) => file.statements);
}

/** Applies the migrations a (maybe persisted) D1 has not had yet, as wrangler does: `ALTER TABLE` cannot run twice. */
async function applyMigrations(db: { prepare(sql: string): { bind(...values: unknown[]): { run(): Promise<unknown>; all<T>(): Promise<{ results: T[] }> } } }) {
  await db.prepare('CREATE TABLE IF NOT EXISTS d1_migrations (name TEXT PRIMARY KEY)').bind().run();
  const applied = new Set((await db.prepare('SELECT name FROM d1_migrations').bind().all<{ name: string }>()).results.map((r) => r.name));
  for (const file of migrationFiles()) {
    if (applied.has(file.name)) continue;
    for (const statement of file.statements) await db.prepare(statement).bind().run();
    await db.prepare('INSERT INTO d1_migrations (name) VALUES (?)').bind(file.name).run();
  }
}

/** The Worker's entries: wrangler's `main` (production, no sandbox) and `npm start`'s (the sandbox mounted). */
export const WORKER_ENTRIES = { production: 'adapters/cloudflare/index.ts', development: 'adapters/cloudflare/dev.ts' } as const;
export type WorkerEntry = keyof typeof WORKER_ENTRIES;

/** Bundles one entry as wrangler would (ESM, workerd conditions); `metafile` lists the modules in it. */
export function bundleWorker(entry: WorkerEntry, options: { minify?: boolean } = {}) {
  return build({
    entryPoints: [join(ROOT, WORKER_ENTRIES[entry])],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    minify: options.minify ?? false,
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
}

const bundled = new Map<WorkerEntry, Promise<string>>();
/** The Worker bundled once per test file and entry (development unless told: the sandbox tests need it). */
export function workerScript(entry: WorkerEntry = 'development'): Promise<string> {
  let script = bundled.get(entry);
  if (!script) {
    script = bundleWorker(entry).then((result) => result.outputFiles[0]!.text);
    bundled.set(entry, script);
  }
  return script;
}

export interface GatewayHarness {
  mf: Miniflare;
  /** A request to the Worker, as a client on ORIGIN would send it. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Fires the cron trigger once. */
  scheduled(): Promise<void>;
  /** Runs SQL on the Worker's D1. */
  sql<T = Record<string, unknown>>(query: string, ...params: unknown[]): Promise<T[]>;
  dispose(): Promise<void>;
}

/**
 * Starts the gateway; `vars` are merged over the development values. The development entry
 * unless `entry` says `production` (wrangler's `main`, which has no sandbox).
 */
export async function startGateway(options: { vars?: Record<string, string>; persistDir?: string; entry?: WorkerEntry } = {}): Promise<GatewayHarness> {
  const mf = new Miniflare({
    modules: true,
    script: await workerScript(options.entry),
    compatibilityDate: '2026-04-01',
    bindings: { ...devVars(), ...options.vars },
    d1Databases: { DB: 'passto-gateway-test' },
    d1Persist: options.persistDir ?? mkdtempSync(join(tmpdir(), 'passto-d1-')),
  });
  await mf.ready;
  const db = await mf.getD1Database('DB');
  await applyMigrations(db as never);
  return {
    mf,
    fetch: (path, init) => mf.dispatchFetch(`${ORIGIN}${path}`, init as never) as unknown as Promise<Response>,
    async scheduled() {
      const worker = await mf.getWorker();
      await worker.scheduled({ cron: '* * * * *' });
    },
    async sql<T>(query: string, ...params: unknown[]) {
      return (await db.prepare(query).bind(...params).all<T>()).results as T[];
    },
    dispose: () => mf.dispose(),
  };
}
