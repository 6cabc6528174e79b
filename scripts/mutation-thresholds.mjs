#!/usr/bin/env node
/**
 * `npm run test:mutation`, second half: reads Stryker's JSON report (the mutation-testing-elements
 * schema, reports/mutation/mutation.json) and fails unless every file of stryker.config.mjs's
 * `mutate` list scores at least its `thresholds.break`. Stryker's own `break` applies to the
 * total only, so a weak file could hide behind strong ones.
 *
 * The score is Stryker's: detected (killed or timed out) over valid (detected, survived or not
 * covered). Mutants marked equivalent with a `// Stryker disable` comment are `Ignored` and count
 * in neither; they are listed so the README's table can say how many.
 *
 * @example
 * ```sh
 * node scripts/mutation-thresholds.mjs                 # after a Stryker run
 * node scripts/mutation-thresholds.mjs path/to/mutation.json
 * ```
 */
import { readFileSync } from 'node:fs';
import config from '../stryker.config.mjs';

const reportPath = process.argv[2] ?? config.jsonReporter.fileName;
const minimum = config.thresholds.break;
const report = JSON.parse(readFileSync(reportPath, 'utf8'));

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** Counts one file's mutants by status, and its score (null when it has no valid mutant). */
function tally(mutants) {
  const count = (status) => mutants.filter((m) => m.status === status).length;
  const row = {
    killed: count('Killed'),
    timeout: count('Timeout'),
    survived: count('Survived'),
    noCoverage: count('NoCoverage'),
    equivalent: count('Ignored'),
    errors: count('CompileError') + count('RuntimeError'),
  };
  const detected = mutants.filter((m) => DETECTED.has(m.status)).length;
  const valid = detected + mutants.filter((m) => UNDETECTED.has(m.status)).length;
  return { ...row, score: valid === 0 ? null : (100 * detected) / valid };
}

const failures = [];
const rows = [];
for (const file of config.mutate) {
  const entry = report.files[file];
  if (entry === undefined) {
    failures.push(`${file}: not in the report`);
    continue;
  }
  const row = tally(entry.mutants);
  rows.push({ file, ...row, score: row.score === null ? 'n/a' : row.score.toFixed(2) });
  if (row.score !== null && row.score < minimum) failures.push(`${file}: ${row.score.toFixed(2)}% < ${minimum}%`);
  for (const m of entry.mutants.filter((x) => UNDETECTED.has(x.status))) {
    console.log(`  ${m.status.padEnd(10)} ${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} -> ${JSON.stringify(m.replacement ?? '')}`);
  }
}
console.table(rows);
if (failures.length > 0) {
  console.error(`Mutation score below ${minimum}% (or missing):\n${failures.map((f) => `  ${f}`).join('\n')}`);
  process.exit(1);
}
console.log(`Every mutated file scores at least ${minimum}%.`);
