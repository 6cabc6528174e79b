/**
 * A check's report as text for a terminal: one block per rule (status, id, title, then the
 * answer's status and time and why, and for a rule that did not pass the answer's body), then a
 * summary line. Colour only when the caller asks: the CLI decides from
 * its TTY and `NO_COLOR` (https://no-color.org), a library never guesses.
 */
import type { CheckReport, CheckResult, CheckStatus } from './check-rule.ts';

const LABELS: Record<CheckStatus, string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', 'not-checkable': 'N/A ' };

// ANSI SGR: 32 green, 31 red (bold for a required failure), 33 yellow, 2 dim.
/** The characters of an answer's body shown under a rule that did not pass. */
const BODY_LENGTH = 100;

const COLOURS: Record<CheckStatus, string> = { pass: '32', fail: '1;31', warn: '33', 'not-checkable': '2' };

/**
 * The report as text; `color` wraps each status in ANSI colours.
 *
 * @example
 * ```ts
 * import { checkWebhookReceiver, formatCheckReport } from 'passto/testing';
 * console.log(formatCheckReport(await checkWebhookReceiver(app.fetch, { key }), { color: false }));
 * ```
 */
export function formatCheckReport(report: CheckReport, options: { color?: boolean } = {}): string {
  const paint = (status: CheckStatus, text: string) => (options.color ? `\u001b[${COLOURS[status]}m${text}\u001b[0m` : text);
  const width = Math.max(...report.results.map((r) => r.id.length));
  const lines = [`passto check: ${report.subject} at ${report.target}`, ''];
  for (const r of report.results) {
    const optional = r.required || r.status === 'not-checkable' ? '' : ' (optional)';
    lines.push(`${paint(r.status, LABELS[r.status])}  ${r.id.padEnd(width)}  ${r.title}${optional}`);
    const indent = `      ${' '.repeat(width)}  `;
    lines.push(`${indent}${answerOf(r)}${r.detail}`);
    const body = bodyOf(r);
    if (body !== undefined) lines.push(`${indent}answer: ${body}`);
  }
  const { pass, fail, warn, notCheckable, ok } = report.summary;
  const verdict = ok ? paint('pass', 'every required rule holds') : paint('fail', 'a required rule FAILED');
  lines.push('', `${pass} pass, ${fail} fail, ${warn} warn, ${notCheckable} not checkable from outside (test those yourself): ${verdict}`);
  return `${lines.join('\n')}\n`;
}

function answerOf(result: CheckResult): string {
  const e = result.evidence;
  if (!e) return '';
  const status = e.status === null ? `no answer (${e.error ?? 'none'})` : `HTTP ${e.status}`;
  return `[${status}, ${e.ms} ms] `;
}

/** The answer's body, for a rule that did not pass: what the endpoint said about itself. */
function bodyOf(result: CheckResult): string | undefined {
  const excerpt = result.evidence?.bodyExcerpt;
  if (result.status === 'pass' || !excerpt) return undefined;
  return excerpt.length > BODY_LENGTH ? `${excerpt.slice(0, BODY_LENGTH - 1)}…` : excerpt;
}
