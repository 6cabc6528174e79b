/**
 * `npm run bench`: bundles bench/suite.ts once (esbuild, the peers included) and runs it on Node
 * (this process's binary), Deno and Bun one after the other, then the client section on workerd
 * (bench/workerd.ts, timed from outside: inside a Worker the clock stands still while code runs);
 * then prints one table per runtime,
 * each row with its baseline measured in the same run, checks the targets of issue 12 and writes
 * everything with the machine details to bench/RESULTS.md. Exit code 1 when a target is missed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ASYNC_HMAC_THRESHOLD } from '../src/async-signer.ts';
import { CLIENT_BASELINE, CLIENT_ROW } from './client.ts';
import { EVENT_BYTES } from './fixtures.ts';
import type { Measured } from './harness.ts';
import { INBOUND_BASELINE } from './inbound.ts';
import { SIGNED_BYTES, SIGNING_BASELINE } from './signing.ts';
import { workerdReport } from './workerd.ts';

interface Report {
  readonly runtime: string;
  readonly rows: readonly Measured[];
}

/** One target of issue 12: `row` at least `ratio` times `against` (default the row's own baseline) on runtimes named `runtime`. */
interface Target {
  readonly runtime: string;
  readonly row: string;
  readonly against: string;
  readonly ratio: number;
  readonly what: string;
}

const PAYLOAD = 'passto verifyWebhook payload (string body)';
const REQUEST = 'passto verifyWebhook Request';
const STRIPE = 'stripe webhooks.constructEvent';
const TARGETS: readonly Target[] = [
  { runtime: 'Node', row: 'passto createSigner', against: SIGNING_BASELINE, ratio: 0.7, what: 'signer on Node' },
  // "costs at most 1.5x the minimal call": its rate at least 1/1.5 of the minimal call's.
  ...['Node', 'Deno', 'Bun', 'workerd'].map((runtime) => ({ runtime, row: CLIENT_ROW, against: CLIENT_BASELINE, ratio: 1 / 1.5, what: `client overhead <= 1.5x on ${runtime}` })),
  ...['Node', 'Deno', 'Bun'].map((runtime) => ({ runtime, row: PAYLOAD, against: INBOUND_BASELINE, ratio: 1, what: `payload form >= svix on ${runtime}` })),
  { runtime: 'Node', row: PAYLOAD, against: STRIPE, ratio: 0.7, what: 'payload form >= 0.7x stripe on Node' },
  { runtime: 'Node', row: REQUEST, against: INBOUND_BASELINE, ratio: 0.8, what: 'Request form >= 0.8x svix on Node' },
  ...['Deno', 'Bun'].map((runtime) => ({ runtime, row: REQUEST, against: INBOUND_BASELINE, ratio: 1, what: `Request form >= svix on ${runtime}` })),
];

// npm runs scripts from the package root; the bundle of this file lives in .tmp/bench/.
const ROOT = process.cwd();
const ENTRY = join(ROOT, 'bench/suite.ts');
if (!existsSync(ENTRY)) throw new Error(`run from the repository root: ${ENTRY} not found`);

function binary(name: string): string {
  const path = join(ROOT, 'node_modules/.bin', name);
  if (!existsSync(path)) throw new Error(`The ${name} binary is missing at ${path}: it is a devDependency, run \`npm install\`.`);
  return path;
}

function run(command: string, args: readonly string[]): Report {
  const stdout = execFileSync(command, [...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 240_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Report;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function table(report: Report): string {
  const rate = new Map(report.rows.map((r) => [`${r.section}\u0000${r.name}`, r.opsPerSec]));
  const lines = [`### ${report.runtime}`, '', '| Section | Row | ops/s | vs baseline (same run) |', '| --- | --- | ---: | ---: |'];
  for (const r of report.rows) {
    const base = r.baseline === undefined ? undefined : rate.get(`${r.section}\u0000${r.baseline}`);
    const ratio = base === undefined ? 'baseline' : `${(r.opsPerSec / base).toFixed(2)}x ${r.baseline}`;
    lines.push(`| ${r.section} | ${r.name} | ${fmt(r.opsPerSec)} | ${ratio} |`);
  }
  return lines.join('\n');
}

function verdicts(reports: readonly Report[]): { lines: string[]; missed: number } {
  const lines: string[] = [];
  let missed = 0;
  for (const t of TARGETS) {
    const report = reports.find((r) => r.runtime.startsWith(t.runtime));
    const find = (name: string) => report?.rows.find((r) => r.name === name)?.opsPerSec;
    const row = find(t.row);
    const against = find(t.against);
    if (row === undefined || against === undefined) {
      lines.push(`- ${t.what}: not measured (${report === undefined ? 'runtime not run' : 'row missing'}), MISSED`);
      missed++;
      continue;
    }
    const ratio = row / against;
    const met = ratio >= t.ratio;
    if (!met) missed++;
    lines.push(`- ${t.what}: ${ratio.toFixed(2)}x (target ${t.ratio.toFixed(2)}x ${t.against}), ${met ? 'met' : 'MISSED'}`);
  }
  return { lines, missed };
}

async function main(): Promise<void> {
  const load = loadavg();
  const outfile = join(ROOT, '.tmp/bench/suite.mjs');
  mkdirSync(join(ROOT, '.tmp/bench'), { recursive: true });
  // One bundle for the three runtimes; the CommonJS peers (stripe) need `require`.
  await build({
    entryPoints: [ENTRY],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
    banner: { js: "import { createRequire as __passtoRequire } from 'node:module'; const require = __passtoRequire(import.meta.url);" },
  });
  const runs: [string, () => Report][] = [
    ['Node', () => run(process.execPath, [outfile])],
    ['Deno', () => run(binary('deno'), ['run', '--allow-read', '--allow-env', '--allow-sys', '--no-lock', '--no-prompt', outfile])],
    ['Bun', () => run(binary('bun'), ['run', outfile])],
  ];
  const reports: Report[] = [];
  for (const [name, start] of runs) {
    process.stderr.write(`benchmarking on ${name}...\n`);
    reports.push(start());
  }
  process.stderr.write('benchmarking on workerd (Miniflare)...\n');
  reports.push(await workerdReport(ROOT));
  const tables = reports.map(table).join('\n\n');
  const { lines, missed } = verdicts(reports);
  const summary = `Targets (issue 12):\n\n${lines.join('\n')}`;
  console.log(`${tables}\n\n${summary}`);

  const results = [
    '# Benchmarks',
    '',
    `Produced by \`npm run bench\` (bench/run.ts; sections bench/signing.ts, client.ts, inbound.ts, sizes.ts) on ${new Date().toISOString().slice(0, 10)}.`,
    '',
    `- Machine: ${cpuModel()}, ${cpus().length} logical CPUs, ${platform()} ${release()}`,
    `- Runtimes: ${reports.map((r) => r.runtime).join(', ')}; workerd (Miniflare) runs the client section only, timed from outside: a request running N calls, less one running none.`,
    `- signing: an identify/auth call, ${SIGNED_BYTES} bytes signed, a 100-byte key.`,
    `- client: \`createClient().identify.auth\` against a minimal call (JSON.stringify + cached createSigner + the same stub fetch + \`response.json()\`); the stub answers at once, so only CPU is timed.`,
    `- inbound: one ${EVENT_BYTES}-byte PAY_SUCCESS event, data validation on; each peer verifies a real signature of its own scheme over the same body (svix and octokit check the signature only; stripe also parses JSON; passto also validates the envelope and \`data\`). Request rows time ready-made Requests (their construction untimed, the body read timed).`,
    `- sizes: the signature of 256 B to 1 MB; "async signer" is what the client and inbound verification use: the synchronous MAC below ${ASYNC_HMAC_THRESHOLD} bytes, WebCrypto from there on.`,
    '- Method: per group, a warm-up, then 7 interleaved rounds of 100 ms per row (200 ms at 64 KB and up); ops/s is the fastest round (load from other processes only slows rounds down), ratios against a baseline measured in the same run.',
    `- Load average when the run started: ${load.map((l) => l.toFixed(2)).join(', ')} (${cpus().length} CPUs); numbers from a busy machine are low and noisy.`,
    '',
    tables,
    '',
    summary,
    '',
  ].join('\n');
  writeFileSync(join(ROOT, 'bench/RESULTS.md'), results);
  process.stderr.write('wrote bench/RESULTS.md\n');
  if (missed > 0) process.exitCode = 1;
}

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match?.[1] !== undefined) return match[1].trim();
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return cpus()[0]?.model ?? 'unknown CPU';
}

await main();
