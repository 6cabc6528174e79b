/**
 * The credit-limit call and its answer (platform spec, "Inbound: the platform's credit-limit
 * endpoint"). The answer's shape lives here only: the docs' revisions disagree on it (one names
 * the list `available_cards`, another drops the `data` wrapper), so a change is one edit.
 */
import * as v from 'valibot';
import { DigitsSchema } from '../format-amount.ts';
import { AmountSchema } from './amount.ts';

/** The type PassTo sends when it asks for the user's credit limit. */
export const CREDIT_LIMIT_REQUEST_TYPE = 'GET_DEFAULT_ACCOUNT_CREDIT_LIMIT';

/** The body PassTo sends: `{"type": "GET_DEFAULT_ACCOUNT_CREDIT_LIMIT", "data": {"tag", "currency", "digits"}}`. */
export const CreditLimitRequestBodySchema: v.LooseObjectSchema<
  {
    readonly type: v.LiteralSchema<typeof CREDIT_LIMIT_REQUEST_TYPE, undefined>;
    readonly data: v.LooseObjectSchema<
      { readonly tag: v.OptionalSchema<v.StringSchema<undefined>, ''>; readonly currency: v.StringSchema<undefined>; readonly digits: typeof DigitsSchema },
      undefined
    >;
  },
  undefined
> = v.looseObject({
  type: v.literal(CREDIT_LIMIT_REQUEST_TYPE),
  data: v.looseObject({
    /** The tag of the entry wanted; `""` when PassTo has none in mind. */
    tag: v.optional(v.string(), ''),
    currency: v.string(),
    /** Decimal places of the amounts to return. */
    digits: DigitsSchema,
  }),
});

/** One entry of the answer: an amount the user may spend, with an icon URL and HTML for the cashier. */
export const CreditLimitInputSchema: v.ObjectSchema<
  {
    readonly tag: v.StringSchema<undefined>;
    readonly amount: v.SchemaWithPipe<readonly [typeof AmountSchema, v.CheckAction<string, 'a non-negative amount (a credit limit is never negative)'>]>;
    readonly currency: v.StringSchema<undefined>;
    readonly icon: v.StringSchema<undefined>;
    readonly input: v.StringSchema<undefined>;
  },
  undefined
> = v.object({
  tag: v.string(),
  /**
   * A decimal string (or a finite number without exponent), at least zero: a credit limit is never
   * negative. Written at the requested `digits`, extra places cut off (`formatAmount`).
   */
  amount: v.pipe(
    AmountSchema,
    v.check((amount) => !amount.startsWith('-'), 'a non-negative amount (a credit limit is never negative)'),
  ),
  currency: v.string(),
  /** A URL of the icon shown in the cashier. */
  icon: v.string(),
  /** HTML shown in the cashier, in the user's `lang`. */
  input: v.string(),
});

/** What a platform answers: the picked tag and the entries. */
export const CreditLimitSchema: v.ObjectSchema<
  { readonly tag: v.StringSchema<undefined>; readonly inputs: v.ArraySchema<typeof CreditLimitInputSchema, undefined> },
  undefined
> = v.object({
  tag: v.string(),
  inputs: v.array(CreditLimitInputSchema),
});

/** The user's credit limit, as given to `creditLimitResponse`. */
export type CreditLimit = v.InferInput<typeof CreditLimitSchema>;

/** One entry of a `CreditLimit`. */
export type CreditLimitInput = v.InferInput<typeof CreditLimitInputSchema>;

/** The answer on the wire: `{"data": {"tag", "inputs": [{tag, amount, currency, icon, input}]}}`. */
export interface CreditLimitResponseBody {
  data: {
    tag: string;
    inputs: { tag: string; amount: string; currency: string; icon: string; input: string }[];
  };
}
