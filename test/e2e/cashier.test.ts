/**
 * End to end, as a new user would: `npm start` (wrangler dev with the sandbox), identify/auth with
 * the development token, the cashier page in headless Chromium, a click on "Pay", and the
 * PAY_SUCCESS event in /v1/events. Needs Debian's chromium (`.ci/run` installs it); without it
 * this one test is skipped and says so.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../adapters/adapter-process.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`e2e cashier test SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

const ROOT = new URL('../../', import.meta.url).pathname;
let server: ChildProcess | undefined;
let base = '';


beforeAll(async () => {
  if (!hasChromium) return;
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn('node', ['scripts/start.mjs', '--persist-to', mkdtempSync(join(tmpdir(), 'passto-e2e-'))], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not get ready in 60 s:\n${output}`)), 60_000);
    server!.stdout!.on('data', (chunk) => {
      output += chunk;
      // The banner with the ready-to-paste curl is the contract of `npm start`.
      if (output.includes(`curl -s -X POST ${base}/v1/identify/auth`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    server!.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
}, 90_000);

afterAll(() => {
  // wrangler dev runs workerd as a child: end the whole process group.
  if (server?.pid) process.kill(-server.pid, 'SIGTERM');
});

it.skipIf(!hasChromium)('auth → cashier page with the credit limit → Pay → PAY_SUCCESS in /v1/events', async () => {
  const auth = await fetch(`${base}/v1/identify/auth`, {
    method: 'POST',
    headers: { authorization: 'Bearer dev-token', 'content-type': 'application/json' },
    body: JSON.stringify({
      custom_no: 'e2e-order-1',
      customer_token: 'e2e-user-token',
      token_expire: Date.now() + 3_600_000,
      callback_url: 'https://platform.example/payment/callback',
      client_ip: '127.0.0.1',
    }),
  });
  expect(auth.status).toBe(200);
  const { url } = (await auth.json()) as { url: string };

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await expect.poll(() => page.locator('#credit-amount').textContent()).toBe('5000.00');
    expect(await page.locator('#credit-currency').textContent()).toBe('CNY');
    await page.click('#pay');
    await page.waitForLoadState('load');

    await expect
      .poll(
        async () => {
          const res = await fetch(`${base}/v1/events?type=PAY_SUCCESS`, { headers: { authorization: 'Bearer dev-token' } });
          return ((await res.json()) as { events: { type: string; status: string }[] }).events;
        },
        { timeout: 10_000 },
      )
      .toHaveLength(1);
    const list = (await (await fetch(`${base}/v1/events`, { headers: { authorization: 'Bearer dev-token' } })).json()) as { events: { type: string }[] };
    expect(list.events.map((e) => e.type)).toEqual(['PAY_SUCCESS', 'PAY_START']);
  } finally {
    await browser.close();
  }
}, 60_000);
