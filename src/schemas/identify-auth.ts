/**
 * identify/auth: the request body as the SDK takes it and the response as PassTo sends it
 * (platform spec, "Outbound: identify/auth"). Input objects use the seed's wire names.
 */
import * as v from 'valibot';
import { AmountSchema } from './amount.ts';
import { type EnvelopeSchemaOf, envelopeOf, HttpUrlSchema } from './envelope.ts';

/** A non-empty string; `text` says what is expected. */
type Required = v.SchemaWithPipe<readonly [v.StringSchema<'a string'>, v.NonEmptyAction<string, string>]>;
const required = (text: string): Required => v.pipe(v.string('a string'), v.nonEmpty(text));

/** The message of a missing key and of a non-object alike: the object's own. */
type ObjectMessage = (issue: v.BaseIssue<unknown>) => 'an object' | 'required';
const objectMessage: ObjectMessage = (issue) => (issue.expected === 'Object' ? 'an object' : 'required');
// Unknown keys are refused (a typo would otherwise be dropped silently); every one is reported.
const unknownKey: v.NeverSchema<'unknown field'> = v.never('unknown field');

const cardEntries: {
  tag: v.StringSchema<'a string'>;
  amount: typeof AmountSchema;
  currency: Required;
  icon: v.StringSchema<'a string'>;
  input: v.StringSchema<'a string'>;
} = {
  tag: v.string('a string'),
  amount: AmountSchema,
  currency: required('a currency code'),
  icon: v.string('a string'),
  input: v.string('a string'),
};
/** One entry of `credit_limit_available_cards`: `input` is HTML shown in the cashier, `icon` a URL. */
export const CreditLimitCardSchema: v.ObjectWithRestSchema<typeof cardEntries, typeof unknownKey, ObjectMessage> = v.objectWithRest(
  cardEntries,
  unknownKey,
  objectMessage,
);

/**
 * How far in the past a `token_expire` may be and still be sent: 60 s, the clock skew tolerated
 * between the platform's clock and the one that wrote the expiry. An older one names a token that
 * has already expired, which PassTo would refuse or the cashier could not use.
 *
 * @example
 * ```ts
 * const expired = session.expiresAt < Date.now() - TOKEN_EXPIRE_SKEW_MS; // identify/auth would refuse it
 * ```
 */
export const TOKEN_EXPIRE_SKEW_MS = 60_000;

const isMillisecondTimestamp = (n: number) => n >= 1e12 && n < 1e13;
// Now is read at each parse, not at module load: a long-lived client must see the time advance.
// A malformed value gets the format message alone, not this one as well.
const notExpired = (n: number) => !isTimestamp(n) || n >= Date.now() - TOKEN_EXPIRE_SKEW_MS;
/** True for a 13-digit millisecond timestamp: what `token_expire` must be before its age is checked. */
const isTimestamp = (n: unknown): n is number => Number.isInteger(n) && isMillisecondTimestamp(n as number);

/** True for a `token_expire` the input schema accepts (the input fast path's check). */
export const isTokenExpire = (n: unknown): boolean => isTimestamp(n) && notExpired(n);

const authEntries: {
  custom_no: Required;
  customer_token: Required;
  token_expire: v.SchemaWithPipe<
    readonly [
      v.NumberSchema<'a 13-digit millisecond timestamp'>,
      v.IntegerAction<number, 'a 13-digit millisecond timestamp'>,
      v.CheckAction<number, 'a 13-digit millisecond timestamp'>,
      v.CheckAction<number, 'expired: must not be more than 60 s in the past'>,
    ]
  >;
  callback_url: typeof HttpUrlSchema;
  client_ip: v.SchemaWithPipe<readonly [v.StringSchema<'a string'>, v.IpAction<string, 'an IPv4 or IPv6 address'>]>;
  session_sign: v.OptionalSchema<v.StringSchema<'a string'>, undefined>;
  credit_limit_tag: v.OptionalSchema<v.StringSchema<'a string'>, undefined>;
  credit_limit_available_cards: v.OptionalSchema<v.ArraySchema<typeof CreditLimitCardSchema, 'an array'>, undefined>;
} = {
  custom_no: required('a non-empty string'),
  customer_token: required('a non-empty string'),
  token_expire: v.pipe(
    v.number('a 13-digit millisecond timestamp'),
    v.integer('a 13-digit millisecond timestamp'),
    v.check(isMillisecondTimestamp, 'a 13-digit millisecond timestamp'),
    // The value is never echoed: the message says only what is wrong with it.
    v.check(notExpired, `expired: must not be more than ${TOKEN_EXPIRE_SKEW_MS / 1000} s in the past`),
  ),
  callback_url: HttpUrlSchema,
  client_ip: v.pipe(v.string('a string'), v.ip('an IPv4 or IPv6 address')),
  session_sign: v.optional(v.string('a string')),
  credit_limit_tag: v.optional(v.string('a string')),
  credit_limit_available_cards: v.optional(v.array(CreditLimitCardSchema, 'an array')),
};
/**
 * The identify/auth body, as the SDK takes it: unknown keys are refused (every one named), amounts
 * given as numbers come out as decimal strings.
 */
export const IdentifyAuthInputSchema: v.ObjectWithRestSchema<typeof authEntries, typeof unknownKey, ObjectMessage> = v.objectWithRest(
  authEntries,
  unknownKey,
  objectMessage,
);

/** identify/auth's `data`: the one-time code (32 hex) and the cashier URL to send the user to. */
export const IdentifyAuthDataSchema: v.ObjectWithRestSchema<
  {
    readonly ident_code: v.SchemaWithPipe<readonly [v.StringSchema<'a string'>, v.RegexAction<string, '32 hexadecimal characters'>]>;
    readonly url: typeof HttpUrlSchema;
  },
  v.UnknownSchema,
  'an object'
> = v.objectWithRest(
  {
    ident_code: v.pipe(v.string('a string'), v.regex(/^[0-9a-f]{32}$/i, '32 hexadecimal characters')),
    url: HttpUrlSchema,
  },
  v.unknown(),
  'an object',
);

/** The whole identify/auth response envelope. */
export const IdentifyAuthResponseSchema: EnvelopeSchemaOf<typeof IdentifyAuthDataSchema> = envelopeOf(IdentifyAuthDataSchema);

/** The identify/auth body as the SDK takes it: the seed's wire names (platform spec, "Outbound: identify/auth"). */
export interface IdentifyAuthInput {
  /** Platform-defined unique number. Sent as `custom_no`, or `customer_no` (client option `customerNoField`). */
  custom_no: string;
  /** The platform's session token for this user. A secret: never shown in errors. */
  customer_token: string;
  /**
   * Expiry of `customer_token`, a 13-digit millisecond timestamp. Refused when more than 60 s in
   * the past (`TOKEN_EXPIRE_SKEW_MS`): compute it from now, e.g. `Date.now() + 60 * 60 * 1000`.
   */
  token_expire: number;
  /** The platform's http(s) callback address. */
  callback_url: string;
  /** The user's IPv4 or IPv6 address. */
  client_ip: string;
  /** Same value again: the code issued before is returned; a new value: a new code. */
  session_sign?: string;
  /** Picks the entry of `credit_limit_available_cards` that applies. */
  credit_limit_tag?: string;
  /** Credit-limit data; when given it takes priority over the platform's credit-limit endpoint. */
  credit_limit_available_cards?: CreditLimitCardInput[];
}

/** A credit-limit entry as the SDK takes it. */
export interface CreditLimitCardInput {
  tag: string;
  /** A decimal string (`"10001.23"`), or a finite number without exponent, sent as its decimal string. */
  amount: string | number;
  currency: string;
  /** An icon URL. */
  icon: string;
  /** HTML shown in the cashier. */
  input: string;
}
/** identify/auth's `data`. */
export type IdentifyAuthData = v.InferOutput<typeof IdentifyAuthDataSchema>;
