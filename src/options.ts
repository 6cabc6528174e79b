/**
 * The client's options and all their defaults, in one place, checked once when the client is
 * created (a bad configuration throws there, not on the first request).
 */
import { HEADER_MESSAGE, isHeaderValue } from './header-value.ts';
import { DEFAULT_LANG } from './lang.ts';
import { MAX_WAIT, type RetryOptions, type RetryPolicy } from './retry.ts';

/** Production API base (platform spec, "Actors and the flow"). */
export const DEFAULT_BASE_URL = 'https://cashier.passto.credit/api';
/** Time one attempt may take, in milliseconds. */
const DEFAULT_TIMEOUT = 10_000;
/** Time a whole call may take, retries and waits included, in milliseconds. */
const DEFAULT_DEADLINE = 30_000;
/** Two retries, the first after up to 300 ms, then up to 600 ms, never more than 5 s. */
const DEFAULT_RETRY: RetryPolicy = { limit: 2, baseDelay: 300, maxDelay: 5_000 };
/** The seed's query parameter name (platform spec, "Decision (query parameter)"). */
const DEFAULT_PLAT_ID_PARAM = 'platId';
/** The seed table's name of the number field (platform spec, "Decision (number field)"). */
const DEFAULT_CUSTOMER_NO_FIELD = 'custom_no';

/** What `createClient` takes. */
export interface ClientOptions {
  /** The platform id issued in the PassTo admin console. */
  platId: string;
  /** The `api-key` issued in the PassTo admin console. */
  apiKey: string;
  /** The signature key issued in the PassTo admin console. */
  signatureKey: string;
  /**
   * API base; default `https://cashier.passto.credit/api`. A trailing slash is tolerated; a query,
   * a fragment or credentials are refused (the paths are appended to it).
   */
  baseUrl?: string;
  /** The `lang` header; default `en-US`. Each call may override it. */
  lang?: string;
  /** The fetch to use; default the runtime's `globalThis.fetch`, looked up at each call. */
  fetch?: typeof globalThis.fetch;
  /**
   * Retries of failures that are safe to retry: a number of retries (`0` turns retrying off) or
   * `{ limit, baseDelay, maxDelay }`. Default `{ limit: 2, baseDelay: 300, maxDelay: 5000 }`.
   */
  retry?: number | RetryOptions;
  /** Milliseconds one attempt may take; default 10 000, at most 2147483647 (a timer's limit). */
  timeout?: number;
  /**
   * Milliseconds a whole call may take, retries included; default 30 000, at most 2147483647. When it runs out during
   * an attempt the call rejects with TimeoutError (scope `deadline`); when the wait before a retry
   * (backoff or `Retry-After`) would reach it, the call rejects at once with the last failure.
   */
  deadline?: number;
  /**
   * Name of the query parameter carrying the platform id: the seed's `platId` (default) or the
   * later documentation's `plat_id` (platform spec, "Decision (query parameter)").
   */
  platIdParam?: 'platId' | 'plat_id';
  /**
   * Name under which the number field is SENT: the seed table's `custom_no` (default) or
   * `customer_no`, which the seed's code example and PassTo's signing example use. The input
   * object always says `custom_no` (platform spec, "Decision (number field)").
   */
  customerNoField?: 'custom_no' | 'customer_no';
}

/** The options after checking, with every default filled in. */
export interface ResolvedOptions {
  platId: string;
  apiKey: string;
  signatureKey: string;
  baseUrl: string;
  lang: string;
  fetch: typeof globalThis.fetch | undefined;
  retry: RetryPolicy;
  timeout: number;
  deadline: number;
  platIdParam: 'platId' | 'plat_id';
  customerNoField: 'custom_no' | 'customer_no';
}

/** Checks the options (naming a bad one, never echoing its value) and fills in the defaults. */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  const o: Partial<ClientOptions> = options && typeof options === 'object' ? options : {};
  const baseUrl = o.baseUrl ?? DEFAULT_BASE_URL;
  let base: URL | undefined;
  try {
    base = new URL(baseUrl);
  } catch {}
  // The paths are appended to the base: a query, a fragment or credentials would end up before them.
  if (!base || !/^https?:\/\/[^/]/i.test(baseUrl) || base.search + base.hash + base.username + base.password) {
    invalid('baseUrl', 'an http(s) URL without query, fragment or credentials');
  }
  if (o.fetch !== undefined && typeof o.fetch !== 'function') invalid('fetch', 'a function');
  return {
    platId: urlEncodable(o.platId, 'platId'),
    apiKey: headerValue(o.apiKey, 'apiKey'),
    signatureKey: nonEmpty(o.signatureKey, 'signatureKey'),
    baseUrl: (base!.origin + base!.pathname).replace(/\/+$/, ''),
    lang: headerValue(o.lang ?? DEFAULT_LANG, 'lang'),
    fetch: o.fetch,
    retry: retryPolicy(o.retry),
    timeout: positive(o.timeout ?? DEFAULT_TIMEOUT, 'timeout'),
    deadline: positive(o.deadline ?? DEFAULT_DEADLINE, 'deadline'),
    platIdParam: oneOf(o.platIdParam ?? DEFAULT_PLAT_ID_PARAM, ['platId', 'plat_id'], 'platIdParam'),
    customerNoField: oneOf(o.customerNoField ?? DEFAULT_CUSTOMER_NO_FIELD, ['custom_no', 'customer_no'], 'customerNoField'),
  };
}

/**
 * Throws for a bad option: a TypeError for a wrong type, a RangeError for a wrong value. The
 * message names the option and what it must be, never the value given (it may be a key).
 */
function invalid(name: string, must: string, range?: boolean): never {
  throw new (range ? RangeError : TypeError)(`createClient: option \`${name}\` must be ${must}`);
}

/** Checks `retry` (a number of retries or an object) and fills in the defaults field by field. */
function retryPolicy(retry: number | RetryOptions | undefined): RetryPolicy {
  const given: RetryOptions | undefined = typeof retry === 'number' ? { limit: retry } : retry;
  if (given !== undefined && typeof given !== 'object') invalid('retry', 'a number or an object');
  const policy = { ...DEFAULT_RETRY };
  for (const name of ['limit', 'baseDelay', 'maxDelay'] as const) {
    // A field given as undefined takes its default, as a missing one does.
    const value = given?.[name] ?? policy[name];
    policy[name] = value;
    if (!(typeof value === 'number' && value >= 0 && value <= MAX_WAIT)) invalid(`retry.${name}`, `a number from 0 to ${MAX_WAIT}`, true);
  }
  if (!Number.isInteger(policy.limit)) invalid('retry.limit', 'an integer', true);
  return policy;
}

function nonEmpty(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') invalid(name, 'a non-empty string');
  return value as string;
}

// Sent as a header: see HEADER_VALUE for why the value is checked before any runtime sees it.
function headerValue(value: unknown, name: string): string {
  if (!isHeaderValue(value)) invalid(name, HEADER_MESSAGE);
  return value as string;
}

// Sent URL-encoded in the query: encodeURIComponent throws a bare URIError on a lone surrogate.
function urlEncodable(value: unknown, name: string): string {
  const text = nonEmpty(value, name);
  try {
    encodeURIComponent(text);
  } catch {
    invalid(name, 'a well-formed string (no lone surrogate)');
  }
  return text;
}

// setTimeout fires at once for a delay over MAX_WAIT.
function positive(value: unknown, name: string): number {
  if (!(typeof value === 'number' && value > 0 && value <= MAX_WAIT)) invalid(name, `a number of milliseconds > 0 and <= ${MAX_WAIT}`, true);
  return value as number;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
  if (!allowed.includes(value as T)) invalid(name, `'${allowed.join("' or '")}'`, true);
  return value as T;
}
