/**
 * Bundle-size budget: what one export of `passto` costs a user's bundle. Each entry imports
 * named exports from src/index.ts (so tree-shaking through the public entry is measured too),
 * bundled by esbuild as a browser/edge app would be (ESM, minified), then gzipped (zlib default
 * level). `npm run size` prints the table and exits 1 over budget; test/size.test.ts asserts it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** One measured entry: its bytes, its budget (gzip bytes), and whether it was measurable. */
export interface SizeRow {
  readonly entry: string;
  readonly minBytes: number;
  readonly gzipBytes: number;
  readonly budget: number | undefined;
  readonly ok: boolean;
  /** Why the entry was not measured (its export does not exist yet). */
  readonly skipped?: string;
}

interface Entry {
  readonly entry: string;
  readonly imports: readonly string[];
  readonly budget: number | undefined;
}

const KB = 1024;

/**
 * The budgets: `sign` alone at most 3 KB; the client at most 12 KB (gzip: 7 KB until redaction
 * had to mask every encoding of a secret, 8.5 KB while it signed by WebCrypto alone; issue 12 moved
 * it to noble's synchronous signer, about 2.7 KB more, for speed: WebCrypto cost 20-40 µs a call on
 * Node; then 11.5 KB until the input fast path, about 170 bytes for 0.4 to 0.7 µs a call on Node,
 * Deno and Bun); `verifyWebhook` at most 10.5 KB (9.7 KB with the event schemas, their fast path and
 * the WebCrypto large-body path, when it got a budget); the rest for information.
 */
export const ENTRIES: readonly Entry[] = [
  { entry: 'sign', imports: ['sign'], budget: 3 * KB },
  { entry: 'createSigner', imports: ['createSigner'], budget: undefined },
  { entry: 'verify', imports: ['verify'], budget: undefined },
  { entry: 'createClient', imports: ['createClient'], budget: 12 * KB },
  { entry: 'verifyWebhook', imports: ['verifyWebhook'], budget: 10.5 * KB },
];

// The package root: npm runs scripts there, and vitest runs there (this file is bundled to
// .tmp/size/ by `npm run size`, so its own URL does not locate the root).
const ROOT = process.cwd();

/** Bundles and measures one entry; an import that `src/index.ts` does not export gives a skipped row. */
export async function measureEntry({ entry, imports, budget }: Entry): Promise<SizeRow> {
  const contents = `export { ${imports.join(', ')} } from './src/index.ts';`;
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts', sourcefile: `size-${entry}.ts` },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  });
  const exported = await publicExports();
  const missing = imports.filter((name) => !exported.includes(name));
  if (missing.length > 0) {
    return { entry, minBytes: 0, gzipBytes: 0, budget, ok: true, skipped: `${missing.join(', ')} is not exported from src/index.ts yet` };
  }
  const code = result.outputFiles[0]!.contents;
  const gzipBytes = gzipSync(code).length;
  return { entry, minBytes: code.length, gzipBytes, budget, ok: budget === undefined || gzipBytes <= budget };
}

/**
 * The value exports of src/index.ts. Needed because esbuild silently drops a TypeScript
 * re-export it cannot find (it might be a type), which would measure a missing export as 0 bytes.
 */
async function publicExports(): Promise<readonly string[]> {
  const result = await build({
    stdin: { contents: "export * from './src/index.ts';", resolveDir: ROOT, loader: 'ts', sourcefile: 'size-all.ts' },
    bundle: true,
    write: false,
    format: 'esm',
    metafile: true,
    logLevel: 'silent',
  });
  return Object.values(result.metafile.outputs)[0]?.exports ?? [];
}

/** Measures every entry. */
export async function measureSizes(): Promise<SizeRow[]> {
  if (!existsSync(join(ROOT, 'src/index.ts'))) throw new Error(`run from the package root: no src/index.ts in ${ROOT}`);
  const rows: SizeRow[] = [];
  for (const entry of ENTRIES) rows.push(await measureEntry(entry));
  return rows;
}

/** The rows as a markdown table. */
export function formatSizes(rows: readonly SizeRow[]): string {
  const lines = ['| Entry | min bytes | gzip bytes | budget (gzip) | ok |', '| --- | ---: | ---: | ---: | --- |'];
  for (const r of rows) {
    const budget = r.budget === undefined ? '-' : `${r.budget} (${r.budget / KB} KB)`;
    if (r.skipped !== undefined) lines.push(`| ${r.entry} | - | - | ${budget} | skipped: ${r.skipped} |`);
    else lines.push(`| ${r.entry} | ${r.minBytes} | ${r.gzipBytes} | ${budget} | ${r.ok ? 'yes' : 'OVER BUDGET'} |`);
  }
  return lines.join('\n');
}

// Run as a script (npm run size bundles this file and runs it), not when a test imports it.
if (import.meta.url === new URL(process.argv[1] ?? '', 'file:').href) {
  const rows = await measureSizes();
  console.log(formatSizes(rows));
  if (rows.some((r) => !r.ok)) process.exitCode = 1;
}
