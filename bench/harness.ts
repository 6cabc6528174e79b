/**
 * The timing loop shared by every benchmark section (bench/signing.ts, client.ts, inbound.ts,
 * sizes.ts), run unchanged by Node, Deno and Bun.
 *
 * Method: every row of a group first runs once and must pass its own check; then a warm-up sizes
 * batches to about 5 ms (so timer reads cost nothing); then ROUNDS rounds in which each row of the
 * group runs ROUND_MS in turn (interleaved, so drift on a shared machine hits every row alike).
 * The rate reported is the fastest round: load from other processes only ever slows a round down.
 */

/** One implementation: `run(n)` does the work n times and returns a checksum of the outputs. */
export interface Row {
  readonly name: string;
  /** The name of the row this one is compared with, in the same group (its baseline). */
  readonly baseline?: string;
  /** Builds what a batch of n calls works on, outside the timing (e.g. ready-made Requests). */
  readonly prepare?: (n: number) => unknown;
  readonly run: (n: number, prepared?: unknown) => number | Promise<number>;
}

/** A measured row. */
export interface Measured {
  readonly section: string;
  readonly name: string;
  readonly baseline: string | undefined;
  readonly opsPerSec: number;
}

// `BENCH_QUICK=1` shortens the run (a smoke test of the benchmark itself, not for numbers).
const quick = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.BENCH_QUICK === '1';
const WARMUP_MS = quick ? 60 : 300;
const ROUNDS = quick ? 2 : 7;
const ROUND_MS = quick ? 30 : 100;

/** Runs `row` in batches for at least `ms`; returns calls per second. */
async function timed(row: Row, batch: number, ms: number, sink: { value: number }): Promise<number> {
  let calls = 0;
  let elapsed = 0;
  do {
    const prepared = row.prepare?.(batch);
    const start = performance.now();
    sink.value += await row.run(batch, prepared);
    elapsed += performance.now() - start;
    calls += batch;
  } while (elapsed < ms);
  return (calls / elapsed) * 1000;
}

/** Measures one group of rows, interleaved, and returns the fastest round of each. */
export async function measure(section: string, rows: readonly Row[], roundMs = ROUND_MS): Promise<Measured[]> {
  const sink = { value: 0 };
  for (const row of rows) sink.value += await row.run(1, row.prepare?.(1));
  const batches = new Map<Row, number>();
  for (const row of rows) {
    const rate = await timed(row, 1, WARMUP_MS, sink);
    batches.set(row, Math.max(1, Math.round(rate / 200)));
  }
  const best = new Map<Row, number>(rows.map((row) => [row, 0]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const row of rows) best.set(row, Math.max(best.get(row)!, await timed(row, batches.get(row)!, roundMs, sink)));
  }
  if (sink.value === 0) throw new Error(`${section}: checksum is zero: the outputs were not consumed`);
  return rows.map((row) => ({ section, name: row.name, baseline: row.baseline, opsPerSec: best.get(row)! }));
}

/** Throws unless `ok`: every row checks its own answer before it is timed. */
export function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`benchmark check failed: ${what}`);
}
