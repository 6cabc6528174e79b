/**
 * Webhook envelopes and the `data` of each documented event type (platform spec, "Inbound:
 * webhook events", the table of types). Every object is loose: PassTo may add fields and types,
 * and a receiver must keep them (forward compatible), so unknown fields and unknown types pass
 * through untouched. Amounts stay decimal strings. Fields the docs mark optional also accept
 * `null`: a backend written in Java or Go often serializes an absent `remark` as `null`, and
 * refusing such a signed event would make PassTo retry it until it drops it.
 */
import * as v from 'valibot';
import { decodeMerchantName } from '../decode-merchant-name.ts';
import { DecimalStringSchema } from './amount.ts';

// The schemas' types are written out (JSR needs explicit types on exported constants), built
// from these names so that each documented field reads as it does in the schema below.
type Str = v.StringSchema<undefined>;
type Nullish<S extends v.GenericSchema> = v.NullishSchema<S, undefined>;
/** A payment's `data`: a loose object whose output gains `merchant_name_decoded`. */
type PaymentDataSchema<E extends v.ObjectEntries> = v.SchemaWithPipe<
  readonly [
    v.LooseObjectSchema<E, undefined>,
    v.TransformAction<v.InferOutput<v.LooseObjectSchema<E, undefined>>, v.InferOutput<v.LooseObjectSchema<E, undefined>> & { merchant_name_decoded: string }>,
  ]
>;

/** A decimal amount, or the empty string where the spec documents an empty amount. */
const EmptyOrDecimalSchema: v.SchemaWithPipe<readonly [Str, v.RegexAction<string, 'a decimal string or ""'>]> = v.pipe(v.string(), v.regex(/^(-?\d+(\.\d+)?)?$/, 'a decimal string or ""'));

/** Milliseconds since the epoch, as a number or a string of digits. */
const MillisecondsSchema: v.UnionSchema<
  [
    v.SchemaWithPipe<readonly [v.NumberSchema<undefined>, v.IntegerAction<number, undefined>, v.MinValueAction<number, 0, undefined>]>,
    v.SchemaWithPipe<readonly [Str, v.RegexAction<string, undefined>]>,
  ],
  'a millisecond timestamp (number or digit string)'
> = v.union(
  [v.pipe(v.number(), v.integer(), v.minValue(0)), v.pipe(v.string(), v.regex(/^\d+$/))],
  'a millisecond timestamp (number or digit string)',
);

/** Adds `merchant_name_decoded`: the percent-decoded `merchant_name` (raw text when malformed). */
function withDecodedMerchantName<T extends { merchant_name?: string | null | undefined }>(data: T): T & { merchant_name_decoded: string } {
  return { ...data, merchant_name_decoded: decodeMerchantName(data.merchant_name ?? '') };
}

/** `PAY_SUCCESS` data: a payment went through (it may be delivered several times). */
export const PaySuccessDataSchema: PaymentDataSchema<{
  readonly tag: Str;
  readonly token: Str;
  readonly amount: typeof DecimalStringSchema;
  readonly currency: Str;
  readonly real_ip: Str;
  readonly order_no: Str;
  readonly trade_time: typeof MillisecondsSchema;
  readonly merchant_name: Str;
  readonly result: Str;
  readonly remark: Nullish<Str>;
}> = v.pipe(
  v.looseObject({
    tag: v.string(),
    token: v.string(),
    amount: DecimalStringSchema,
    currency: v.string(),
    real_ip: v.string(),
    order_no: v.string(),
    trade_time: MillisecondsSchema,
    merchant_name: v.string(),
    /** `"success"`; kept a plain string so an unexpected spelling never loses a payment. */
    result: v.string(),
    remark: v.nullish(v.string()),
  }),
  v.transform(withDecodedMerchantName),
);

/** `PAY_FAILED` data: as `PAY_SUCCESS`, with `result` `"fail"` and an empty amount and order. */
export const PayFailedDataSchema: PaymentDataSchema<{
  readonly tag: Str;
  readonly token: Str;
  readonly amount: Nullish<typeof EmptyOrDecimalSchema>;
  readonly currency: Nullish<Str>;
  readonly real_ip: Str;
  readonly order_no: Nullish<Str>;
  readonly trade_time: typeof MillisecondsSchema;
  readonly merchant_name: Nullish<Str>;
  readonly result: Str;
  readonly remark: Nullish<Str>;
}> = v.pipe(
  v.looseObject({
    tag: v.string(),
    token: v.string(),
    amount: v.nullish(EmptyOrDecimalSchema),
    currency: v.nullish(v.string()),
    real_ip: v.string(),
    order_no: v.nullish(v.string()),
    trade_time: MillisecondsSchema,
    merchant_name: v.nullish(v.string()),
    result: v.string(),
    remark: v.nullish(v.string()),
  }),
  v.transform(withDecodedMerchantName),
);

/** `REFUND` data: money went back (it may be delivered several times). */
export const RefundDataSchema: PaymentDataSchema<{
  readonly tag: Str;
  readonly token: Str;
  readonly amount: typeof DecimalStringSchema;
  readonly currency: Str;
  readonly real_ip: Str;
  readonly order_no: Str;
  readonly trade_time: typeof MillisecondsSchema;
  readonly charge_order_no: Str;
  readonly merchant_name: Str;
  readonly remark: Nullish<Str>;
}> = v.pipe(
  v.looseObject({
    tag: v.string(),
    token: v.string(),
    amount: DecimalStringSchema,
    currency: v.string(),
    real_ip: v.string(),
    order_no: v.string(),
    trade_time: MillisecondsSchema,
    charge_order_no: v.string(),
    merchant_name: v.string(),
    remark: v.nullish(v.string()),
  }),
  v.transform(withDecodedMerchantName),
);

/** `PAY_TIMEOUT` data: the payment ended unpaid; amount, currency and the numbers are empty. */
export const PayTimeoutDataSchema: PaymentDataSchema<{
  readonly tag: Str;
  readonly token: Str;
  readonly trade_time: typeof MillisecondsSchema;
  readonly real_ip: Str;
  readonly remark: Nullish<Str>;
  readonly amount: Nullish<typeof EmptyOrDecimalSchema>;
  readonly currency: Nullish<Str>;
  readonly order_no: Nullish<Str>;
  readonly merchant_name: Nullish<Str>;
  readonly charge_order_no: Nullish<Str>;
}> = v.pipe(
  v.looseObject({
    tag: v.string(),
    token: v.string(),
    trade_time: MillisecondsSchema,
    real_ip: v.string(),
    remark: v.nullish(v.string()),
    amount: v.nullish(EmptyOrDecimalSchema),
    currency: v.nullish(v.string()),
    order_no: v.nullish(v.string()),
    merchant_name: v.nullish(v.string()),
    charge_order_no: v.nullish(v.string()),
  }),
  v.transform(withDecodedMerchantName),
);

/** `SESSION_RENEWAL` data: the user's `customer_token` was renewed. */
export const SessionRenewalDataSchema: v.LooseObjectSchema<{ readonly token: Str; readonly timestamp: typeof MillisecondsSchema }, undefined> = v.looseObject({ token: v.string(), timestamp: MillisecondsSchema });

/** The `data` of types whose fields the spec does not document: any object. */
// biome-ignore lint/complexity/noBannedTypes: no documented entries: `{}` is valibot's own type for `looseObject({})`.
export const UndocumentedDataSchema: v.LooseObjectSchema<{}, undefined> = v.looseObject({});

/**
 * An `event_id`: a JSON string or number. Its identity is the event key read from the raw body
 * (`src/event-key.ts`), never this parsed value: a number past 2^53 is not exact here.
 */
export const EventIdSchema: v.UnionSchema<[Str, v.NumberSchema<undefined>], 'a string or a number (the event id)'> = v.union([v.string(), v.number()], 'a string or a number (the event id)');

/** The envelope fields every delivery carries. */
const ENVELOPE = {
  platform_id: v.union([v.string(), v.number()], 'a string or a number'),
  /** 0 on the first delivery, then 1, 2, ... on retries. */
  retry: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Unique per event: the deduplication key. */
  event_id: EventIdSchema,
};

/** The schema of one documented type: the envelope, `type` the literal, `data` checked by `D`. */
type EventSchema<T extends string, D extends v.GenericSchema> = v.LooseObjectSchema<
  {
    readonly type: v.LiteralSchema<T, undefined>;
    readonly platform_id: v.UnionSchema<[Str, v.NumberSchema<undefined>], 'a string or a number'>;
    readonly retry: v.SchemaWithPipe<readonly [v.NumberSchema<undefined>, v.IntegerAction<number, undefined>, v.MinValueAction<number, 0, undefined>]>;
    readonly event_id: typeof EventIdSchema;
    readonly data: D;
  },
  undefined
>;

function eventSchema<const T extends string, const D extends v.GenericSchema>(type: T, data: D): EventSchema<T, D> {
  return v.looseObject({ type: v.literal(type), ...ENVELOPE, data });
}

/** One schema per documented type, keyed by type. */
export const WEBHOOK_EVENT_SCHEMAS: {
  readonly PAY_START: EventSchema<'PAY_START', typeof UndocumentedDataSchema>;
  readonly ASSIGN_SUCCESS: EventSchema<'ASSIGN_SUCCESS', typeof UndocumentedDataSchema>;
  readonly ASSIGN_FAILED: EventSchema<'ASSIGN_FAILED', typeof UndocumentedDataSchema>;
  readonly GET_BARCODE_SUCCESS: EventSchema<'GET_BARCODE_SUCCESS', typeof UndocumentedDataSchema>;
  readonly GET_BARCODE_FAILED: EventSchema<'GET_BARCODE_FAILED', typeof UndocumentedDataSchema>;
  readonly PAY_SUCCESS: EventSchema<'PAY_SUCCESS', typeof PaySuccessDataSchema>;
  readonly PAY_FAILED: EventSchema<'PAY_FAILED', typeof PayFailedDataSchema>;
  readonly REFUND: EventSchema<'REFUND', typeof RefundDataSchema>;
  readonly PAY_TIMEOUT: EventSchema<'PAY_TIMEOUT', typeof PayTimeoutDataSchema>;
  readonly PAY_FINISH: EventSchema<'PAY_FINISH', typeof UndocumentedDataSchema>;
  readonly SESSION_RENEWAL: EventSchema<'SESSION_RENEWAL', typeof SessionRenewalDataSchema>;
} = {
  PAY_START: eventSchema('PAY_START', UndocumentedDataSchema),
  ASSIGN_SUCCESS: eventSchema('ASSIGN_SUCCESS', UndocumentedDataSchema),
  ASSIGN_FAILED: eventSchema('ASSIGN_FAILED', UndocumentedDataSchema),
  GET_BARCODE_SUCCESS: eventSchema('GET_BARCODE_SUCCESS', UndocumentedDataSchema),
  GET_BARCODE_FAILED: eventSchema('GET_BARCODE_FAILED', UndocumentedDataSchema),
  PAY_SUCCESS: eventSchema('PAY_SUCCESS', PaySuccessDataSchema),
  PAY_FAILED: eventSchema('PAY_FAILED', PayFailedDataSchema),
  REFUND: eventSchema('REFUND', RefundDataSchema),
  PAY_TIMEOUT: eventSchema('PAY_TIMEOUT', PayTimeoutDataSchema),
  PAY_FINISH: eventSchema('PAY_FINISH', UndocumentedDataSchema),
  SESSION_RENEWAL: eventSchema('SESSION_RENEWAL', SessionRenewalDataSchema),
} as const;

/** A documented event type. */
export type WebhookEventType = keyof typeof WEBHOOK_EVENT_SCHEMAS;

/** The documented event types, in the spec's order. */
export const WEBHOOK_EVENT_TYPES: WebhookEventType[] = Object.keys(WEBHOOK_EVENT_SCHEMAS) as WebhookEventType[];

/** The event of one documented type, as `verifyWebhook` returns it. */
export type WebhookEventOf<T extends WebhookEventType> = v.InferOutput<(typeof WEBHOOK_EVENT_SCHEMAS)[T]>;

/** The `data` PassTo sends for one documented type (input side: no `merchant_name_decoded`). */
export type WebhookEventDataInput<T extends WebhookEventType> = v.InferInput<(typeof WEBHOOK_EVENT_SCHEMAS)[T]>['data'];

/** An event of a documented type. */
export type KnownWebhookEvent = { [T in WebhookEventType]: WebhookEventOf<T> }[WebhookEventType];

declare const unknownEventType: unique symbol;
/**
 * The `type` of an event this version does not know. At run time it is a plain string; it is
 * typed apart from `string` only so that `switch (event.type)` narrows the known cases. Use
 * `String(event.type)` where a `string` is needed.
 */
// biome-ignore lint/complexity/noBannedTypes: `String`, unlike `string`, is not comparable to the known literals, which is what lets `switch` narrow.
export type UnknownWebhookEventType = String & { readonly [unknownEventType]: true };

/** An event of a type PassTo added after this version: the envelope, `data` untouched. */
export interface UnknownWebhookEvent {
  type: UnknownWebhookEventType;
  platform_id: string | number;
  retry: number;
  event_id: string | number;
  data?: unknown;
  [field: string]: unknown;
}

/**
 * Any verified webhook event. `switch (event.type)` narrows to the documented types; the
 * `default` branch holds the types PassTo may add later.
 *
 * @example
 * ```ts
 * switch (event.type) {
 *   case 'PAY_SUCCESS': return credit(event.data.order_no, event.data.amount);
 *   case 'REFUND': return debit(event.data.charge_order_no, event.data.amount);
 *   default: return; // keep, but nothing to do
 * }
 * ```
 */
export type WebhookEvent = KnownWebhookEvent | UnknownWebhookEvent;

/**
 * A signed event checked for nothing but its `event_id` (a string or a number): everything else,
 * `type`, `platform_id`, `retry` and `data` included, exactly as PassTo sent it, of any JSON type
 * (a Java backend writes `"type": null`). `type` is `unknown` here, so narrowing
 * `event.type === 'PAY_SUCCESS'` on a `WebhookEvent | UncheckedWebhookEvent` still leaves `data`
 * `unknown`: the compiler makes you check it (`isWebhookEvent`) before trusting the documented fields.
 */
export interface UncheckedWebhookEvent {
  type?: unknown;
  platform_id?: unknown;
  retry?: unknown;
  event_id: string | number;
  data?: unknown;
  [field: string]: unknown;
}

/**
 * What a store-everything receiver requires of a signed body: a JSON object with an `event_id`.
 * Nothing else is checked, so no signed event is refused, and so lost, because its envelope or
 * `data` drifted from the documentation. The gateway stores by this rule.
 */
export const WebhookEnvelopeSchema: v.GenericSchema<unknown, UncheckedWebhookEvent> = v.looseObject({ event_id: EventIdSchema });

/** The envelope of a type this version does not know, checked as documented. */
const UnknownEventSchema = v.looseObject({
  type: v.pipe(v.string(), v.minLength(1, 'a non-empty string')),
  ...ENVELOPE,
  data: v.optional(v.unknown()),
});

/**
 * A webhook envelope of any type: the documented types are checked against their own schema,
 * any other type only for the envelope fields. Output: a `WebhookEvent`.
 */
export const WebhookEventSchema: v.GenericSchema<unknown, WebhookEvent> = v.lazy((input): v.GenericSchema<unknown, WebhookEvent> => {
  const type = typeof input === 'object' && input !== null ? (input as { type?: unknown }).type : undefined;
  return typeof type === 'string' && Object.hasOwn(WEBHOOK_EVENT_SCHEMAS, type)
    ? WEBHOOK_EVENT_SCHEMAS[type as WebhookEventType]
    : // A type this version does not know: the envelope is all there is to check.
      (UnknownEventSchema as unknown as v.GenericSchema<unknown, UnknownWebhookEvent>);
});

/**
 * True when `event` is a `WebhookEvent`: a documented type whose `data` matches its schema, or a
 * type this version does not know. Narrows the `UncheckedWebhookEvent` of
 * `verifyWebhook(request, {keys, validateData: false})` (in `passto/hono`, `delivery.checked`
 * says it already). On such an event it is exact; to turn raw JSON into a `WebhookEvent` (with
 * `merchant_name_decoded`), parse it with `WebhookEventSchema` instead.
 *
 * @example
 * ```ts
 * import { isWebhookEvent } from 'passto';
 * if (isWebhookEvent(event) && event.type === 'PAY_SUCCESS') await markPaid(event.data.order_no);
 * ```
 */
export function isWebhookEvent(event: unknown): event is WebhookEvent {
  return v.is(WebhookEventSchema, event);
}

/** True when `event` has one of the documented types (narrows to `KnownWebhookEvent`). */
export function isKnownWebhookEvent(event: WebhookEvent): event is KnownWebhookEvent {
  return typeof event.type === 'string' && Object.hasOwn(WEBHOOK_EVENT_SCHEMAS, event.type);
}
