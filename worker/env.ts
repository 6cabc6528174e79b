/**
 * The Worker's environment: bindings and variables as wrangler gives them (and as the Node, Deno
 * and Bun adapters read them under the same names), turned into one validated configuration.
 * Every default lives here. Nothing is guessed: a variable that is required and unset, or set to
 * something malformed, is a problem named in `problems`, never silently replaced by a default.
 * The adapters refuse to start with problems; the Worker answers 503.
 */
import { isHeaderValue } from 'passto/internal';
import type { SqlDatabase } from './store/sql.ts';

/** Variables and secrets, all strings, exactly as `wrangler.toml` `[vars]`, `.dev.vars` and secrets set them. */
export interface Vars {
  GATEWAY_TOKEN?: string;
  PASSTO_API_KEY?: string;
  PASSTO_SIGNATURE_KEY?: string;
  PASSTO_SIGNATURE_KEY_PREVIOUS?: string;
  PASSTO_PLAT_ID?: string;
  PASSTO_BASE_URL?: string;
  PASSTO_LANG?: string;
  PASSTO_TIMEOUT_MS?: string;
  PASSTO_PLAT_ID_PARAM?: string;
  PASSTO_CUSTOMER_NO_FIELD?: string;
  PUBLIC_URL?: string;
  CREDIT_LIMIT_URL?: string;
  CREDIT_LIMIT_STATIC?: string;
  CREDIT_LIMIT_TIMEOUT_MS?: string;
  FORWARD_URL?: string;
  FORWARD_SIGNATURE_KEY?: string;
  FORWARD_TIMEOUT_MS?: string;
  FORWARD_MAX_ATTEMPTS?: string;
  FORWARD_BACKOFF_BASE_MS?: string;
  EVENT_RETENTION_DAYS?: string;
  EVENT_TOMBSTONE_DAYS?: string;
  SANDBOX?: string;
  SANDBOX_API_KEY?: string;
  SANDBOX_SIGNATURE_KEY?: string;
  SANDBOX_PLAT_ID?: string;
}

/** What `readConfig` reads: the variables, and whether this build mounts the sandbox. */
export interface ConfigSource extends Vars {
  /**
   * True only from a development entry, which mounts worker/sandbox/ (worker/development.ts).
   * The entries set it, never a variable: a production build has no sandbox, so `SANDBOX=on`
   * there is a problem, and the development values it would allow stay refused.
   */
  sandboxMounted?: boolean;
}

/** What the gateway app needs from its host: variables plus the event database. */
export interface GatewayEnv extends ConfigSource {
  /** The D1 binding on Cloudflare; adapters pass a SQLite database under the same interface. */
  DB: SqlDatabase;
}

/** The development values committed in `.dev.vars`; the sandbox defaults to the same. They are public. */
export const DEV = {
  GATEWAY_TOKEN: 'dev-token',
  PASSTO_API_KEY: 'sandbox-api-key',
  PASSTO_SIGNATURE_KEY: 'sandbox-signature-key',
  PASSTO_PLAT_ID: 'sandbox-plat',
} as const;

/** Option defaults, in one place. */
export const DEFAULTS = {
  creditLimitTimeoutMs: 3000,
  passtoTimeoutMs: 10_000,
  forwardTimeoutMs: 10_000,
  forwardMaxAttempts: 10,
  forwardBackoffBaseMs: 30_000,
  eventRetentionDays: 90,
  eventTombstoneDays: 365,
  maxBodyBytes: 1024 * 1024,
} as const;

/** One thing wrong with the configuration: the variable, and why (never its value: it may be a secret). */
export interface ConfigProblem {
  variable: keyof Vars;
  problem: string;
}

/** The configuration the routes read, parsed once per environment object. */
export interface GatewayConfig {
  /** Every problem found; empty when the gateway may serve. Values below are then only placeholders. */
  problems: ConfigProblem[];
  /** The accepted bearer tokens (`GATEWAY_TOKEN`, comma-separated for rotation). Never the development token with the sandbox off. */
  gatewayTokens: string[];
  passto: {
    apiKey: string | undefined;
    signatureKey: string | undefined;
    /** During a key rotation, PassTo's calls signed with the old key still verify. */
    previousSignatureKey: string | undefined;
    platId: string | undefined;
    baseUrl: string | undefined;
    lang: string | undefined;
    timeoutMs: number;
    platIdParam: 'platId' | 'plat_id';
    customerNoField: 'custom_no' | 'customer_no';
  };
  /** `PUBLIC_URL` without a trailing slash: the base of URLs shown to users. */
  publicUrl: string | undefined;
  /** The path of `PUBLIC_URL` (`/passto`), which a proxy strips and signatures include; '' if none. */
  publicPathPrefix: string;
  creditLimit: { url: string | undefined; static: string | undefined; timeoutMs: number };
  forward: { url: string | undefined; signatureKey: string | undefined; timeoutMs: number; maxAttempts: number; backoffBaseMs: number };
  /** Days a stored event (its payload) is kept. */
  eventRetentionDays: number;
  /** Days the deduplication tombstone of a purged event is kept, so a replay of it is still a duplicate. */
  eventTombstoneDays: number;
  /** `enabled`: `SANDBOX=on` in a build that mounts the sandbox. */
  sandbox: { enabled: boolean; apiKey: string; signatureKey: string; platId: string };
}

// setTimeout's largest delay (a signed 32-bit number of ms), also the SDK's `timeout` limit.
const MAX_MS = 2_147_483_647;
// A century: any larger retention is a typo.
const MAX_DAYS = 36_500;
// RFC 6750 section 2.1 `b64token`: what a bearer token may be made of.
const B64TOKEN = /^[A-Za-z0-9._~+/-]+=*$/;

const cache = new WeakMap<object, GatewayConfig>();

/**
 * Reads (and caches per env object) the gateway configuration. Every problem is collected in
 * `problems`: a required variable unset (`GATEWAY_TOKEN`, `PASSTO_API_KEY`,
 * `PASSTO_SIGNATURE_KEY`, `PASSTO_PLAT_ID`), a malformed number, choice or URL, a public
 * development value with the sandbox off, `SANDBOX=on` in a production build (one without
 * `sandboxMounted`). An empty string counts as unset. `SANDBOX` is read here and nowhere else.
 *
 * @example
 * ```ts
 * const { problems } = readConfig(process.env);
 * for (const p of problems) console.error(`${p.variable}: ${p.problem}`);
 * ```
 */
export function readConfig(env: ConfigSource): GatewayConfig {
  const cached = cache.get(env);
  if (cached) return cached;
  const read = reader(env);
  const sandbox = read.choice('SANDBOX', ['on', 'off'], 'off', 'malformed');
  const mounted = env.sandboxMounted === true;
  if (sandbox === 'on' && !mounted) {
    read.fail('SANDBOX', 'is `on`, but this production build has no sandbox: set SANDBOX=off (`npm start` and `npm run start:<runtime>` mount it)');
  }
  const sandboxOn = sandbox === 'on' && mounted;
  // With SANDBOX itself wrong, that is the one problem to name: the development values may be meant.
  // They are accepted only with the sandbox really on, since every wrong SANDBOX is a problem.
  const devValuesAllowed = sandbox !== 'off';
  const publicUrl = read.url('PUBLIC_URL', true);
  const config: GatewayConfig = {
    problems: read.problems,
    gatewayTokens: gatewayTokens(read, sandboxOn, devValuesAllowed),
    passto: {
      apiKey: read.headerValue('PASSTO_API_KEY', true),
      signatureKey: productionSecret(read, 'PASSTO_SIGNATURE_KEY', devValuesAllowed, true),
      previousSignatureKey: productionSecret(read, 'PASSTO_SIGNATURE_KEY_PREVIOUS', devValuesAllowed, false),
      platId: read.text('PASSTO_PLAT_ID', true),
      baseUrl: read.url('PASSTO_BASE_URL', true)?.href,
      lang: read.headerValue('PASSTO_LANG', false),
      timeoutMs: read.integer('PASSTO_TIMEOUT_MS', DEFAULTS.passtoTimeoutMs, 1, MAX_MS),
      platIdParam: read.choice('PASSTO_PLAT_ID_PARAM', ['platId', 'plat_id'], 'platId'),
      customerNoField: read.choice('PASSTO_CUSTOMER_NO_FIELD', ['custom_no', 'customer_no'], 'custom_no'),
    },
    publicUrl: publicUrl?.href.replace(/\/+$/, ''),
    publicPathPrefix: publicUrl ? publicUrl.pathname.replace(/\/+$/, '') : '',
    creditLimit: {
      url: read.url('CREDIT_LIMIT_URL', false)?.href,
      static: read.text('CREDIT_LIMIT_STATIC', false),
      timeoutMs: read.integer('CREDIT_LIMIT_TIMEOUT_MS', DEFAULTS.creditLimitTimeoutMs, 1, MAX_MS),
    },
    forward: {
      url: read.url('FORWARD_URL', false)?.href,
      signatureKey: read.text('FORWARD_SIGNATURE_KEY', false),
      timeoutMs: read.integer('FORWARD_TIMEOUT_MS', DEFAULTS.forwardTimeoutMs, 1, MAX_MS),
      maxAttempts: read.integer('FORWARD_MAX_ATTEMPTS', DEFAULTS.forwardMaxAttempts, 1, 1000),
      backoffBaseMs: read.integer('FORWARD_BACKOFF_BASE_MS', DEFAULTS.forwardBackoffBaseMs, 0, MAX_MS),
    },
    eventRetentionDays: read.integer('EVENT_RETENTION_DAYS', DEFAULTS.eventRetentionDays, 1, MAX_DAYS),
    eventTombstoneDays: read.integer('EVENT_TOMBSTONE_DAYS', DEFAULTS.eventTombstoneDays, 1, MAX_DAYS),
    sandbox: {
      enabled: sandboxOn,
      apiKey: read.text('SANDBOX_API_KEY', false) ?? DEV.PASSTO_API_KEY,
      signatureKey: read.text('SANDBOX_SIGNATURE_KEY', false) ?? DEV.PASSTO_SIGNATURE_KEY,
      platId: read.text('SANDBOX_PLAT_ID', false) ?? DEV.PASSTO_PLAT_ID,
    },
  };
  cache.set(env, config);
  return config;
}

/**
 * The problems as one line each, `VARIABLE: problem`, for a start-up refusal or a 503 message
 * (the hosts' own problems, adapters/host-settings.ts, are listed the same way).
 *
 * @example
 * ```ts
 * describeProblems([{ variable: 'GATEWAY_TOKEN', problem: 'not set' }]); // 'GATEWAY_TOKEN: not set'
 * ```
 */
export function describeProblems(problems: readonly { variable: string; problem: string }[]): string[] {
  return problems.map(({ variable, problem }) => `${variable}: ${problem}`);
}

/** `GATEWAY_TOKEN`: required, RFC 6750 tokens, and never the public development token unless the sandbox is on. */
function gatewayTokens(read: Reader, sandboxOn: boolean, devValuesAllowed: boolean): string[] {
  const tokens = (read.text('GATEWAY_TOKEN', true) ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (read.has('GATEWAY_TOKEN') && tokens.length === 0) read.fail('GATEWAY_TOKEN', 'holds no token');
  if (!tokens.every((token) => B64TOKEN.test(token))) {
    read.fail('GATEWAY_TOKEN', 'each comma-separated token must be made of A-Z a-z 0-9 - . _ ~ + / (then = only), as RFC 6750 allows');
  }
  if (sandboxOn || !tokens.includes(DEV.GATEWAY_TOKEN)) return tokens;
  if (!devValuesAllowed) read.fail('GATEWAY_TOKEN', 'holds the public development token of .dev.vars, refused unless SANDBOX=on; set a secret token');
  return tokens.filter((token) => token !== DEV.GATEWAY_TOKEN);
}

/** A PassTo signature key: with the sandbox off, the public development key would let anyone sign events. */
function productionSecret(read: Reader, name: 'PASSTO_SIGNATURE_KEY' | 'PASSTO_SIGNATURE_KEY_PREVIOUS', devValuesAllowed: boolean, required: boolean) {
  const value = read.text(name, required);
  if (value !== DEV.PASSTO_SIGNATURE_KEY || devValuesAllowed) return value;
  read.fail(name, 'is the public development key of .dev.vars, refused unless SANDBOX=on; set the key PassTo issued');
  return undefined;
}

/**
 * A variable's decimal integer from min to max, or undefined: `ten`, `1e3`, `10.5` or `-1` are
 * refused, never defaulted. The rule of every integer variable, the hosts' own (`PORT`...) included.
 *
 * @example
 * ```ts
 * parseInteger(' 8787 ', 0, 65_535); // 8787
 * parseInteger('1e3', 0, 65_535); // undefined: integerProblem(0, 65_535) says why
 * ```
 */
export function parseInteger(value: string, min: number, max: number): number | undefined {
  const text = value.trim();
  const n = Number(text);
  return /^\d+$/.test(text) && n >= min && n <= max ? n : undefined;
}

/** Why `parseInteger` refused a value (never the value: it may be a secret). */
export function integerProblem(min: number, max: number): string {
  return `must be an integer from ${min} to ${max}`;
}

type Reader = ReturnType<typeof reader>;

/** Parsers of single variables; each notes what is wrong in `problems` and answers a placeholder. */
function reader(env: Vars) {
  const problems: ConfigProblem[] = [];
  const fail = (variable: keyof Vars, problem: string) => void problems.push({ variable, problem });
  const raw = (name: keyof Vars) => {
    const value = env[name];
    return typeof value === 'string' && value.trim() !== '' ? value : undefined;
  };
  const text = (name: keyof Vars, required: boolean): string | undefined => {
    const value = raw(name);
    if (value === undefined && required) fail(name, 'not set');
    return value;
  };
  return {
    problems,
    fail,
    text,
    has: (name: keyof Vars) => raw(name) !== undefined,
    /** A value sent as an HTTP header: the SDK would refuse anything else. */
    headerValue(name: keyof Vars, required: boolean): string | undefined {
      const value = text(name, required);
      if (value === undefined || isHeaderValue(value)) return value;
      fail(name, 'must be printable ASCII without surrounding spaces (it is sent as a header)');
      return undefined;
    },
    /** A decimal integer from min to max (`parseInteger`), `fallback` when unset. */
    integer(name: keyof Vars, fallback: number, min: number, max: number): number {
      const value = raw(name);
      if (value === undefined) return fallback;
      const n = parseInteger(value, min, max);
      if (n === undefined) fail(name, integerProblem(min, max));
      return n ?? fallback;
    },
    /** One of a few exact words; `fallback` when unset, `malformed` (default `fallback`) when anything else. */
    choice<T extends string, M extends string = T>(name: keyof Vars, choices: readonly T[], fallback: T, malformed?: M): T | M {
      const value = raw(name)?.trim();
      if (value === undefined) return fallback;
      if ((choices as readonly string[]).includes(value)) return value as T;
      fail(name, `must be ${choices.map((c) => `\`${c}\``).join(' or ')}`);
      return malformed ?? fallback;
    },
    /** An http(s) URL; a base (`asBase`) also has no query, fragment or credentials, since paths are appended to it. */
    url(name: keyof Vars, asBase: boolean): URL | undefined {
      const value = raw(name)?.trim();
      if (value === undefined) return undefined;
      let url: URL | undefined;
      try {
        url = new URL(value);
      } catch {}
      const web = url !== undefined && (url.protocol === 'http:' || url.protocol === 'https:') && url.host !== '';
      if (web && !(asBase && url!.search + url!.hash + url!.username + url!.password)) return url;
      fail(name, asBase ? 'must be an http(s) URL without query, fragment or credentials' : 'must be an http(s) URL');
      return undefined;
    },
  };
}
