/**
 * The four forgeries both checks send (platform spec, "Signing"): a signed request with one thing
 * wrong, which the endpoint must refuse. Each check words them for what it sends; the rule ids,
 * the variants and the verdict are the same.
 */
import { probeResult, type SentProbe } from './check-probe-result.ts';
import type { CheckResult, CheckRule } from './check-rule.ts';

/** The forgeries, in the order they are sent and reported. */
export const FORGERIES = ['tamperedBody', 'wrongKey', 'otherPath', 'missingSignature'] as const;
export type Forgery = (typeof FORGERIES)[number];

const IDS: Record<Forgery, string> = {
  tamperedBody: 'forgery.tampered-body',
  wrongKey: 'forgery.wrong-key',
  otherPath: 'forgery.other-path',
  missingSignature: 'forgery.missing-signature',
};

/** The forgery rules, with each check's own `titles`. */
export function forgeryRules(titles: Record<Forgery, string>): Record<Forgery, CheckRule> {
  const rule = (forgery: Forgery): CheckRule => ({ id: IDS[forgery], title: titles[forgery], specSection: 'Signing', required: true });
  return { tamperedBody: rule('tamperedBody'), wrongKey: rule('wrongKey'), otherPath: rule('otherPath'), missingSignature: rule('missingSignature') };
}

/** How a forged request differs from the genuine one. */
export interface ForgeryVariant {
  /** Signed with this key instead. */
  key?: string;
  /** Signed over this path instead. */
  path?: string;
  /** Sent without a signature header. */
  unsigned?: boolean;
  /** The body changed after signing (each check knows how). */
  tamper?: boolean;
}

/** How a check words its forgeries. */
export interface ForgeryWording {
  /** What each forgery sent, for the report, given the other path signed over. */
  sent: (otherPath: string) => Record<Forgery, string>;
  /** What was accepted, e.g. `A FORGERY`. */
  accepted: string;
  /** What accepting it lets anyone do. */
  harm: string;
  /** Why there is no status to judge. */
  unanswered: (probe: SentProbe) => string;
}

/** A key that is certainly not `key`. */
export function anotherKey(key: string): string {
  return `${key}-not`;
}

/**
 * Sends the four forgeries one after the other through `send` (signed with `key` over `path`
 * when genuine) and judges each answer.
 */
export async function checkForgeries(
  rules: Record<Forgery, CheckRule>,
  genuine: { key: string; path: string },
  send: (variant: ForgeryVariant, sent: string) => Promise<SentProbe>,
  wording: ForgeryWording,
): Promise<CheckResult[]> {
  const otherPath = genuine.path === '/' ? '/other' : `${genuine.path}/other`;
  const variants: Record<Forgery, ForgeryVariant> = {
    tamperedBody: { tamper: true },
    wrongKey: { key: anotherKey(genuine.key) },
    otherPath: { path: otherPath },
    missingSignature: { unsigned: true },
  };
  const sent = wording.sent(otherPath);
  const results: CheckResult[] = [];
  for (const forgery of FORGERIES) results.push(judgeRefused(rules[forgery], await send(variants[forgery], sent[forgery]), wording));
  return results;
}

/** A forgery must not be accepted: any 2xx means the endpoint took it. */
function judgeRefused(rule: CheckRule, probe: SentProbe, wording: ForgeryWording): CheckResult {
  if (probe.status === null) return probeResult(rule, 'warn', probe, 1, `${wording.unanswered(probe)}: cannot tell whether it was refused`);
  if (probe.status >= 200 && probe.status < 300) {
    return probeResult(rule, 'fail', probe, 1, `ACCEPTED ${wording.accepted} (HTTP ${probe.status}): ${wording.harm}; verify the signature over path + raw body`);
  }
  return probeResult(rule, 'pass', probe, 1, `refused with HTTP ${probe.status}`);
}
