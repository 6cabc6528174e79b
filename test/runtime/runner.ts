/**
 * Shared by the four runtime runners (vitest files): starts a runtime, reads the suite's JSON
 * report, and turns it into one vitest test per case, under a title naming the runtime and the
 * counts (`conformance on Deno 2.9.6: 15 passed, 0 failed`).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cases } from './conformance.ts';
import type { Report } from './harness.ts';

/** The repository root, the working directory of every spawned runtime. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The suite's command-line entry point. */
export const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/** A runtime run either gave a report or failed before it could. */
export type Outcome = { report: Report } | { error: Error };

/** Runs `produce` and keeps its error, so the file still defines a (failing) test when it throws. */
export async function settle(produce: () => Promise<Report>): Promise<Outcome> {
  try {
    return { report: await produce() };
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/** The path of a runtime binary installed as a devDependency, or a clear error when it is missing. */
export function binary(name: string): string {
  const path = fileURLToPath(new URL(`../../node_modules/.bin/${name}`, import.meta.url));
  if (!existsSync(path)) {
    throw new Error(`The ${name} binary is missing at ${path}: it is a devDependency of this package, run \`npm install\`.`);
  }
  return path;
}

/**
 * Spawns `command args` in the repository root and parses the report from the last line of its
 * stdout. A non-zero exit with a report is fine (the report says which cases failed); no report is not.
 */
export function spawnReport(command: string, args: readonly string[], env: Record<string, string> = {}): Promise<Report> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      [...args],
      { cwd: ROOT, timeout: 50_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', ...env } },
      (error, stdout, stderr) => {
        const last = stdout.trim().split('\n').at(-1) ?? '';
        try {
          resolve(parseReport(JSON.parse(last)));
        } catch {
          const why = error ? `${error.message}` : 'exit 0';
          reject(new Error(`${command} ${args.join(' ')} printed no report (${why}).\nstdout: ${stdout.slice(-2000)}\nstderr: ${stderr.slice(-2000)}`));
        }
      },
    );
  });
}

/** Checks that a value has the shape of a report, so a garbled answer fails loudly. */
export function parseReport(value: unknown): Report {
  const r = value as Report;
  if (typeof r?.runtime !== 'string' || !Array.isArray(r.results) || typeof r.passed !== 'number' || typeof r.failed !== 'number') {
    throw new Error(`not a conformance report: ${JSON.stringify(value)?.slice(0, 500)}`);
  }
  return r;
}

/**
 * Defines the vitest tests for one runtime's outcome: one per case of the suite (so a failure
 * names the case and carries its message), plus checks that the runtime ran exactly the suite.
 */
export function describeConformance(runtime: string, outcome: Outcome, expectRuntime: (name: string) => void): void {
  if ('error' in outcome) {
    describe(`conformance on ${runtime}: did not run`, () => {
      it(`starts ${runtime} and gets a report`, () => {
        throw outcome.error;
      });
    });
    return;
  }
  const { report } = outcome;
  // Inside workerd the runtime knows only its name; the runner's label may add the version.
  const name = runtime.startsWith(report.runtime) && runtime.length > report.runtime.length ? runtime : report.runtime;
  const title = `conformance on ${name}: ${report.passed} passed, ${report.failed} failed`;
  // Printed as well as used as the title, so the default reporter shows the runtime and counts.
  console.log(title);
  describe(title, () => {
    it(`ran on ${runtime}`, () => expectRuntime(report.runtime));

    it('ran every case of the suite, once, in order, with consistent counts', () => {
      expect(report.results.map((r) => r.name)).toEqual(cases.map((c) => c.name));
      expect(report.passed).toBe(report.results.filter((r) => r.ok).length);
      expect(report.passed + report.failed).toBe(cases.length);
      expect(cases.length).toBeGreaterThan(0);
    });

    for (const c of cases) {
      it(c.name, () => {
        const result = report.results.find((r) => r.name === c.name);
        expect(result, `${c.name} was not reported`).toBeDefined();
        if (!result?.ok) throw new Error(`failed on ${name}: ${result?.error}`);
      });
    }
  });
}
