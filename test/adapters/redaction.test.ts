/**
 * The gateway's errors for identify/auth on the Node, Deno and Bun adapters (issue 8, item 7).
 * PassTo is played by a local server: it relays a short customer_token's call to the adapter's
 * own sandbox, whose signature key differs from the gateway's (so it answers "signature
 * mismatch"), and answers a long one by echoing it in every encoding.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WITHHELD_REASON } from '../../src/redact.ts';
import { ENCODINGS, everyEncoding } from '../redaction-encodings.ts';
import { authBody, bearer } from '../worker/signed.ts';
import { type AdapterProcess, startAdapter, stopAll } from './adapter-process.ts';
import type { AdapterRuntime } from './runtimes.ts';

const TIMEOUT_MS = 10_000;
const LONG_TOKEN = 'ct_Session+7e3b/9a10=c2d5"4f<6e>8a&1b';
const SANDBOX_MISMATCH = 'signature mismatch: sign the path relative to the API base (/v1/platform/identify/auth) followed by the raw body';

interface ErrorBody {
  code: string;
  msg: string;
  upstream?: { code: number; msg: string };
  fields?: { path: string }[];
}

/** A PassTo on 127.0.0.1: relays to `sandbox()` unless the customer_token is LONG_TOKEN, which it echoes. */
async function startPassto(sandbox: () => string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const answer = (status: number, text: string) => res.writeHead(status, { 'content-type': 'application/json' }).end(text);
      if (JSON.parse(body.toString('utf8')).customer_token === LONG_TOKEN) {
        return answer(200, JSON.stringify({ code: 1002, msg: `bad token: ${everyEncoding(LONG_TOKEN)}`, data: null }));
      }
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name))) as Record<string, string>;
      const relayed = await fetch(`${sandbox()}${(req.url ?? '').replace(/^\/api/, '/sandbox/api')}`, { method: 'POST', headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
      answer(relayed.status, await relayed.text());
    });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function auth(gateway: AdapterProcess, body: Record<string, unknown>): Promise<{ status: number; text: string; body: ErrorBody }> {
  const res = await fetch(`${gateway.url}/v1/identify/auth`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...bearer() },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as ErrorBody };
}

describe.each(['node', 'deno', 'bun'] as AdapterRuntime[])('redaction in the gateway on %s', (runtime) => {
  let dir: string;
  let passto: { url: string; server: Server };
  let gateway: AdapterProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `passto-redaction-${runtime}-`));
    passto = await startPassto(() => gateway.url);
    gateway = await startAdapter(runtime, {
      PASSTO_DB: join(dir, 'gateway.sqlite'),
      PASSTO_BASE_URL: `${passto.url}/api`,
      SANDBOX_SIGNATURE_KEY: 'not-the-gateway-signature-key',
    });
  });
  afterAll(async () => {
    await stopAll();
    await new Promise((resolve) => passto?.server.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('customer_token "t": 502 with the sandbox’s code, its msg withheld, nothing nested', async () => {
    const { status, text, body } = await auth(gateway, authBody({ customer_token: 't' }));
    expect(status).toBe(502);
    const withheld = `[message withheld: ${WITHHELD_REASON}]`;
    expect(body).toMatchObject({ code: 'upstream_error', msg: `PassTo answered code 401: ${withheld}`, upstream: { code: 401, msg: withheld } });
    expect(text).not.toContain('[redac[');
  });

  it('a long customer_token that is not echoed leaves the sandbox’s msg as it was', async () => {
    const { status, body } = await auth(gateway, authBody({ customer_token: 'ct_session_not_echoed_0123' }));
    expect(status).toBe(502);
    expect(body.upstream).toEqual({ code: 401, msg: SANDBOX_MISMATCH });
  });

  it('customer_token "token": the field token_expire is named as it is', async () => {
    const { status, body } = await auth(gateway, authBody({ customer_token: 'token', token_expire: 'soon' }));
    expect(status).toBe(400);
    expect(body.fields?.map((f) => f.path)).toEqual(['token_expire']);
  });

  it('a long customer_token echoed in every encoding is masked in each', async () => {
    const { status, text, body } = await auth(gateway, authBody({ customer_token: LONG_TOKEN }));
    expect(status).toBe(502);
    expect(body.upstream?.msg).toBe(`bad token: ${Object.keys(ENCODINGS).map(() => '[redacted]').join(' | ')}`);
    for (const [name, encode] of Object.entries(ENCODINGS)) expect(text, name).not.toContain(JSON.stringify(encode(LONG_TOKEN)).slice(1, -1));
  });
});
