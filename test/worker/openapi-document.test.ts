/**
 * The committed OpenAPI document (worker/openapi.json, served by the Worker) and the client types
 * made from it are what the route table generates today (`npm run openapi` rewrites both), and
 * the document passes Redocly's `recommended` rules with no error and no warning (so each published
 * example matches its schema). The webhook body's examples are the event catalogue's, one per type.
 * The production Worker serves the JSON: neither the generator, the schema converter nor the
 * sample data is in its bundle.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES } from 'passto/schemas';
import { webhookEventExample } from 'passto/testing';
import { DOCUMENT_FILE, documentText, TYPES_FILE, typesText } from '../../scripts/openapi.ts';
import { bundleWorker } from './harness.ts';

const STALE = 'stale: run `npm run openapi` and commit the result';

it('worker/openapi.json is the document the route table generates', () => {
  expect(readFileSync(DOCUMENT_FILE, 'utf8'), STALE).toBe(documentText());
});

it('test/types/gateway-api.d.ts is what openapi-typescript makes of it', async () => {
  expect(readFileSync(TYPES_FILE, 'utf8'), STALE).toBe(await typesText(readFileSync(DOCUMENT_FILE, 'utf8')));
});

it('publishes one example per documented event type on POST /v1/webhooks, each the catalogue’s', () => {
  type Examples = Record<string, { summary: string; value: unknown }>;
  const document = JSON.parse(readFileSync(DOCUMENT_FILE, 'utf8')) as {
    paths: Record<string, { post: { requestBody: { content: Record<string, { examples?: Examples }> } } }>;
  };
  const examples = document.paths['/v1/webhooks']!.post.requestBody.content['application/json']!.examples ?? {};
  expect(Object.keys(examples)).toEqual(WEBHOOK_EVENT_TYPES);
  for (const type of WEBHOOK_EVENT_TYPES) expect(examples[type]!.value, type).toEqual(webhookEventExample(type));
});

it('passes `redocly lint` with the recommended rules: 0 errors, 0 warnings', async () => {
  const redocly = new URL('../../node_modules/.bin/redocly', import.meta.url).pathname;
  const config = new URL('../../redocly.yaml', import.meta.url).pathname;
  // Offline: no telemetry, no update check (redocly.yaml says `telemetry: off` as well).
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', CI: 'true' };
  const run = promisify(execFile)(redocly, ['lint', DOCUMENT_FILE.pathname, '--config', config, '--format', 'json'], { env, timeout: 60_000 });
  const { stdout } = await run.catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number; ignored: number }; problems: { ruleId: string; message: string }[] };
  expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
  expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
});

it('leaves the generator and the schema converter out of the production bundle', async () => {
  const { metafile } = await bundleWorker('production');
  const modules = Object.keys(metafile.inputs);
  expect(modules).toContain('worker/openapi.json');
  const buildOnly = ['worker/openapi.ts', 'src/webhook-event-samples.ts', 'src/testing.ts'];
  expect(modules.filter((path) => buildOnly.includes(path) || path.includes('to-json-schema'))).toEqual([]);
});
