/**
 * A tiny test harness that needs nothing but the language: named cases, hand-written asserts,
 * a summary as plain JSON. It runs unchanged on Node, Deno, Bun and workerd, where vitest cannot.
 */
import { runtimeName } from './runtime-name.ts';

/** One named check; it passes when `run` returns (or resolves) and fails when it throws. */
export interface Case {
  readonly name: string;
  readonly run: () => void | Promise<void>;
}

/** The outcome of one case, as the runtime reported it. */
export interface CaseResult {
  readonly name: string;
  readonly ok: boolean;
  /** The failure message, for a failed case. */
  readonly error?: string;
}

/** The whole run: where it ran, the counts and every case's outcome. */
export interface Report {
  readonly runtime: string;
  readonly passed: number;
  readonly failed: number;
  readonly results: readonly CaseResult[];
}

/** A group of cases under a common prefix, so one name says which file it came from. */
export function group(prefix: string, cases: readonly Case[]): Case[] {
  return cases.map((c) => ({ name: `${prefix}: ${c.name}`, run: c.run }));
}

/** Runs every case in order (one failure never stops the others) and summarises them. */
export async function runCases(cases: readonly Case[]): Promise<Report> {
  const results: CaseResult[] = [];
  for (const c of cases) {
    try {
      await c.run();
      results.push({ name: c.name, ok: true });
    } catch (error) {
      results.push({ name: c.name, ok: false, error: describe(error) });
    }
  }
  const passed = results.filter((r) => r.ok).length;
  return { runtime: runtimeName(), passed, failed: results.length - passed, results };
}

/** Thrown by the assert helpers; its message says what was expected. */
export class AssertionError extends Error {
  override name = 'AssertionError';
}

/** Fails unless `condition` is truthy. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/** Fails unless `actual` and `expected` are the same primitive (`Object.is`). */
export function assertEqual<T>(actual: T, expected: T, what: string): void {
  if (!Object.is(actual, expected)) {
    throw new AssertionError(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

/** Fails unless both values serialise to the same JSON (plain data: objects, arrays, primitives). */
export function assertJsonEqual(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new AssertionError(`${what}: expected ${e}, got ${a}`);
}

/** Fails unless `fn` throws; returns what it threw, for further checks. */
export function assertThrows(fn: () => unknown, what: string): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new AssertionError(`${what}: expected an exception, none was thrown`);
}

/** Fails unless the promise rejects; returns the reason, for further checks. */
export async function assertRejects(promise: Promise<unknown>, what: string): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new AssertionError(`${what}: expected a rejection, the promise resolved`);
}

/** Decodes lowercase or uppercase hex, as the vector files write bytes. */
export function hex(text: string): Uint8Array {
  assert(text.length % 2 === 0 && /^[0-9a-f]*$/i.test(text), `not hex: ${text}`);
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `thrown non-error: ${String(error)}`;
}
