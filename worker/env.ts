/**
 * The Worker's environment: bindings and variables as wrangler gives them (and as the Node, Deno
 * and Bun adapters read them under the same names), turned into one validated configuration.
 * Every default lives here.
 */
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
  SANDBOX?: string;
  SANDBOX_API_KEY?: string;
  SANDBOX_SIGNATURE_KEY?: string;
  SANDBOX_PLAT_ID?: string;
}

/** What the gateway app needs from its host: variables plus the event database. */
export interface GatewayEnv extends Vars {
  /** The D1 binding on Cloudflare; adapters pass a SQLite database under the same interface. */
  DB: SqlDatabase;
}

/** The development values committed in `.dev.vars`; the sandbox defaults to the same. */
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
  maxBodyBytes: 1024 * 1024,
} as const;

/** The configuration the routes read, parsed once per environment object. */
export interface GatewayConfig {
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
  /** Variables set to something unusable (a URL that does not parse): routes needing them answer 503. */
  invalid: string[];
  creditLimit: { url: string | undefined; static: string | undefined; timeoutMs: number };
  forward: { url: string | undefined; signatureKey: string | undefined; timeoutMs: number; maxAttempts: number; backoffBaseMs: number };
  eventRetentionDays: number;
  sandbox: { enabled: boolean; apiKey: string; signatureKey: string; platId: string };
}

const cache = new WeakMap<object, GatewayConfig>();

/** Reads (and caches per env object) the gateway configuration. Bad numbers fall back to defaults. */
export function readConfig(env: Vars): GatewayConfig {
  const cached = cache.get(env);
  if (cached) return cached;
  const invalid: string[] = [];
  const publicUrl = httpUrl(env.PUBLIC_URL, 'PUBLIC_URL', invalid);
  const config: GatewayConfig = {
    gatewayTokens: list(env.GATEWAY_TOKEN),
    passto: {
      apiKey: text(env.PASSTO_API_KEY),
      signatureKey: text(env.PASSTO_SIGNATURE_KEY),
      previousSignatureKey: text(env.PASSTO_SIGNATURE_KEY_PREVIOUS),
      platId: text(env.PASSTO_PLAT_ID),
      baseUrl: text(env.PASSTO_BASE_URL),
      lang: text(env.PASSTO_LANG),
      timeoutMs: positive(env.PASSTO_TIMEOUT_MS, DEFAULTS.passtoTimeoutMs),
      platIdParam: env.PASSTO_PLAT_ID_PARAM === 'plat_id' ? 'plat_id' : 'platId',
      customerNoField: env.PASSTO_CUSTOMER_NO_FIELD === 'customer_no' ? 'customer_no' : 'custom_no',
    },
    publicUrl: publicUrl?.href.replace(/\/+$/, ''),
    publicPathPrefix: publicUrl ? publicUrl.pathname.replace(/\/+$/, '') : '',
    invalid,
    creditLimit: {
      url: httpUrl(env.CREDIT_LIMIT_URL, 'CREDIT_LIMIT_URL', invalid)?.href,
      static: text(env.CREDIT_LIMIT_STATIC),
      timeoutMs: positive(env.CREDIT_LIMIT_TIMEOUT_MS, DEFAULTS.creditLimitTimeoutMs),
    },
    forward: {
      url: text(env.FORWARD_URL),
      signatureKey: text(env.FORWARD_SIGNATURE_KEY),
      timeoutMs: positive(env.FORWARD_TIMEOUT_MS, DEFAULTS.forwardTimeoutMs),
      maxAttempts: positive(env.FORWARD_MAX_ATTEMPTS, DEFAULTS.forwardMaxAttempts),
      backoffBaseMs: nonNegative(env.FORWARD_BACKOFF_BASE_MS, DEFAULTS.forwardBackoffBaseMs),
    },
    eventRetentionDays: positive(env.EVENT_RETENTION_DAYS, DEFAULTS.eventRetentionDays),
    sandbox: {
      enabled: env.SANDBOX === 'on' || env.SANDBOX === 'true' || env.SANDBOX === '1',
      apiKey: text(env.SANDBOX_API_KEY) ?? DEV.PASSTO_API_KEY,
      signatureKey: text(env.SANDBOX_SIGNATURE_KEY) ?? DEV.PASSTO_SIGNATURE_KEY,
      platId: text(env.SANDBOX_PLAT_ID) ?? DEV.PASSTO_PLAT_ID,
    },
  };
  cache.set(env, config);
  return config;
}

/** A set http(s) URL, parsed; a value that is not one is noted in `invalid` and treated as unset. */
function httpUrl(value: string | undefined, name: string, invalid: string[]): URL | undefined {
  const given = text(value);
  if (given === undefined) return undefined;
  try {
    const url = new URL(given);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {}
  invalid.push(name);
  return undefined;
}

function text(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n > 0 ? n : fallback;
}

function nonNegative(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n >= 0 ? n : fallback;
}
