/**
 * `checkCreditLimitEndpoint`: calls a platform's credit-limit endpoint as PassTo does (platform
 * spec, "Inbound: the platform's credit-limit endpoint": a signed POST of
 * `{"type": "GET_DEFAULT_ACCOUNT_CREDIT_LIMIT", "data": {tag, currency, digits}}` with the
 * `signature`, `token`, `trace`, `lang` and `timestamp` headers) and judges the answers.
 */
import * as v from 'valibot';
import { checkForgeries, type Forgery, type ForgeryVariant, forgeryRules } from './check-forgeries.ts';
import { probeResult as result, type SentProbe } from './check-probe-result.ts';
import { type CheckReport, type CheckResult, type CheckRule, CREDIT_LIMIT_NOT_CHECKABLE, notCheckableResults, summarizeChecks } from './check-rule.ts';
import { CHECK_TARGET_ENTRIES, type CheckTarget, type CheckTargetOptions, openTarget, parseCheckOptions, type Probe, TimeoutSchema } from './check-target.ts';
import { formatAmount } from './format-amount.ts';
import { AmountSchema } from './schemas/amount.ts';
import { toFieldIssues } from './schemas/issues.ts';
import { createSignedCreditLimitRequest, TEST_CUSTOMER_TOKEN } from './signed-test-requests.ts';

/** Options of `checkCreditLimitEndpoint`. */
export interface CheckCreditLimitEndpointOptions extends CheckTargetOptions {
  /** The `token` header: a test user's `customer_token` (default `TEST_CUSTOMER_TOKEN`). Never reported. */
  token?: string;
  /**
   * The test user's true available credit at full precision (`"1234.5678"`): each answered amount
   * must be it cut, never rounded up, to the requested digits. Without it that rule is not checked.
   */
  expectAmount?: string | number;
  /** Milliseconds each answer may take (default 3 000, the gateway's `CREDIT_LIMIT_TIMEOUT_MS`). */
  timeout?: number;
}

/** The defaults of `CheckCreditLimitEndpointOptions`. */
export const CREDIT_LIMIT_CHECK_DEFAULTS = { timeout: 3_000 } as const;

const OptionsSchema = v.object({
  ...CHECK_TARGET_ENTRIES,
  token: v.optional(v.pipe(v.string('a string'), v.minLength(1, 'not empty'))),
  expectAmount: v.optional(AmountSchema),
  timeout: v.optional(TimeoutSchema),
});

/** The questions asked: each `digits` PassTo may ask for, across langs, currencies and tags. */
export const CREDIT_LIMIT_CALLS = [
  { lang: 'en-US', currency: 'CNY', digits: 2, tag: '' },
  { lang: 'zh-CN', currency: 'CNY', digits: 0, tag: '' },
  { lang: 'en-US', currency: 'USD', digits: 4, tag: 'default' },
  { lang: 'zh-CN', currency: 'CNY', digits: 2, tag: 'default' },
] as const;

type Call = (typeof CREDIT_LIMIT_CALLS)[number];

const SECTION = "Inbound: the platform's credit-limit endpoint";

/** The credit-limit check's rules by name. */
export type CreditLimitRuleName = 'answerShape' | 'inputsPresent' | 'amountDigits' | 'iconUrl' | 'expectAmount' | 'answerTime' | Forgery;

/** The rules, in the order they are reported. */
export const CREDIT_LIMIT_RULES: Readonly<Record<CreditLimitRuleName, CheckRule>> = {
  answerShape: { id: 'answer-shape', title: 'HTTP 200 with {data: {tag, inputs: [{tag, amount, currency, icon, input}]}}', specSection: SECTION, required: true },
  inputsPresent: { id: 'inputs-present', title: 'The test user has at least one entry', specSection: SECTION, required: false },
  amountDigits: { id: 'amount-digits', title: 'amount is a decimal string with exactly the requested digits', specSection: SECTION, required: true },
  iconUrl: { id: 'icon-url', title: 'icon is an http(s) URL', specSection: SECTION, required: true },
  expectAmount: { id: 'expect-amount', title: 'amount is the true credit cut (never rounded up) to the digits', specSection: SECTION, required: true },
  answerTime: { id: 'answer-time', title: 'Each answer within the timeout', specSection: SECTION, required: true },
  ...forgeryRules({
    tamperedBody: 'A tampered call is refused',
    wrongKey: 'A call signed with another key is refused',
    otherPath: 'A call signed over another path is refused',
    missingSignature: 'An unsigned call is refused',
  }),
};

const EntrySchema = v.looseObject({
  tag: v.string('a string'),
  amount: v.union([v.string(), v.number()], 'a decimal string'),
  currency: v.string('a string'),
  icon: v.string('a string'),
  input: v.string('a string'),
});
const AnswerSchema = v.looseObject({
  data: v.looseObject({ tag: v.string('a string'), inputs: v.array(EntrySchema, 'an array') }),
});
type Entry = v.InferOutput<typeof EntrySchema>;

/** One call and its answer, read. */
interface Asked extends SentProbe {
  call: Call;
  /** The answer, when it is 200 with the spec's shape. */
  answer?: { tag: string; inputs: Entry[] };
  /** Why it is not (the status, or the first bad fields). */
  problem?: string;
}

/**
 * Checks a credit-limit endpoint from outside: the signed call for digits 0, 2 and 4 across
 * `lang`, `currency` and `tag` values; the answer's shape, each amount's precision, each icon,
 * the answer time, with `expectAmount` each amount's value, and that unsigned or forged calls
 * are refused. Resolves to one result per rule plus the duties no request can see; rejects only
 * on bad options (`ValidationError`).
 *
 * @example
 * ```ts
 * import { checkCreditLimitEndpoint } from 'passto/testing';
 * const report = await checkCreditLimitEndpoint(app.fetch, { key: 'test-key', path: '/passto/limit', expectAmount: '1234.5678' });
 * expect(report.summary.ok).toBe(true);
 * ```
 */
export async function checkCreditLimitEndpoint(target: CheckTarget, options: CheckCreditLimitEndpointOptions): Promise<CheckReport> {
  const parsed = parseCheckOptions(target, options, OptionsSchema, 'credit-limit check options');
  const timeout = parsed.timeout ?? CREDIT_LIMIT_CHECK_DEFAULTS.timeout;
  const token = parsed.token ?? TEST_CUSTOMER_TOKEN;
  const endpoint = openTarget(target, parsed as CheckTargetOptions, [token]);
  const R = CREDIT_LIMIT_RULES;

  const ask = async (call: Call, sent: string, variant: ForgeryVariant = {}): Promise<Asked> => {
    const data = { tag: call.tag, currency: call.currency, digits: call.digits };
    let request = createSignedCreditLimitRequest({
      url: endpoint.url,
      key: variant.key ?? parsed.key,
      path: variant.path ?? endpoint.path,
      data,
      customer_token: token,
      lang: call.lang,
      ...(variant.unsigned ? { headers: { signature: null } } : {}),
    });
    if (variant.tamper) {
      // The signature was over digits `call.digits`; the body now asks for more places.
      const body = JSON.stringify({ type: 'GET_DEFAULT_ACCOUNT_CREDIT_LIMIT', data: { ...data, digits: call.digits + 2 } });
      request = new Request(request.url, { method: 'POST', headers: request.headers, body });
    }
    return read(call, sent, await endpoint.probe(request, timeout));
  };

  const asked: Asked[] = [];
  for (const call of CREDIT_LIMIT_CALLS) asked.push(await ask(call, describeCall(call)));
  const forgeries = await checkForgeries(R, { key: parsed.key, path: endpoint.path }, (variant, sent) => ask(CREDIT_LIMIT_CALLS[0], sent, variant), {
    sent: (otherPath) => ({
      tamperedBody: 'digits changed after signing',
      wrongKey: 'signed with another key',
      otherPath: `signed over ${otherPath}`,
      missingSignature: 'no signature header',
    }),
    accepted: 'A FORGED CALL',
    harm: "anyone could read a user's credit",
    unanswered: () => `no answer within ${timeout} ms`,
  });

  const results: CheckResult[] = [
    judgeShape(R.answerShape, asked, timeout),
    judgeEntries(R.inputsPresent, asked, () => undefined, 'warn'),
    judgeEntries(R.amountDigits, asked, (entry, call) => wrongDigits(entry.amount, call.digits)),
    judgeEntries(R.iconUrl, asked, (entry) => badIcon(entry.icon), 'fail', (entry) => (entry.icon === '' ? 'no icon: the cashier shows none' : undefined)),
    parsed.expectAmount === undefined
      ? { ...R.expectAmount, required: false, status: 'not-checkable', detail: 'pass expectAmount (--expect-amount): the test user\'s true credit at full precision' }
      : judgeExpected(R.expectAmount, asked, parsed.expectAmount),
    judgeTime(R.answerTime, asked, timeout),
    ...forgeries,
    ...notCheckableResults(CREDIT_LIMIT_NOT_CHECKABLE),
  ];
  return { subject: 'credit-limit endpoint', target: endpoint.label, results, summary: summarizeChecks(results) };
}

function describeCall(call: Call): string {
  return `digits ${call.digits}, ${call.currency}, lang ${call.lang}, tag "${call.tag}"`;
}

function read(call: Call, sent: string, probe: Probe): Asked {
  const asked: Asked = { ...probe, call, sent };
  if (probe.status !== 200) return { ...asked, problem: probe.error === undefined ? `HTTP ${probe.status}` : `no answer (${probe.error})` };
  let json: unknown;
  try {
    json = JSON.parse(probe.text);
  } catch {
    return { ...asked, problem: 'the answer is not JSON' };
  }
  const parsed = v.safeParse(AnswerSchema, json);
  if (!parsed.success) {
    // valibot names a missing key as `expected "inputs"`: say "missing", the field is in the path.
    const issues = toFieldIssues(parsed.issues).map((i) => `${i.path || '(body)'}: ${i.message.startsWith('expected "') ? 'missing' : i.message}`);
    return { ...asked, problem: issues.slice(0, 3).join('; ') };
  }
  return { ...asked, answer: parsed.output.data };
}

function judgeShape(rule: CheckRule, asked: readonly Asked[], timeout: number): CheckResult {
  const bad = asked.find((a) => a.problem !== undefined);
  if (bad) {
    const problem = bad.error === 'timeout' ? `no answer within ${timeout} ms` : bad.problem!;
    return result(rule, 'fail', bad, asked.length, `${bad.sent}: ${problem}`);
  }
  return result(rule, 'pass', asked[0], asked.length, `${asked.length} answers of the spec's shape`);
}

/**
 * Judges every entry of every well-shaped answer with `wrong` (a reason, or undefined); `note`
 * gives a warning instead. With no entry at all there is nothing to judge: a warning (the shape
 * rule reports a bad answer; `inputs-present` an empty one).
 */
function judgeEntries(
  rule: CheckRule,
  asked: readonly Asked[],
  wrong: (entry: Entry, call: Call) => string | undefined,
  failAs: 'fail' | 'warn' = 'fail',
  note?: (entry: Entry) => string | undefined,
): CheckResult {
  const shaped = asked.filter((a) => a.answer !== undefined);
  const entries = shaped.flatMap((a) => a.answer!.inputs.map((entry) => ({ a, entry })));
  if (entries.length === 0) {
    const why = shaped.length === 0 ? 'no answer of the spec\'s shape to judge' : 'every answer has an empty inputs list: is the token a known test user?';
    return result(rule, 'warn', shaped[0] ?? asked[0], asked.length, why);
  }
  for (const { a, entry } of entries) {
    const reason = wrong(entry, a.call);
    if (reason) return result(rule, failAs, a, asked.length, `${a.sent}: entry "${entry.tag}": ${reason}`);
  }
  for (const { a, entry } of entries) {
    const warning = note?.(entry);
    if (warning) return result(rule, 'warn', a, asked.length, `${a.sent}: entry "${entry.tag}": ${warning}`);
  }
  return result(rule, 'pass', shaped[0], asked.length, `${entries.length} entries in ${shaped.length} answers`);
}

/** Why `amount` is not a decimal string with exactly `digits` places, or undefined. */
function wrongDigits(amount: unknown, digits: number): string | undefined {
  if (typeof amount !== 'string') return `amount ${JSON.stringify(amount)} is a JSON number: send a decimal string`;
  const pattern = digits === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${digits}}$`);
  return pattern.test(amount) ? undefined : `amount "${amount}" does not have exactly ${digits} decimal places`;
}

/** Why `icon` is not an http(s) URL ('' is allowed, with a warning), or undefined. */
function badIcon(icon: string): string | undefined {
  if (icon === '') return undefined;
  try {
    if (/^https?:$/.test(new URL(icon).protocol)) return undefined;
  } catch {
    // Not absolute: the cashier, on PassTo's origin, would not find it.
  }
  return `icon "${icon.slice(0, 80)}" is not an absolute http(s) URL`;
}

/** The entry the cashier shows: the one named by the answer's tag, else the first (as PassTo picks). */
function picked(answer: { tag: string; inputs: Entry[] }): Entry | undefined {
  return answer.inputs.find((entry) => entry.tag === answer.tag) ?? answer.inputs[0];
}

function judgeExpected(rule: CheckRule, asked: readonly Asked[], expected: string): CheckResult {
  let judged = 0;
  for (const a of asked) {
    const entry = a.answer && picked(a.answer);
    // A wrong precision is amount-digits' fault: only well-formed amounts are compared here.
    if (!entry || wrongDigits(entry.amount, a.call.digits) !== undefined) continue;
    judged += 1;
    const want = formatAmount(expected, a.call.digits);
    const got = entry.amount as string;
    if (got !== want) {
      const up = compareDecimals(got, want) > 0;
      const why = up ? 'ROUNDED UP: the cashier would offer credit the user does not have' : 'lower than the true credit cut to the digits';
      return result(rule, 'fail', a, asked.length, `${a.sent}: amount "${got}", expected "${want}" (${expected} cut to ${a.call.digits} places): ${why}`);
    }
  }
  if (judged === 0) return result(rule, 'warn', asked[0], asked.length, 'no well-formed amount to compare');
  return result(rule, 'pass', asked[0], asked.length, `${judged} amounts equal ${expected} cut to the requested digits`);
}

/** Compares two decimal strings with the same number of places: <0, 0 or >0. */
function compareDecimals(a: string, b: string): number {
  const units = (s: string) => BigInt(s.replace('.', ''));
  const diff = units(a) - units(b);
  return diff > 0n ? 1 : diff < 0n ? -1 : 0;
}

function judgeTime(rule: CheckRule, asked: readonly Asked[], timeout: number): CheckResult {
  const worst = asked.reduce((x, y) => (y.ms > x.ms ? y : x));
  const late = asked.find((a) => a.error === 'timeout');
  if (late) return result(rule, 'fail', late, asked.length, `${late.sent}: no answer within ${timeout} ms (the cashier stops waiting)`);
  return result(rule, 'pass', worst, asked.length, `slowest answer ${worst.ms} ms (limit ${timeout} ms)`);
}
