/**
 * The sandbox cashier, `GET /sandbox/oauth?ident_code=...`: where identify/auth's `url` sends the
 * user. The first view exchanges the code (identify/redirect's logic) and keeps the session by
 * the code, so reloading works until the open_token expires. The page shows the credit limit
 * (spec flow, step 4) and has buttons that make the sandbox send signed webhook events to the
 * gateway (step 5), and a link back to `callback_url`.
 */
import { type Context, Hono } from 'hono';
import type { GatewayBindings } from '../bindings.ts';
import { readConfig } from '../env.ts';
import { publicOrigin } from '../upstream.ts';
import { cashierUrl } from './cashier-url.ts';
import { PAGE_HEADERS, renderCashier, renderMessage } from './cashier-view.ts';
import { getCode, recordPayment, type SandboxCode } from './codes.ts';
import { loadCreditLimit } from './credit-limit.ts';
import { SANDBOX } from './defaults.ts';
import { attemptDelivery, enqueueDelivery, listDeliveries, runSandboxDeliveries } from './deliveries.ts';
import { exchangeCode } from './exchange.ts';
import { gatewayTarget } from './gateway-path.ts';
import { readForm } from './read-form.ts';
import { newEventId, newOrderNo, type WebhookType, WEBHOOK_TYPES, webhookBody, webhookData } from './webhook-events.ts';

/** The cashier, mounted at `/sandbox/oauth`. */
export const oauthPage = new Hono<GatewayBindings>();

const IDENT_CODE = /^[0-9a-f]{32}$/i;
const AMOUNT = /^\d{1,9}(\.\d{1,2})?$/;
const CURRENCY = /^[A-Z]{3}$/;
const MAX_TAG_LENGTH = 64;
const SHOWN_DELIVERIES = 30;

oauthPage.get('/', async (c) => {
  const opened = await openSession(c, c.req.query('ident_code'));
  if (!opened.ok) return opened.response;
  const session = opened.session;
  const config = readConfig(c.env);
  // Retries due for this session happen now, not only at the next cron.
  await runSandboxDeliveries({ db: c.env.DB, config, dispatch: c.var.dispatch, now: Date.now, identCode: session.ident_code });
  const creditLimit = await loadCreditLimit({ config, dispatch: c.var.dispatch, origin: new URL(c.req.url).origin, trace: c.var.trace }, session);
  const html = renderCashier({
    session,
    creditLimit,
    deliveries: await listDeliveries(c.env.DB, session.ident_code, SHOWN_DELIVERIES),
    returnUrl: returnUrl(session),
    eventsAction: `${publicOrigin(c)}${SANDBOX.oauthPath}/events`,
  });
  return c.body(html, 200, PAGE_HEADERS);
});

oauthPage.post('/events', async (c) => {
  const form = await readForm(c);
  if (!form.ok) return message(c, form.refusal.status, form.refusal.title, form.refusal.text);
  const field = form.field;
  const opened = await openSession(c, field('ident_code'), { exchange: false });
  if (!opened.ok) return opened.response;
  const session = opened.session;
  const action = field('action');
  const types: WebhookType[] | undefined =
    action === 'pay' ? ['PAY_START', 'PAY_SUCCESS'] : (WEBHOOK_TYPES as readonly string[]).includes(action) ? [action as WebhookType] : undefined;
  const amount = field('amount') || '100.00';
  const currency = field('currency') || 'CNY';
  const tag = field('tag');
  if (!types) return message(c, 400, 'Unknown action', 'Pick one of the buttons on the cashier page.');
  if (!AMOUNT.test(amount)) return message(c, 400, 'Invalid amount', 'Write the amount as digits with at most two decimals, e.g. 100.00.');
  if (!CURRENCY.test(currency) || tag.length > MAX_TAG_LENGTH) return message(c, 400, 'Invalid form', 'The currency or tag field is invalid.');

  const config = readConfig(c.env);
  const now = Date.now();
  const starts = types[0] === 'PAY_START';
  const orderNo = starts || !session.last_order_no ? newOrderNo(now) : session.last_order_no;
  const paid = types[0] === 'REFUND' && session.last_amount ? session.last_amount : toCents(amount);
  const target = gatewayTarget(config, new URL(c.req.url).origin, SANDBOX.webhooksPath);
  for (const type of types) {
    const eventId = newEventId();
    const data = webhookData(type, { session, tag, amount: paid, currency, orderNo, now });
    await enqueueDelivery(c.env.DB, {
      event_id: eventId,
      ident_code: session.ident_code,
      type,
      url: target.url,
      path: target.path,
      body: webhookBody({ type, platformId: session.plat_id, retry: 0, eventId, data }),
      token: session.customer_token,
      created_at: now,
    });
    // The first try happens now, so the page can show the gateway's answer; retries come from the cron or a page view.
    await attemptDelivery({ db: c.env.DB, config, dispatch: c.var.dispatch, now: Date.now }, eventId);
  }
  const result = RESULTS[types.at(-1)!];
  if (starts || result) await recordPayment(c.env.DB, session.ident_code, { orderNo, amount: starts ? paid : null, result: result ?? 'pending' });
  // Post/redirect/get: reloading the page does not send the events again.
  return c.redirect(cashierUrl(publicOrigin(c), session.ident_code), 303);
});

// The result a payment event leaves for the callback (`result=` on callback_url).
const RESULTS: Partial<Record<WebhookType, string>> = { PAY_SUCCESS: 'success', PAY_FAILED: 'fail', PAY_TIMEOUT: 'timeout' };

/**
 * The session of a code: exchanging it on first view; afterwards the stored session, until the
 * open_token expires. Otherwise a page saying why not.
 */
async function openSession(
  c: Context<GatewayBindings>,
  identCode: string | undefined,
  options: { exchange: boolean } = { exchange: true },
): Promise<{ ok: true; session: SandboxCode } | { ok: false; response: Response }> {
  if (!identCode || !IDENT_CODE.test(identCode)) {
    return { ok: false, response: message(c, 400, 'Missing code', 'Open this page through the url that identify/auth returned.') };
  }
  const now = Date.now();
  let session = await getCode(c.env.DB, identCode);
  if (!session) return { ok: false, response: message(c, 404, 'Unknown code', 'This ident_code was never issued by the sandbox.') };
  if (session.used_at === null && options.exchange) {
    const exchanged = await exchangeCode(c.env.DB, readConfig(c.env), identCode, now);
    // Whoever won the exchange (this view or a concurrent first view), the stored session serves it.
    session = exchanged.code;
  }
  if (!session || session.used_at === null) {
    return { ok: false, response: message(c, 410, 'Code expired', 'This ident_code expired before it was used. Ask the platform for a new one.') };
  }
  if (session.open_token === null || session.session_expires_at === null || session.session_expires_at <= now) {
    return { ok: false, response: message(c, 410, 'Session ended', 'This cashier session has ended. Start again from the platform.') };
  }
  return { ok: true, session };
}

function returnUrl(session: SandboxCode): string {
  const url = new URL(session.callback_url);
  url.searchParams.set('ident_code', session.ident_code);
  url.searchParams.set('result', session.last_result === null || session.last_result === 'pending' ? 'cancel' : session.last_result);
  return url.toString();
}

// "100" -> "100.00", "1.5" -> "1.50": amounts at the 2 digits the cashier asks for.
function toCents(amount: string): string {
  const [whole, fraction = ''] = amount.split('.');
  return `${String(Number(whole))}.${fraction.padEnd(2, '0')}`;
}

function message(c: Context<GatewayBindings>, status: 400 | 404 | 410 | 415, title: string, text: string): Response {
  return c.body(renderMessage(title, text), status, PAGE_HEADERS);
}
