/**
 * The results of `checkWebhookReceiver` and `checkCreditLimitEndpoint` (`passto/testing`): one
 * result per rule of the platform spec, with the evidence it was judged on, and the rules no
 * request can judge from outside (listed so a report says what the platform must test itself).
 */

/** How a rule came out: `not-checkable` rules are listed for the platform to test itself. */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'not-checkable';

/** What one request of a rule got back: the answer that decided the rule. */
export interface CheckEvidence {
  /** The HTTP status; `null` when no answer came (see `error`). */
  status: number | null;
  /** Milliseconds from sending to the whole answer read. */
  ms: number;
  /** The start of the answer's body (at most 200 characters; the key is never in it). */
  bodyExcerpt: string;
  /** Why there is no answer: `timeout` or `network`. */
  error?: 'timeout' | 'network';
  /** What was sent, in a few words (`PAY_SUCCESS retry 1`, `digits 4 currency USD`...). */
  sent: string;
  /** How many requests the rule sent. */
  requests: number;
}

/** One rule's result. */
export interface CheckResult {
  /** A stable id, for scripts and for `--json` (`forgery.wrong-key`). */
  id: string;
  title: string;
  /** The section of the platform spec the rule comes from. */
  specSection: string;
  /** A failed required rule fails the check (and `passto check` exits 1). */
  required: boolean;
  status: CheckStatus;
  /** The answer that decided the rule; absent for a rule that sent nothing. */
  evidence?: CheckEvidence;
  /** Why it passed or failed; for a `not-checkable` rule, what to test yourself. */
  detail: string;
}

/** Counts of each status, and whether every required rule held. */
export interface CheckSummary {
  pass: number;
  fail: number;
  warn: number;
  notCheckable: number;
  /** True when no required rule failed. */
  ok: boolean;
}

/** What a check returns. */
export interface CheckReport {
  /** What was checked: `webhook receiver` or `credit-limit endpoint`. */
  subject: string;
  /** The URL checked, or `fetch handler`. */
  target: string;
  results: CheckResult[];
  summary: CheckSummary;
}

/** A rule before it is judged: where it comes from. */
export interface CheckRule {
  id: string;
  title: string;
  specSection: string;
  required: boolean;
}

/** A rule no request can judge from outside, and what the platform should test itself. */
export interface UncheckableRule extends CheckRule {
  detail: string;
}

const WEBHOOKS = 'Inbound: webhook events';

/** The webhook receiver's duties that an outside check cannot see. */
export const WEBHOOK_NOT_CHECKABLE: readonly UncheckableRule[] = [
  {
    id: 'processed-once',
    title: 'A retry or a duplicate is processed once',
    specSection: WEBHOOKS,
    required: false,
    detail: 'a 200 to a copy does not show whether it was processed again: deliver one event_id twice in your tests and assert one side effect',
  },
  {
    id: 'durable-before-200',
    title: '200 only once the event is stored durably',
    specSection: WEBHOOKS,
    required: false,
    detail: 'make your store fail in a test and assert the receiver answers 5xx, not 200 (PassTo retries only a non-200)',
  },
  {
    id: 'order-state',
    title: 'PAY_SUCCESS after PAY_TIMEOUT marks the order paid',
    specSection: WEBHOOKS,
    required: false,
    detail: 'the checker sees only the 200: assert in your tests that the order ends paid, whatever the arrival order',
  },
  {
    id: 'unknown-fields-kept',
    title: 'Unknown types and fields are kept, not dropped',
    specSection: WEBHOOKS,
    required: false,
    detail: 'store the raw body as received and assert an unknown field survives the round trip',
  },
  {
    id: 'timestamp-not-trusted',
    title: 'The unsigned timestamp header is not trusted',
    specSection: WEBHOOKS,
    required: false,
    detail: 'the timestamp header is not signed: deduplicate by event_id, and never refuse or accept a delivery on its timestamp alone',
  },
];

const CREDIT_LIMIT = "Inbound: the platform's credit-limit endpoint";

/** The credit-limit endpoint's duties that an outside check cannot see. */
export const CREDIT_LIMIT_NOT_CHECKABLE: readonly UncheckableRule[] = [
  {
    id: 'true-credit',
    title: "The amount is the user's true available credit",
    specSection: CREDIT_LIMIT,
    required: false,
    detail: 'without expectAmount (--expect-amount) the checker cannot know it: assert it against your ledger in your tests',
  },
  {
    id: 'input-in-lang',
    title: "`input` HTML is in the user's lang and safe to show",
    specSection: CREDIT_LIMIT,
    required: false,
    detail: 'review the HTML per lang; escape any user data you put in it',
  },
  {
    id: 'token-bound',
    title: 'The answer belongs to the user of the `token` header',
    specSection: CREDIT_LIMIT,
    required: false,
    detail: "assert in your tests that one user's token never returns another user's credit",
  },
];

/**
 * Counts `results` and tells whether every required rule held.
 *
 * @example
 * ```ts
 * summarizeChecks([{ ..., required: true, status: 'fail' }]).ok; // false
 * ```
 */
export function summarizeChecks(results: readonly CheckResult[]): CheckSummary {
  const count = (status: CheckStatus) => results.filter((r) => r.status === status).length;
  return {
    pass: count('pass'),
    fail: count('fail'),
    warn: count('warn'),
    notCheckable: count('not-checkable'),
    ok: !results.some((r) => r.required && r.status === 'fail'),
  };
}

/** The `not-checkable` results of `rules`. */
export function notCheckableResults(rules: readonly UncheckableRule[]): CheckResult[] {
  return rules.map((rule) => ({ ...rule, status: 'not-checkable' as const }));
}
