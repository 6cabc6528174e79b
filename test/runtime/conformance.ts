/**
 * The cross-runtime conformance suite of the public API: every group of cases, in one list.
 * Adding a group is one import and one entry below. Each runtime's entry point runs this list.
 */
import { checkCases } from './cases/check.ts';
import { clientCases } from './cases/client.ts';
import { errorCases } from './cases/errors.ts';
import { honoCases } from './cases/hono.ts';
import { signingCases } from './cases/signing.ts';
import { webhookCases } from './cases/webhook.ts';
import { type Case, type Report, runCases } from './harness.ts';

/** Every case of the suite, in the order they run. */
export const cases: readonly Case[] = [...signingCases, ...errorCases, ...clientCases, ...webhookCases, ...honoCases, ...checkCases];

/** Runs the whole suite on the current runtime. */
export function runConformance(): Promise<Report> {
  return runCases(cases);
}
