/**
 * The sandbox cashier's HTML: one self-contained page (inline CSS, no script, no external
 * asset), every value escaped, secrets masked. The platform's `input` HTML is shown in a
 * sandboxed frame (no script, no same-origin access): it is the platform's content, not ours.
 */
import type { SandboxCode } from './codes.ts';
import type { CreditLimit } from './credit-limit.ts';
import type { SandboxDelivery } from './deliveries.ts';
import { escapeHtml as e, mask } from './html.ts';
import { WEBHOOK_TYPES } from './webhook-events.ts';

/** Everything one rendering of the cashier shows. */
export interface CashierView {
  session: SandboxCode;
  creditLimit: CreditLimit;
  deliveries: SandboxDelivery[];
  /** Where "Return to the platform" leads: callback_url with ident_code and result. */
  returnUrl: string;
  /** Where the buttons post. */
  eventsAction: string;
}

/** Headers for every sandbox HTML page: no script at all, no framing, no caching, no referrer. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src http: https: data:; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
} as const;

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f3f4f6;color:#111827}
main{max-width:720px;margin:0 auto;padding:24px}
.card{background:#fff;border-radius:12px;padding:20px;margin:0 0 16px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:20px;margin:0 0 16px}h2{font-size:16px;margin:0 0 12px}
.badge{display:inline-block;background:#f59e0b;color:#fff;border-radius:6px;padding:0 8px;font-size:12px;vertical-align:middle;margin-left:8px}
.amount{font-size:32px;font-weight:600}.muted{color:#6b7280;font-size:13px}.error{color:#b91c1c}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}dt{color:#6b7280}dd{margin:0;word-break:break-all}
iframe{width:100%;height:80px;border:1px dashed #d1d5db;border-radius:8px;background:#fafafa}
button{font:inherit;border:0;border-radius:8px;padding:8px 14px;margin:4px 4px 4px 0;background:#e5e7eb;cursor:pointer}
button#pay{background:#2563eb;color:#fff;font-weight:600;padding:10px 28px}
input{font:inherit;padding:7px 10px;border:1px solid #d1d5db;border-radius:8px;width:120px}
table{width:100%;border-collapse:collapse;font-size:13px}td,th{text-align:left;padding:6px 4px;border-top:1px solid #e5e7eb;vertical-align:top}
pre{white-space:pre-wrap;word-break:break-all;background:#f9fafb;padding:8px;border-radius:6px;margin:4px 0 0}
.ok{color:#047857}.bad{color:#b91c1c}a.return{display:inline-block;background:#111827;color:#fff;text-decoration:none;border-radius:8px;padding:10px 18px}
img.icon{width:24px;height:24px;vertical-align:middle;margin-right:8px}
`;

/**
 * The cashier page.
 *
 * @example
 * ```ts
 * return c.body(renderCashier(view), 200, PAGE_HEADERS);
 * ```
 */
export function renderCashier(view: CashierView): string {
  const { session, creditLimit } = view;
  const picked = creditLimit.ok ? creditLimit.picked : undefined;
  const currency = picked?.currency ?? 'CNY';
  return page(
    'PassTo sandbox cashier',
    refreshSeconds(view.deliveries),
    `<h1>PassTo cashier<span class="badge">SANDBOX</span></h1>
<section class="card" id="credit-limit"><h2>Available credit</h2>${renderCreditLimit(creditLimit)}</section>
<section class="card"><h2>Pay</h2>
<form method="post" action="${e(view.eventsAction)}">
<input type="hidden" name="ident_code" value="${e(session.ident_code)}">
<input type="hidden" name="tag" value="${e(picked?.tag ?? session.credit_limit_tag ?? '')}">
<input type="hidden" name="currency" value="${e(currency)}">
<p><label>Amount <input name="amount" id="amount" value="100.00" inputmode="decimal" pattern="\\d{1,9}(\\.\\d{1,2})?" required></label> ${e(currency)}</p>
<p><button id="pay" name="action" value="pay">Pay</button> <span class="muted">sends PAY_START, then PAY_SUCCESS</span></p>
<p class="muted">Or send one event:</p>
<p>${WEBHOOK_TYPES.map((type) => `<button name="action" value="${e(type)}" id="send-${e(type.toLowerCase().replace(/_/g, '-'))}">${e(type)}</button>`).join('')}</p>
</form></section>
<section class="card" id="deliveries"><h2>Webhooks sent to the gateway</h2>${renderDeliveries(view.deliveries)}</section>
<section class="card"><h2>Session</h2><dl>
<dt>Platform</dt><dd>${e(session.plat_id)}</dd>
<dt>custom_no</dt><dd>${e(session.custom_no)}</dd>
<dt>customer_token</dt><dd>${e(mask(session.customer_token))}</dd>
<dt>open_token</dt><dd>${session.open_token ? `Bearer ${e(mask(session.open_token.replace(/^Bearer /, '')))}` : ''}</dd>
<dt>client_ip</dt><dd>${e(session.client_ip)}</dd>
<dt>lang</dt><dd>${e(session.lang)}</dd>
<dt>ident_code</dt><dd>${e(session.ident_code)}</dd>
<dt>Session ends</dt><dd>${session.session_expires_at === null ? '' : e(new Date(session.session_expires_at).toISOString())}</dd>
</dl></section>
<p><a class="return" id="return" href="${e(view.returnUrl)}">Return to the platform</a></p>`,
  );
}

/**
 * A page with one message: an unknown, expired or bad code.
 *
 * @example
 * ```ts
 * return c.body(renderMessage('Unknown code', 'No such ident_code.'), 404, PAGE_HEADERS);
 * ```
 */
export function renderMessage(title: string, text: string): string {
  return page(title, undefined, `<h1>PassTo cashier<span class="badge">SANDBOX</span></h1><section class="card"><h2>${e(title)}</h2><p>${e(text)}</p></section>`);
}

function page(title: string, refresh: number | undefined, content: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
${refresh === undefined ? '' : `<meta http-equiv="refresh" content="${refresh}">`}
<meta name="robots" content="noindex"><link rel="icon" href="data:,"><title>${e(title)}</title><style>${STYLE}</style></head>
<body><main>${content}</main></body></html>`;
}

// While a delivery waits for its retry, the page reloads itself when the next one is due (the
// view runs it; no script needed), between 5 s and a minute from now.
function refreshSeconds(deliveries: SandboxDelivery[]): number | undefined {
  const next = Math.min(...deliveries.filter((d) => d.status === 'pending' && d.next_attempt_at !== null).map((d) => d.next_attempt_at!));
  if (!Number.isFinite(next)) return undefined;
  return Math.min(60, Math.max(5, Math.ceil((next - Date.now()) / 1000)));
}

function renderCreditLimit(limit: CreditLimit): string {
  if (!limit.ok) {
    return `<p class="error">The credit-limit call failed${limit.status === null ? '' : ` (HTTP ${e(limit.status)})`}: ${e(limit.msg)}</p>`;
  }
  const source = `<p class="muted">From ${limit.source === 'identify/auth' ? 'identify/auth (credit_limit_available_cards)' : `the signed credit-limit call (HTTP ${e(limit.status)})`}.</p>`;
  const picked = limit.picked;
  if (!picked) return `<p>No credit-limit entry.</p>${source}`;
  const icon = /^(https?:\/\/|data:image\/)/i.test(picked.icon) ? `<img class="icon" src="${e(picked.icon)}" alt="">` : '';
  const others = limit.cards.filter((card) => card !== picked);
  return `<p>${icon}<span class="amount" id="credit-amount">${e(picked.amount)}</span> <span id="credit-currency">${e(picked.currency)}</span> <span class="muted">tag ${e(picked.tag || '(none)')}</span></p>
${picked.input ? `<iframe sandbox="" title="Platform content" srcdoc="${e(picked.input)}"></iframe>` : ''}
${others.length ? `<p class="muted">Other entries: ${others.map((card) => `${e(card.tag || '(none)')} ${e(card.amount)} ${e(card.currency)}`).join(', ')}</p>` : ''}
${source}`;
}

function renderDeliveries(deliveries: SandboxDelivery[]): string {
  if (deliveries.length === 0) return '<p class="muted">Nothing sent yet. Press a button above.</p>';
  const rows = deliveries.map((d, index) => {
    const answer = d.last_status === null ? 'no answer' : `HTTP ${d.last_status}`;
    const cls = d.status === 'delivered' ? 'ok' : d.status === 'failed' ? 'bad' : '';
    return `<tr class="delivery" data-type="${e(d.type)}" data-status="${e(d.status)}" data-http-status="${e(d.last_status ?? '')}">
<td><strong>${e(d.type)}</strong><br><span class="muted">${e(d.event_id)}</span></td>
<td class="${cls}">${e(d.status)}<br>${e(answer)}, ${e(d.attempts)} ${d.attempts === 1 ? 'try' : 'tries'}${d.status === 'pending' && d.next_attempt_at !== null ? `<br><span class="muted">next ${e(new Date(d.next_attempt_at).toISOString())}</span>` : ''}</td>
<td><details${index === 0 ? ' open' : ''}><summary>POST ${e(d.path)}</summary><pre>token: ${e(mask(d.token))}\n${e(shownBody(d))}</pre></details></td></tr>`;
  });
  return `<table><thead><tr><th>Event</th><th>Gateway answer</th><th>Sent</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

// The body as sent, with data.token masked: the page never shows a customer_token in full.
function shownBody(delivery: SandboxDelivery): string {
  const event = JSON.parse(delivery.body) as { data?: Record<string, unknown> };
  if (event.data && typeof event.data.token === 'string') event.data.token = mask(event.data.token);
  return JSON.stringify(event, null, 2);
}
