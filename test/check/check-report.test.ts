/** formatCheckReport: the terminal table; colour only when asked, the body only where it explains a failure. */
import { type CheckReport, formatCheckReport } from 'passto/testing';
import { describe, expect, it } from 'vitest';

const report: CheckReport = {
  subject: 'webhook receiver',
  target: 'https://shop.example/hooks',
  results: [
    {
      id: 'retry',
      title: 'The same event_id again with retry 1 answers 200',
      specSection: 'Inbound: webhook events',
      required: true,
      status: 'pass',
      evidence: { status: 200, ms: 12, bodyExcerpt: '{"ok":true}', sent: 'PAY_SUCCESS retry 1', requests: 2 },
      detail: '2 of 2 answered 200',
    },
    {
      id: 'forgery.wrong-key',
      title: 'A signature with another key is refused',
      specSection: 'Signing',
      required: true,
      status: 'fail',
      evidence: { status: 200, ms: 7, bodyExcerpt: '{"stored":true}', sent: 'PAY_SUCCESS signed with another key', requests: 1 },
      detail: 'ACCEPTED A FORGERY (HTTP 200)',
    },
    { id: 'inputs-present', title: 'At least one entry', specSection: 'x', required: false, status: 'warn', detail: 'empty' },
    { id: 'processed-once', title: 'Processed once', specSection: 'x', required: false, status: 'not-checkable', detail: 'test it yourself' },
  ],
  summary: { pass: 1, fail: 1, warn: 1, notCheckable: 1, ok: false },
};

describe('formatCheckReport', () => {
  it('prints one block per rule, the body only under a rule that did not pass, and the verdict', () => {
    expect(formatCheckReport(report)).toBe(
      `passto check: webhook receiver at https://shop.example/hooks

PASS  retry              The same event_id again with retry 1 answers 200
                         [HTTP 200, 12 ms] 2 of 2 answered 200
FAIL  forgery.wrong-key  A signature with another key is refused
                         [HTTP 200, 7 ms] ACCEPTED A FORGERY (HTTP 200)
                         answer: {"stored":true}
WARN  inputs-present     At least one entry (optional)
                         empty
N/A   processed-once     Processed once
                         test it yourself

1 pass, 1 fail, 1 warn, 1 not checkable from outside (test those yourself): a required rule FAILED
`,
    );
  });

  it('colours statuses and the verdict only with color: true', () => {
    const text = formatCheckReport({ ...report, summary: { ...report.summary, ok: true } }, { color: true });
    expect(text).toContain('\u001b[32mPASS\u001b[0m  retry');
    expect(text).toContain('\u001b[1;31mFAIL\u001b[0m  forgery.wrong-key');
    expect(text).toContain('\u001b[33mWARN\u001b[0m  inputs-present');
    expect(text).toContain('\u001b[2mN/A \u001b[0m  processed-once');
    expect(text).toContain('\u001b[32mevery required rule holds\u001b[0m');
    expect(formatCheckReport(report, { color: false })).not.toContain('\u001b[');
  });
});
