/**
 * `passto check webhooks URL` and `passto check credit-limit URL`: the conformance kit for the two
 * endpoints a platform builds itself (issue 13). The checks are the SDK's (`checkWebhookReceiver`,
 * `checkCreditLimitEndpoint` in `passto/testing`); this file reads the command line and prints the
 * report: a table (colour only on a terminal, never with NO_COLOR), or JSON with --json.
 */
import { flag, parseCommand, required, stringOption } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { Failure } from '../failure.ts';
import { env, out, outJson, stdoutIsTerminal } from '../runtime.ts';
import { UsageError } from '../usage-error.ts';

const OPTIONS = {
  key: { type: 'string' },
  path: { type: 'string' },
  timeout: { type: 'string' },
  'slow-after': { type: 'string' },
  token: { type: 'string' },
  'expect-amount': { type: 'string' },
  json: { type: 'boolean' },
} as const;

const USAGE = 'passto check webhooks|credit-limit URL --key KEY [--token T] [--path P] [--timeout MS] [--expect-amount A] [--json]';

const TARGETS = ['webhooks', 'credit-limit'] as const;

/** The `check` command. */
export const checkCommand: Command = {
  name: 'check',
  summary: "check a platform's webhook receiver or credit-limit endpoint against the spec",
  usage: USAGE,
  async help() {
    const { CREDIT_LIMIT_CHECK_DEFAULTS, WEBHOOK_CHECK_DEFAULTS } = await import('passto/testing');
    return `Check the endpoints your platform builds for PassTo, before PassTo calls them: send what
PassTo sends, signed as PassTo signs it, and judge every answer against the platform spec.
Exit 0 when every required rule holds, 1 when one fails, 2 on a usage error, 3 when the URL
cannot be reached. Point it at a test environment: it sends test events and test calls.

Usage: passto check webhooks URL --key KEY [--path PATH] [--timeout MS] [--slow-after MS] [--json]
       passto check credit-limit URL --key KEY --token TOKEN [--expect-amount A] [--path PATH] [--timeout MS] [--json]

webhooks: every documented event type, an unknown type with unknown fields, "remark": null,
a retry and 10 concurrent copies of one event_id, PAY_SUCCESS after PAY_TIMEOUT, four forgeries
(tampered body, wrong key, another path, no signature: each must NOT get 200), both header
spellings (signature, signerature), and the time of each answer.

credit-limit: the signed GET_DEFAULT_ACCOUNT_CREDIT_LIMIT call for digits 0, 2 and 4 across
lang, currency and tag values: the answer's shape, each amount's precision, each icon, the
answer time, with --expect-amount each amount's value, and that forged calls are refused.

Options:
  --key KEY            the signature key (default: $PASSTO_SIGNATURE_KEY); never printed
  --path PATH          the path to sign, when a proxy rewrites the URL's path (default: the URL's)
  --timeout MS         how long each answer may take (webhooks ${WEBHOOK_CHECK_DEFAULTS.timeout}, credit-limit ${CREDIT_LIMIT_CHECK_DEFAULTS.timeout})
  --slow-after MS      webhooks: warn above this (default ${WEBHOOK_CHECK_DEFAULTS.slowAfter})
  --token TOKEN        credit-limit: a test user's customer_token (the token header); never printed
  --expect-amount A    credit-limit: that user's true credit at full precision ("1234.5678"):
                       each amount must be it cut, never rounded up, to the requested digits
  --json               the report as JSON: {"subject","target","results":[{"id","title",
                       "specSection","required","status","evidence","detail"}],"summary"}

Colour: on a terminal only, and never when NO_COLOR is set (FORCE_COLOR forces it).

Examples:
  passto check webhooks http://127.0.0.1:8787/v1/webhooks --key sandbox-signature-key
  passto check credit-limit https://shop.example/passto/limit --token test-user-1 --expect-amount 5000
`;
  },
  async run(args) {
    const parsed = parseCommand(args, OPTIONS, 2);
    const [what, url] = parsed.positionals;
    if (what === undefined) throw new UsageError(`missing what to check: ${TARGETS.join(' or ')}`);
    if (!(TARGETS as readonly string[]).includes(what)) throw new UsageError(`passto check takes ${TARGETS.join(' or ')}`);
    if (url === undefined) throw new UsageError('missing URL: the endpoint to check');
    if (!/^https?:\/\//.test(url)) throw new UsageError('URL must be an http(s) URL');
    const key = required(parsed, 'key', 'PASSTO_SIGNATURE_KEY', 'signature key');
    const path = stringOption(parsed, 'path');
    const timeout = milliseconds(parsed, 'timeout');
    const common = { key, ...(path === undefined ? {} : { path }), ...(timeout === undefined ? {} : { timeout }) };
    const testing = await import('passto/testing');
    let report: Awaited<ReturnType<typeof testing.checkWebhookReceiver>>;
    if (what === 'webhooks') {
      if (stringOption(parsed, 'token') !== undefined || stringOption(parsed, 'expect-amount') !== undefined) {
        throw new UsageError('--token and --expect-amount are for passto check credit-limit');
      }
      const slowAfter = milliseconds(parsed, 'slow-after');
      report = await testing.checkWebhookReceiver(url, { ...common, ...(slowAfter === undefined ? {} : { slowAfter }) });
    } else {
      if (stringOption(parsed, 'slow-after') !== undefined) throw new UsageError('--slow-after is for passto check webhooks');
      const token = required(parsed, 'token', undefined, "test user's token");
      const expectAmount = stringOption(parsed, 'expect-amount');
      report = await testing.checkCreditLimitEndpoint(url, { ...common, token, ...(expectAmount === undefined ? {} : { expectAmount }) });
    }
    const answered = report.results.some((r) => r.evidence !== undefined && r.evidence.error !== 'network');
    if (!answered) throw new Failure('unreachable', `cannot reach ${new URL(url).origin}`);
    if (flag(parsed, 'json')) await outJson(report);
    else await out(testing.formatCheckReport(report, { color: wantsColour() }));
    return report.summary.ok ? EXIT.ok : EXIT.failure;
  },
};

function milliseconds(parsed: ReturnType<typeof parseCommand>, name: string): number | undefined {
  const text = stringOption(parsed, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`--${name} must be a whole number of milliseconds`);
  return Number(text);
}

/** Colour on a terminal, or when FORCE_COLOR asks; never with NO_COLOR (https://no-color.org). */
function wantsColour(): boolean {
  if (env('NO_COLOR') !== undefined) return false;
  return env('FORCE_COLOR') !== undefined || stdoutIsTerminal();
}
