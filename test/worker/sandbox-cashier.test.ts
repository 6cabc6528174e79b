/**
 * The sandbox cashier in the real Worker (Miniflare, D1): the page with the credit limit from a
 * signed call to the gateway, the code kept as a session, webhook buttons delivering signed
 * events to the gateway's `/v1/webhooks`, and retries run by the cron.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGateway } from './harness.ts';

const SIGNATURE_KEY = 'sandbox-signature-key';
const AUTH_PATH = '/v1/platform/identify/auth';
const TOKEN = 'tok_customer_0123456789abcdef';

let gw: GatewayHarness;

async function issueCode(target: GatewayHarness, overrides: Record<string, unknown> = {}): Promise<string> {
  const body = JSON.stringify({
    custom_no: 'C-1001',
    customer_token: TOKEN,
    token_expire: Date.now() + 3_600_000,
    callback_url: 'https://platform.example/return?from=cashier',
    client_ip: '203.0.113.7',
    ...overrides,
  });
  const response = await target.fetch(`/sandbox/api${AUTH_PATH}?platId=sandbox-plat`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'api-key': 'sandbox-api-key',
      signature: createHmac('sha1', SIGNATURE_KEY).update(AUTH_PATH + body).digest('base64'),
      trace: 'cashier-test',
      lang: 'zh-CN',
    },
    body,
  });
  const json = (await response.json()) as { code: number; data: { ident_code: string } };
  expect(json.code).toBe(0);
  return json.data.ident_code;
}

async function page(target: GatewayHarness, code: string): Promise<{ status: number; html: string; headers: Headers }> {
  const response = await target.fetch(`/sandbox/oauth?ident_code=${code}`);
  return { status: response.status, html: await response.text(), headers: response.headers };
}

async function press(target: GatewayHarness, code: string, action: string, extra: Record<string, string> = {}): Promise<Response> {
  return target.fetch('/sandbox/oauth/events', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ident_code: code, action, amount: '88.5', currency: 'CNY', tag: 'default', ...extra }).toString(),
    redirect: 'manual',
  });
}

interface StoredEvent {
  event_id: string;
  type: string;
  trace: string;
  payload: string;
}

beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.dispose();
});

describe('the cashier page', () => {
  it('shows the credit limit the gateway answered to the signed credit-limit call', async () => {
    const code = await issueCode(gw);
    const { status, html, headers } = await page(gw, code);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/html/);
    expect(headers.get('content-security-policy')).toContain("default-src 'none'");
    // .dev.vars' CREDIT_LIMIT_STATIC: 5000.00 CNY, its input HTML shown in a sandboxed frame.
    expect(html).toContain('<span class="amount" id="credit-amount">5000.00</span>');
    expect(html).toContain('<span id="credit-currency">CNY</span>');
    expect(html).toContain('the signed credit-limit call (HTTP 200)');
    expect(html).toContain('<iframe sandbox="" title="Platform content" srcdoc="&lt;b&gt;Available credit&lt;/b&gt;">');
    expect(html).toMatch(/<button id="pay" name="action" value="pay">Pay<\/button>/);
    expect(html).not.toMatch(/<script/i);
  });

  it('spends the code on first view and keeps the session on reload', async () => {
    const code = await issueCode(gw);
    expect((await page(gw, code)).status).toBe(200);
    const [row] = await gw.sql<{ used_at: number | null; open_token: string }>('SELECT used_at, open_token FROM sandbox_codes WHERE ident_code = ?', code);
    expect(row!.used_at).not.toBeNull();
    expect(row!.open_token).toMatch(/^Bearer /);
    const reload = await page(gw, code);
    expect(reload.status).toBe(200);
    expect(reload.html).toContain('5000.00');
    expect(reload.html).not.toMatch(/already used/i);
    // The code is spent: identify/redirect refuses it now.
    const redirect = await gw.fetch('/sandbox/api/v1/identify/redirect', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ident_code: code }),
    });
    expect(((await redirect.json()) as { code: number }).code).toBe(409);
  });

  it('never shows the customer_token or open_token in full, and escapes platform values', async () => {
    const code = await issueCode(gw, { custom_no: '<img src=x onerror=alert(1)>' });
    const { html } = await page(gw, code);
    const [row] = await gw.sql<{ open_token: string }>('SELECT open_token FROM sandbox_codes WHERE ident_code = ?', code);
    expect(html).not.toContain(TOKEN);
    expect(html).not.toContain(row!.open_token.slice(7, 40));
    expect(html).toContain('tok_…');
    expect(html).toContain('Bearer eyJh…');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('prefers credit_limit_available_cards from identify/auth, picking the entry of credit_limit_tag', async () => {
    const code = await issueCode(gw, {
      credit_limit_tag: 'gold',
      credit_limit_available_cards: [
        { tag: 'basic', amount: '10.00', currency: 'CNY', icon: '', input: '' },
        { tag: 'gold', amount: 1234.56, currency: 'USD', icon: 'javascript:alert(1)', input: '<script>alert(1)</script>' },
      ],
    });
    const { html } = await page(gw, code);
    expect(html).toContain('<span class="amount" id="credit-amount">1234.56</span> <span id="credit-currency">USD</span>');
    expect(html).toContain('credit_limit_available_cards');
    expect(html).not.toContain('5000.00');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('answers 404 for an unknown code, 400 for a malformed one, and 410 for an expired one', async () => {
    expect((await page(gw, 'f'.repeat(32))).status).toBe(404);
    expect((await page(gw, 'nope')).status).toBe(400);
    const code = await issueCode(gw);
    await gw.sql('UPDATE sandbox_codes SET expires_at = ? WHERE ident_code = ?', Date.now() - 1, code);
    const expired = await page(gw, code);
    expect(expired.status).toBe(410);
    expect(expired.html).toContain('Code expired');
    const ended = await issueCode(gw);
    expect((await page(gw, ended)).status).toBe(200);
    await gw.sql('UPDATE sandbox_codes SET session_expires_at = ? WHERE ident_code = ?', Date.now() - 1, ended);
    expect((await page(gw, ended)).status).toBe(410);
  });
});

describe('webhook buttons', () => {
  it('Pay sends PAY_START then PAY_SUCCESS, signed, to the gateway, which stores them; the page shows HTTP 200', async () => {
    const code = await issueCode(gw);
    await page(gw, code);
    const response = await press(gw, code, 'pay');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`http://127.0.0.1:8787/sandbox/oauth?ident_code=${code}`);

    const deliveries = await gw.sql<{ event_id: string; type: string; status: string; attempts: number; last_status: number; path: string }>(
      'SELECT event_id, type, status, attempts, last_status, path FROM sandbox_deliveries WHERE ident_code = ? ORDER BY id',
      code,
    );
    expect(deliveries.map((d) => [d.type, d.status, d.attempts, d.last_status, d.path])).toEqual([
      ['PAY_START', 'delivered', 1, 200, '/v1/webhooks'],
      ['PAY_SUCCESS', 'delivered', 1, 200, '/v1/webhooks'],
    ]);
    const events = await gw.sql<StoredEvent>(
      `SELECT event_id, type, trace, payload FROM events WHERE event_id IN (?, ?) ORDER BY seq`,
      deliveries[0]!.event_id,
      deliveries[1]!.event_id,
    );
    expect(events.map((e) => e.type)).toEqual(['PAY_START', 'PAY_SUCCESS']);
    expect(events[0]!.trace).not.toBe(events[1]!.trace);
    const start = JSON.parse(events[0]!.payload);
    const success = JSON.parse(events[1]!.payload);
    expect(Object.keys(success)).toEqual(['type', 'platform_id', 'retry', 'event_id', 'data']);
    expect(success).toMatchObject({ type: 'PAY_SUCCESS', platform_id: 'sandbox-plat', retry: 0 });
    expect(success.event_id).toMatch(/^[0-9a-f]{32}$/);
    expect(success.data).toMatchObject({
      tag: 'default',
      token: TOKEN,
      amount: '88.50',
      currency: 'CNY',
      real_ip: '203.0.113.7',
      merchant_name: encodeURIComponent('沙盒商户'),
      result: 'success',
    });
    expect(success.data.order_no).toBe(start.data.order_no);
    expect(String(success.data.trade_time)).toMatch(/^\d{13}$/);
    expect(typeof success.data.remark).toBe('string');

    const { html } = await page(gw, code);
    expect(html).toMatch(/data-type="PAY_SUCCESS" data-status="delivered" data-http-status="200"/);
    expect(html).toContain('HTTP 200, 1 try');
    // What was sent, newest first and unfolded: the body (data.token masked) and the token header masked.
    expect(html).toMatch(/<details open><summary>POST \/v1\/webhooks<\/summary><pre>token: tok_…\n\{\n {2}&quot;type&quot;: &quot;PAY_SUCCESS&quot;/);
    expect(html).toContain(`&quot;event_id&quot;: &quot;${deliveries[1]!.event_id}&quot;`);
    expect(html).toContain('&quot;token&quot;: &quot;tok_…&quot;');
    expect(html).not.toContain(TOKEN);
    expect(html).toContain(`href="https://platform.example/return?from=cashier&amp;ident_code=${code}&amp;result=success"`);
  });

  it('sends each other event type with its documented data, REFUND referring to the paid order', async () => {
    const code = await issueCode(gw);
    await page(gw, code);
    await press(gw, code, 'pay');
    for (const type of ['PAY_FAILED', 'PAY_TIMEOUT', 'REFUND', 'SESSION_RENEWAL', 'PAY_FINISH']) {
      expect((await press(gw, code, type)).status).toBe(303);
    }
    const rows = await gw.sql<StoredEvent & { status: string }>(
      `SELECT e.type, e.payload, d.status FROM sandbox_deliveries d JOIN events e ON e.event_id = d.event_id WHERE d.ident_code = ? ORDER BY d.id`,
      code,
    );
    expect(rows.map((r) => r.type)).toEqual(['PAY_START', 'PAY_SUCCESS', 'PAY_FAILED', 'PAY_TIMEOUT', 'REFUND', 'SESSION_RENEWAL', 'PAY_FINISH']);
    expect(rows.every((r) => r.status === 'delivered')).toBe(true);
    const data = Object.fromEntries(rows.map((r) => [r.type, JSON.parse(r.payload).data]));
    expect(data.PAY_FAILED).toMatchObject({ result: 'fail', amount: '', order_no: '', token: TOKEN });
    expect(data.PAY_TIMEOUT).toMatchObject({ amount: '', currency: '', order_no: '', merchant_name: '', charge_order_no: '', real_ip: '203.0.113.7' });
    expect(data.REFUND).toMatchObject({ order_no: data.PAY_SUCCESS.order_no, amount: '88.50', currency: 'CNY' });
    expect(data.REFUND.charge_order_no).toMatch(/^R/);
    expect(Object.keys(data.SESSION_RENEWAL)).toEqual(['token', 'timestamp']);
  });

  it('refuses an unknown action, a bad amount, and a code whose session was never opened', async () => {
    const code = await issueCode(gw);
    expect((await press(gw, code, 'PAY_START')).status).toBe(410);
    await page(gw, code);
    expect((await press(gw, code, 'DROP_TABLE')).status).toBe(400);
    expect((await press(gw, code, 'pay', { amount: '1e5' })).status).toBe(400);
    expect(await gw.sql('SELECT * FROM sandbox_deliveries WHERE ident_code = ?', code)).toHaveLength(0);
  });
});

describe('retries', () => {
  it('retries a refused delivery from the cron with retry = 1, re-signed, until the gateway takes it', async () => {
    const persistDir = mkdtempSync(join(tmpdir(), 'passto-sandbox-retry-'));
    // The gateway verifies with another key than the sandbox signs with: every delivery is refused.
    const refusing = await startGateway({ persistDir, vars: { PASSTO_SIGNATURE_KEY: 'another-key' } });
    let code: string;
    try {
      code = await issueCode(refusing);
      await page(refusing, code);
      await press(refusing, code, 'PAY_SUCCESS');
      const [first] = await refusing.sql<{ status: string; attempts: number; last_status: number; next_attempt_at: number }>(
        'SELECT status, attempts, last_status, next_attempt_at FROM sandbox_deliveries WHERE ident_code = ?',
        code,
      );
      expect(first).toMatchObject({ status: 'pending', attempts: 1, last_status: 401 });
      expect(first!.next_attempt_at - Date.now()).toBeGreaterThan(3000);
      expect(first!.next_attempt_at - Date.now()).toBeLessThanOrEqual(5000);
      expect((await page(refusing, code)).html).toContain('HTTP 401, 1 try');
      // Not due yet: the cron leaves it alone.
      await refusing.scheduled();
      expect((await refusing.sql<{ attempts: number }>('SELECT attempts FROM sandbox_deliveries'))[0]!.attempts).toBe(1);
    } finally {
      await refusing.dispose();
    }
    // The same database, now with a gateway that accepts the sandbox's signature.
    const accepting = await startGateway({ persistDir });
    try {
      await accepting.sql('UPDATE sandbox_deliveries SET next_attempt_at = ?', Date.now() - 1);
      await accepting.scheduled();
      const [row] = await accepting.sql<{ event_id: string; status: string; attempts: number; last_status: number }>(
        'SELECT event_id, status, attempts, last_status FROM sandbox_deliveries',
      );
      expect(row).toMatchObject({ status: 'delivered', attempts: 2, last_status: 200 });
      const [event] = await accepting.sql<StoredEvent>('SELECT payload FROM events WHERE event_id = ?', row!.event_id);
      expect(JSON.parse(event!.payload)).toMatchObject({ type: 'PAY_SUCCESS', retry: 1, event_id: row!.event_id });
    } finally {
      await accepting.dispose();
    }
  });

  it("runs the session's due retries on each page view, and reloads itself while one is pending", async () => {
    const refusing = await startGateway({ vars: { PASSTO_SIGNATURE_KEY: 'another-key' } });
    try {
      const code = await issueCode(refusing);
      const other = await issueCode(refusing);
      await page(refusing, code);
      await page(refusing, other);
      await press(refusing, code, 'PAY_START');
      await press(refusing, other, 'PAY_START');
      const first = await page(refusing, code);
      expect(first.html).toMatch(/<meta http-equiv="refresh" content="[5-9]">/);
      await refusing.sql('UPDATE sandbox_deliveries SET next_attempt_at = ?', Date.now() - 1);
      const second = await page(refusing, code);
      expect(second.html).toContain('HTTP 401, 2 tries');
      const rows = await refusing.sql<{ ident_code: string; attempts: number }>('SELECT ident_code, attempts FROM sandbox_deliveries ORDER BY id');
      // Only the viewed session's delivery was retried.
      expect(rows).toEqual([
        { ident_code: code, attempts: 2 },
        { ident_code: other, attempts: 1 },
      ]);
      // Nothing pending: no reload.
      await refusing.sql("UPDATE sandbox_deliveries SET status = 'failed', next_attempt_at = NULL");
      expect((await page(refusing, code)).html).not.toContain('http-equiv="refresh"');
    } finally {
      await refusing.dispose();
    }
  });

  it('gives up after the tenth attempt', async () => {
    const refusing = await startGateway({ vars: { PASSTO_SIGNATURE_KEY: 'another-key' } });
    try {
      const code = await issueCode(refusing);
      await page(refusing, code);
      await press(refusing, code, 'PAY_FINISH');
      await refusing.sql('UPDATE sandbox_deliveries SET attempts = 8, next_attempt_at = ?', Date.now() - 1);
      await refusing.scheduled();
      let [row] = await refusing.sql<{ status: string; attempts: number; next_attempt_at: number }>('SELECT status, attempts, next_attempt_at FROM sandbox_deliveries');
      expect(row).toMatchObject({ status: 'pending', attempts: 9 });
      // After the ninth try the wait has doubled eight times: 5 s * 2^8.
      expect(row!.next_attempt_at - Date.now()).toBeGreaterThan(1_270_000);
      await refusing.sql('UPDATE sandbox_deliveries SET next_attempt_at = ?', Date.now() - 1);
      await refusing.scheduled();
      [row] = await refusing.sql('SELECT status, attempts, next_attempt_at FROM sandbox_deliveries');
      expect(row).toMatchObject({ status: 'failed', attempts: 10, next_attempt_at: null });
      await refusing.scheduled();
      expect((await refusing.sql<{ attempts: number }>('SELECT attempts FROM sandbox_deliveries'))[0]!.attempts).toBe(10);
    } finally {
      await refusing.dispose();
    }
  });
});
