/**
 * `passto auth`: calls identify/auth through the SDK's client (platform spec, "Outbound:
 * identify/auth") and prints the one-time code and the cashier URL.
 */
import type { Client, IdentifyAuthInput } from 'passto';
import { choice, flag, optional, parseCommand, required, stringOption } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { out, outJson } from '../runtime.ts';
import { UsageError } from '../usage-error.ts';

const OPTIONS = {
  'base-url': { type: 'string' },
  'api-key': { type: 'string' },
  'signature-key': { type: 'string' },
  'plat-id': { type: 'string' },
  'custom-no': { type: 'string' },
  'customer-token': { type: 'string' },
  'token-expire': { type: 'string' },
  'callback-url': { type: 'string' },
  'client-ip': { type: 'string' },
  'session-sign': { type: 'string' },
  lang: { type: 'string' },
  'plat-id-param': { type: 'string' },
  'customer-no-field': { type: 'string' },
  trace: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** `--token-expire`'s default: the customer token's lifetime assumed when none is given. */
const DEFAULT_TOKEN_LIFETIME_MS = 60 * 60 * 1000;

const USAGE = 'passto auth --custom-no NO --customer-token TOKEN --callback-url URL --client-ip IP [options]';

/** The `auth` command. */
export const authCommand: Command = {
  name: 'auth',
  summary: 'call identify/auth and print the ident_code and cashier url',
  usage: USAGE,
  async help() {
    const { DEFAULT_BASE_URL } = await import('passto/internal');
    return `Call identify/auth (POST {base}/v1/platform/identify/auth?platId=...) with the SDK's client,
signed, and print the one-time ident_code and the cashier url to send the user to.

Usage: ${USAGE}

Credentials (flags, or the gateway Worker's environment variables):
  --base-url URL         API base (default: $PASSTO_BASE_URL, else ${DEFAULT_BASE_URL});
                         the local gateway sandbox: http://127.0.0.1:8787/sandbox/api
  --api-key KEY          the api-key header (default: $PASSTO_API_KEY)
  --signature-key KEY    the signature key (default: $PASSTO_SIGNATURE_KEY)
  --plat-id ID           the platform id (default: $PASSTO_PLAT_ID)

Body:
  --custom-no NO         the platform's unique number for this user
  --customer-token TOK   the user's session token (never printed)
  --token-expire MS      its expiry, a 13-digit millisecond timestamp, not more than 60 s
                         in the past (default: now + 1 hour)
  --callback-url URL     the platform's callback address
  --client-ip IP         the user's IP address (required; 127.0.0.1 is fine against the sandbox)
  --session-sign S       same value again returns the code issued before

Options:
  --lang LANG            the lang header (default en-US)
  --plat-id-param NAME   platId (default, the seed) or plat_id (the later documentation)
  --customer-no-field F  the name the number is sent under: custom_no (default) or customer_no
  --trace ID             the trace header (default: a new UUID)
  --timeout MS           time one attempt may take (default 10000)
  --json                 print {"ident_code","url","trace"} as JSON

Examples:
  export PASSTO_API_KEY=... PASSTO_SIGNATURE_KEY=... PASSTO_PLAT_ID=...
  passto auth --custom-no user-42 --customer-token "$SESSION" \\
    --callback-url https://shop.example/passto/callback --client-ip 203.0.113.7
  passto auth --base-url http://127.0.0.1:8787/sandbox/api --custom-no u1 \\
    --customer-token t1 --callback-url http://127.0.0.1:3000/cb --client-ip 127.0.0.1 --json
`;
  },
  async run(args) {
    const parsed = parseCommand(args, OPTIONS);
    const client = await makeClient(parsed);
    const tokenExpire = await tokenExpireOption(stringOption(parsed, 'token-expire'));
    const sessionSign = stringOption(parsed, 'session-sign');
    const trace = stringOption(parsed, 'trace');
    const body: IdentifyAuthInput = {
      custom_no: required(parsed, 'custom-no'),
      customer_token: required(parsed, 'customer-token'),
      token_expire: tokenExpire ?? Date.now() + DEFAULT_TOKEN_LIFETIME_MS,
      callback_url: required(parsed, 'callback-url'),
      client_ip: required(parsed, 'client-ip'),
    };
    if (sessionSign !== undefined) body.session_sign = sessionSign;
    const result = await client.identify.auth(body, trace === undefined ? {} : { trace });
    if (flag(parsed, 'json')) await outJson(result);
    else await out(`ident_code: ${result.ident_code}\nurl: ${result.url}\ntrace: ${result.trace}\n`);
    return EXIT.ok;
  },
};

/**
 * `--token-expire`: digits, and not an expiry already past (beyond the SDK's clock skew), which
 * the SDK would refuse anyway: said here as a usage error, before any request. Other malformed
 * digits are left to the SDK's ValidationError, which lists them with the other bad fields.
 */
async function tokenExpireOption(value: string | undefined): Promise<number | undefined> {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError('--token-expire must be a 13-digit millisecond timestamp');
  const { TOKEN_EXPIRE_SKEW_MS } = await import('passto/schemas');
  const expire = Number(value);
  const thirteenDigits = expire >= 1e12 && expire < 1e13;
  if (thirteenDigits && expire < Date.now() - TOKEN_EXPIRE_SKEW_MS) {
    throw new UsageError(`--token-expire is more than ${TOKEN_EXPIRE_SKEW_MS / 1000} s in the past: give the token's expiry (default: now + 1 hour)`);
  }
  return expire;
}

/** Makes the client; its option checks (TypeError, RangeError) are usage errors naming the flag. */
async function makeClient(parsed: ReturnType<typeof parseCommand>): Promise<Client> {
  const { createClient } = await import('passto');
  const { DEFAULT_BASE_URL } = await import('passto/internal');
  const timeout = stringOption(parsed, 'timeout');
  if (timeout !== undefined && !/^\d+$/.test(timeout)) throw new UsageError('--timeout must be a number of milliseconds');
  const lang = stringOption(parsed, 'lang');
  const platIdParam = choice(stringOption(parsed, 'plat-id-param'), 'plat-id-param', ['platId', 'plat_id'] as const);
  const customerNoField = choice(stringOption(parsed, 'customer-no-field'), 'customer-no-field', ['custom_no', 'customer_no'] as const);
  const options = {
    platId: required(parsed, 'plat-id', 'PASSTO_PLAT_ID', 'platform id'),
    apiKey: required(parsed, 'api-key', 'PASSTO_API_KEY', 'api key'),
    signatureKey: required(parsed, 'signature-key', 'PASSTO_SIGNATURE_KEY', 'signature key'),
    baseUrl: optional(parsed, 'base-url', 'PASSTO_BASE_URL', DEFAULT_BASE_URL),
    ...(lang === undefined ? {} : { lang }),
    ...(platIdParam === undefined ? {} : { platIdParam }),
    ...(customerNoField === undefined ? {} : { customerNoField }),
    ...(timeout === undefined ? {} : { timeout: Number(timeout) }),
  };
  try {
    return createClient(options);
  } catch (error) {
    if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
    // "createClient: option `baseUrl` must be ..." names the option, never its value.
    const flagName = /`(\w+)`/.exec(error.message)?.[1]?.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    throw new UsageError(flagName === undefined ? error.message : `--${flagName}: ${error.message.replace(/^.*?must/, 'must')}`);
  }
}
