/**
 * A check's verdict on one rule, backed by the request that shows it: what both
 * `checkWebhookReceiver` and `checkCreditLimitEndpoint` report for each rule.
 */
import type { CheckEvidence, CheckResult, CheckRule } from './check-rule.ts';
import type { Probe } from './check-target.ts';

/** One request sent, described for the report (`sent`), and what came back. */
export interface SentProbe extends Probe {
  sent: string;
}

/** The evidence of `probe`, one of `requests` requests the rule judged. */
export function probeEvidence(probe: SentProbe, requests: number): CheckEvidence {
  return { status: probe.status, ms: probe.ms, bodyExcerpt: probe.bodyExcerpt, ...(probe.error ? { error: probe.error } : {}), sent: probe.sent, requests };
}

/** `rule`'s result, with `probe` as evidence when there is one. */
export function probeResult(rule: CheckRule, status: CheckResult['status'], probe: SentProbe | undefined, requests: number, detail: string): CheckResult {
  return { ...rule, status, ...(probe ? { evidence: probeEvidence(probe, requests) } : {}), detail };
}
