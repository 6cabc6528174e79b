/**
 * `passto send-event`: POSTs a signed test webhook event to a webhook URL, as PassTo would
 * (platform spec, "Inbound: webhook events": headers signature, token, trace, timestamp; the
 * signature over the URL's path + the exact body bytes). The event and the signed request come
 * from the SDK's testing helpers, so the CLI sends what the platform's own tests send.
 */
import { choice, flag, optional, parseCommand, required, stringOption } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { Failure } from '../failure.ts';
import { err, out, outJson } from '../runtime.ts';
import { UsageError } from '../usage-error.ts';

const OPTIONS = {
  url: { type: 'string' },
  key: { type: 'string' },
  path: { type: 'string' },
  data: { type: 'string' },
  token: { type: 'string' },
  'plat-id': { type: 'string' },
  'event-id': { type: 'string' },
  retry: { type: 'string' },
  trace: { type: 'string' },
  'signature-header': { type: 'string' },
  json: { type: 'boolean' },
} as const;

const REQUEST_TIMEOUT_MS = 30_000;

const USAGE = 'passto send-event TYPE --url URL --key KEY [--path PATH] [--data JSON] [--token TOKEN] [--json]';

/** The types the platform spec lists ("Inbound: webhook events"), from the SDK's schemas. */
async function eventTypes(): Promise<readonly string[]> {
  return (await import('passto/schemas')).WEBHOOK_EVENT_TYPES;
}

/** The `send-event` command. */
export const sendEventCommand: Command = {
  name: 'send-event',
  summary: 'send a signed test webhook event to a URL',
  usage: USAGE,
  async help() {
    const EVENT_TYPES = await eventTypes();
    const { TEST_CUSTOMER_TOKEN, TEST_PLATFORM_ID } = await import('passto/testing');
    return `Send a test webhook event to a webhook URL, signed as PassTo signs it, and print the answer.
Exit 0 on a 2xx answer, 1 on another answer, 3 when the URL cannot be reached.

Usage: ${USAGE}

TYPE is one of ${EVENT_TYPES.join(', ')}
(another type is sent too, with the data you give: receivers must keep unknown types).

The body is {"type","platform_id","retry","event_id","data"}, data filled with realistic values
for the type (PAY_SUCCESS: amount "100.00", currency "CNY", a percent-encoded merchant_name, ...).

Options:
  --url URL        the webhook URL to POST to
  --key KEY        the signature key (default: $PASSTO_SIGNATURE_KEY); never printed
  --path PATH      the path to sign (default: the URL's pathname, what PassTo signs)
  --data JSON      a JSON object merged over the default data
  --token TOKEN    the token header, and data.token (default: ${TEST_CUSTOMER_TOKEN})
  --plat-id ID     platform_id (default: $PASSTO_PLAT_ID, else ${TEST_PLATFORM_ID})
  --event-id ID    event_id (default: a new UUID); repeat one to test deduplication
  --retry N        retry (default 0, the first delivery)
  --trace ID       the trace header (default: a new UUID)
  --signature-header NAME  signature (default) or signerature, the spelling one revision uses
  --json           print {"type","event_id","trace","status","ok","location","body","documented"};
                   "body" is the answer's text, null when not read (a redirect, too large)

Examples:
  export PASSTO_SIGNATURE_KEY=...
  passto send-event PAY_SUCCESS --url http://127.0.0.1:8787/v1/webhooks
  passto send-event REFUND --url https://shop.example/passto/webhook --data '{"amount":"5.00"}'
`;
  },
  async run(args) {
    const parsed = parseCommand(args, OPTIONS, 1);
    const json = flag(parsed, 'json');
    const EVENT_TYPES = await eventTypes();
    const { MAX_ANSWER_BYTES, send } = await import('passto/internal');
    const { createSignedWebhookRequest, createWebhookEvent, TEST_CUSTOMER_TOKEN, TEST_PLATFORM_ID } = await import('passto/testing');
    const type = parsed.positionals[0];
    if (type === undefined || type === '') throw new UsageError(`missing TYPE: one of ${EVENT_TYPES.join(', ')}`);
    const url = required(parsed, 'url', undefined, 'webhook URL');
    const key = required(parsed, 'key', 'PASSTO_SIGNATURE_KEY', 'signature key');
    let target: URL;
    try {
      target = new URL(url);
      if (!/^https?:$/.test(target.protocol)) throw new TypeError();
    } catch {
      throw new UsageError('--url must be an http(s) URL');
    }
    const retry = stringOption(parsed, 'retry') ?? '0';
    if (!/^\d+$/.test(retry)) throw new UsageError('--retry must be a whole number');
    const extra = parseData(stringOption(parsed, 'data'));
    const token = stringOption(parsed, 'token') ?? (typeof extra.token === 'string' ? extra.token : TEST_CUSTOMER_TOKEN);
    const signatureHeader = choice(stringOption(parsed, 'signature-header'), 'signature-header', ['signature', 'signerature'] as const);
    const documented = EVENT_TYPES.includes(type);
    // With --json, stderr carries only an error object: the note is the output's "documented".
    if (!documented && !json) await err(`note: ${type} is not a documented type; data is only what --data gives\n`);

    const event = createWebhookEvent(type, extra, {
      platform_id: optional(parsed, 'plat-id', 'PASSTO_PLAT_ID', TEST_PLATFORM_ID),
      retry: Number(retry),
      ...(stringOption(parsed, 'event-id') === undefined ? {} : { event_id: stringOption(parsed, 'event-id')! }),
    });
    // The user's token is in the data of the types that document one, and always in the header.
    const data = event.data as Record<string, unknown>;
    if ('token' in data && !('token' in extra)) data.token = token;
    const path = stringOption(parsed, 'path');
    const trace = stringOption(parsed, 'trace');
    const request = createSignedWebhookRequest({
      url: target.href,
      key,
      event,
      ...(path === undefined ? {} : { path }),
      ...(signatureHeader === undefined ? {} : { signatureHeader }),
      headers: { token, ...(trace === undefined ? {} : { trace }) },
    });

    // The signed request's exact bytes and headers, sent once; a redirect is printed, not followed
    // (a 307/308 would re-post the signed event to wherever it points).
    const { status, headers, redirect, text } = await send(
      {
        url: request.url,
        headers: Object.fromEntries(request.headers),
        body: new Uint8Array(await request.arrayBuffer()),
        timeout: REQUEST_TIMEOUT_MS,
      },
      (answer) => answer,
    ).catch((error: unknown) => {
      throw new Failure('unreachable', `cannot reach ${target.origin}: ${error instanceof Error ? error.message : String(error)}`);
    });
    const ok = status >= 200 && status < 300;
    const location = redirect ? (headers.get('location') ?? null) : null;
    if (json) {
      const body = redirect ? null : (text ?? null);
      await outJson({ type, event_id: event.event_id, trace: request.headers.get('trace'), status, ok, location, body, documented });
    } else {
      const answer = redirect ? `redirect to ${location ?? '(no Location)'} (not followed)` : (text ?? `(larger than ${MAX_ANSWER_BYTES} bytes, not read)`);
      await err(`sent ${type} event_id ${event.event_id} trace ${request.headers.get('trace')}\n`);
      await out(`HTTP ${status}\n${answer}${answer === '' || answer.endsWith('\n') ? '' : '\n'}`);
    }
    return ok ? EXIT.ok : EXIT.failure;
  },
};

function parseData(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError('--data must be a JSON object, e.g. \'{"amount":"5.00"}\'');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UsageError('--data must be a JSON object');
  return value as Record<string, unknown>;
}
