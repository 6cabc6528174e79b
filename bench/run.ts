/**
 * `npm run bench`: runs bench/signing.ts on Node (this process's binary, on an esbuild bundle),
 * Deno and Bun one after the other, prints one markdown table and writes it with the machine
 * details to bench/RESULTS.md. workerd is left out: inside a Worker, timers do not advance while
 * code runs (a Spectre mitigation), so it cannot time itself.
 *
 * Target checked (exit code 1 when missed): on Node, `createSigner` at least 0.7x `node:crypto`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

interface BenchRow {
  readonly name: string;
  readonly opsPerSec: number;
  readonly rounds: readonly number[];
}
interface BenchReport {
  readonly runtime: string;
  readonly messageBytes: number;
  readonly keyBytes: number;
  readonly rows: readonly BenchRow[];
}

const BASELINE = 'node:crypto createHmac';
const TARGET = { row: 'passto createSigner', runtime: 'Node', ratio: 0.7 };

// npm runs scripts from the package root; the bundle of this file lives in .tmp/bench/.
const ROOT = process.cwd();
const ENTRY = join(ROOT, 'bench/signing.ts');
if (!existsSync(ENTRY)) throw new Error(`run from the repository root: ${ENTRY} not found`);

function binary(name: string): string {
  const path = join(ROOT, 'node_modules/.bin', name);
  if (!existsSync(path)) throw new Error(`The ${name} binary is missing at ${path}: it is a devDependency, run \`npm install\`.`);
  return path;
}

function run(command: string, args: readonly string[]): BenchReport {
  const stdout = execFileSync(command, [...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 120_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as BenchReport;
}

async function main(): Promise<void> {
  const load = loadavg();
  const outfile = join(ROOT, '.tmp/bench/signing.mjs');
  mkdirSync(join(ROOT, '.tmp/bench'), { recursive: true });
  await build({ entryPoints: [ENTRY], outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });

  const runs: [string, () => BenchReport][] = [
    ['Node', () => run(process.execPath, [outfile])],
    ['Deno', () => run(binary('deno'), ['run', '--allow-read', '--cached-only', '--no-remote', '--no-lock', '--no-prompt', ENTRY])],
    ['Bun', () => run(binary('bun'), ['run', ENTRY])],
  ];
  const reports: BenchReport[] = [];
  for (const [name, start] of runs) {
    process.stderr.write(`benchmarking on ${name}...\n`);
    reports.push(start());
  }

  const lines = [
    '| Runtime | Implementation | ops/s | vs node:crypto createHmac |',
    '| --- | --- | ---: | ---: |',
  ];
  let targetRatio: number | undefined;
  for (const report of reports) {
    const baseline = report.rows.find((r) => r.name === BASELINE);
    if (baseline === undefined) throw new Error(`${report.runtime}: no ${BASELINE} row`);
    for (const row of report.rows) {
      const ratio = row.opsPerSec / baseline.opsPerSec;
      if (report.runtime.startsWith(TARGET.runtime) && row.name === TARGET.row) targetRatio = ratio;
      lines.push(`| ${report.runtime} | ${row.name} | ${Math.round(row.opsPerSec).toLocaleString('en-US')} | ${ratio.toFixed(2)}x |`);
    }
  }
  const table = lines.join('\n');
  const met = targetRatio !== undefined && targetRatio >= TARGET.ratio;
  const verdict = `Target: ${TARGET.row} on ${TARGET.runtime} at least ${TARGET.ratio}x ${BASELINE}: ${targetRatio?.toFixed(2) ?? '?'}x, ${met ? 'met' : 'MISSED'}.`;
  console.log(`${table}\n\n${verdict}`);

  const first = reports[0]!;
  const results = [
    '# Signing benchmark',
    '',
    `Produced by \`npm run bench\` (bench/run.ts, bench/signing.ts) on ${new Date().toISOString().slice(0, 10)}.`,
    '',
    `- Machine: ${cpuModel()}, ${cpus().length} logical CPUs, ${platform()} ${release()}`,
    `- Runtimes: ${reports.map((r) => r.runtime).join(', ')}`,
    `- Message: a realistic identify/auth call, \`/v1/platform/identify/auth\` + a compact JSON body, ${first.messageBytes} bytes signed; a ${first.keyBytes}-byte key.`,
    '- Each call: UTF-8 encode path + body, HMAC-SHA1, base64 (WebCrypto: encode, `await crypto.subtle.sign` with an imported key, `btoa`). `passto sign` and `createHmac` also process the key on every call; `createSigner` and WebCrypto do it once.',
    '- Method: a warm-up, then 15 interleaved rounds of 120 ms per row; ops/s is the fastest round (load from other processes only slows rounds down), the ratio is against `node:crypto createHmac` measured in the same run.',
    `- Load average when the run started: ${load.map((l) => l.toFixed(2)).join(', ')} (${cpus().length} CPUs); numbers from a busy machine are low and noisy.`,
    '',
    table,
    '',
    verdict,
    '',
  ].join('\n');
  writeFileSync(join(ROOT, 'bench/RESULTS.md'), results);
  process.stderr.write('wrote bench/RESULTS.md\n');
  if (!met) process.exitCode = 1;
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
