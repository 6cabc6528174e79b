/**
 * Command-line entry of the conformance suite, for Node (bundled), Deno and Bun: runs every case
 * and prints the report as one JSON line (the last line of stdout), which the runners parse.
 * Exits non-zero when a case failed, so a run by hand fails visibly too.
 */
import { runConformance } from './conformance.ts';

const report = await runConformance();
for (const r of report.results) if (!r.ok) console.error(`FAIL ${r.name}\n  ${r.error}`);
console.error(`conformance on ${report.runtime}: ${report.passed} passed, ${report.failed} failed`);
console.log(JSON.stringify(report));

const g = globalThis as { Deno?: { exit(code: number): never }; process?: { exitCode?: number } };
if (report.failed > 0) {
  if (g.Deno !== undefined) g.Deno.exit(1);
  else if (g.process !== undefined) g.process.exitCode = 1;
}
