/**
 * `passto events`: lists the webhook events a gateway stored (GET {gateway}/v1/events), as a
 * table or JSON, following `next_cursor` with --all.
 */
import { flag, optional, parseCommand, required, stringOption } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { Failure } from '../failure.ts';
import { out, outJson } from '../runtime.ts';
import { UsageError } from '../usage-error.ts';

const OPTIONS = {
  gateway: { type: 'string' },
  token: { type: 'string' },
  limit: { type: 'string' },
  type: { type: 'string' },
  status: { type: 'string' },
  all: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** One stored event as the gateway lists it. */
interface GatewayEvent {
  event_id: string | number;
  /** The id exactly as sent, as one string (a number's token, a string's text or its JSON form). */
  event_key?: string;
  type: string;
  status: string;
  attempts: number;
  received_at: string | number;
  last_error: string | null;
  next_attempt_at: string | number | null;
}

/** Stops `--all` on a gateway whose cursor never ends. */
const MAX_PAGES = 1000;
const REQUEST_TIMEOUT_MS = 30_000;
const LAST_ERROR_WIDTH = 60;

const USAGE = 'passto events --gateway URL --token TOKEN [--limit N] [--type TYPE] [--status STATUS] [--all] [--json]';

/** The `events` command. */
export const eventsCommand: Command = {
  name: 'events',
  summary: "list a gateway's stored webhook events",
  usage: USAGE,
  help: async () => `List the webhook events a passto gateway received: GET {gateway}/v1/events, newest first,
with the gateway token as a Bearer token.

Usage: ${USAGE}

Options:
  --gateway URL    the gateway's base URL (default: $PASSTO_GATEWAY_URL),
                   e.g. http://127.0.0.1:8787 for a local one
  --token TOKEN    the gateway's API token (default: $GATEWAY_TOKEN); never printed
  --limit N        events per page, 1 to 100 (default 20)
  --type TYPE      only this event type (PAY_SUCCESS, REFUND, ...)
  --status STATUS  only events in this status
  --all            follow next_cursor until the last page
  --json           print {"events": [...], "next_cursor": ...} as JSON

Examples:
  export GATEWAY_TOKEN=... PASSTO_GATEWAY_URL=http://127.0.0.1:8787
  passto events --limit 20
  passto events --type PAY_SUCCESS --all --json
`,
  async run(args) {
    const parsed = parseCommand(args, OPTIONS);
    const gateway = required(parsed, 'gateway', 'PASSTO_GATEWAY_URL', 'gateway URL');
    const token = required(parsed, 'token', 'GATEWAY_TOKEN', 'gateway token');
    const limit = stringOption(parsed, 'limit');
    // The gateway takes 1 to 100 per page (worker/schemas.ts); say so here rather than relay its 400.
    if (limit !== undefined && !(/^[1-9]\d{0,2}$/.test(limit) && Number(limit) <= 100)) throw new UsageError('--limit must be a whole number from 1 to 100');
    let base: URL;
    try {
      base = new URL(`${gateway.replace(/\/+$/, '')}/v1/events`);
    } catch {
      throw new UsageError('--gateway must be a URL, e.g. http://127.0.0.1:8787');
    }
    for (const [name, value] of [['limit', limit], ['type', optional(parsed, 'type')], ['status', optional(parsed, 'status')]] as const) {
      if (value !== undefined) base.searchParams.set(name, value);
    }

    const events: GatewayEvent[] = [];
    let cursor: string | null = null;
    for (let page = 0; ; page++) {
      const url = new URL(base);
      if (cursor !== null) url.searchParams.set('cursor', cursor);
      const answer = await fetchPage(url, token);
      events.push(...answer.events);
      const next = answer.next_cursor;
      if (!flag(parsed, 'all') || next === null || next === undefined || next === '') {
        cursor = next ?? null;
        break;
      }
      if (next === cursor || page + 1 >= MAX_PAGES) throw new Failure('invalid_answer', `the gateway's next_cursor does not advance (after ${page + 1} pages)`);
      cursor = next;
    }

    if (flag(parsed, 'json')) {
      await outJson({ events, next_cursor: cursor });
    } else {
      await out(table(events) + (cursor ? `more: passto events ... --all (next_cursor ${cursor})\n` : ''));
    }
    return EXIT.ok;
  },
};

async function fetchPage(url: URL, token: string): Promise<{ events: GatewayEvent[]; next_cursor?: string | null }> {
  const { MAX_ANSWER_BYTES, redactor, send, WITHHELD_REASON } = await import('passto/internal');
  const { redact, withholds } = redactor([token]);
  // Not followed: a redirect would carry the bearer token to wherever it points.
  const { status, headers, redirect, text } = await send(
    { url: url.href, method: 'GET', headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, timeout: REQUEST_TIMEOUT_MS, redact, withholds },
    (answer) => answer,
  ).catch((error: unknown) => {
    throw new Failure('unreachable', `cannot reach the gateway at ${url.origin}: ${error instanceof Error ? error.message : String(error)}`);
  });
  if (redirect) {
    const location = headers.get('location');
    const to = location === null ? '(no Location)' : redact(location);
    throw new Failure('redirect', `the gateway answered HTTP ${status}, a redirect to ${to} (not followed)`, { status, location: location === null ? null : to });
  }
  if (text === undefined) throw new Failure('invalid_answer', `the gateway's answer is larger than ${MAX_ANSWER_BYTES} bytes (HTTP ${status})`, { status });
  if (status < 200 || status > 299) {
    const error = gatewayError(text);
    const said = withholds ? `[message withheld: ${WITHHELD_REASON}]` : redact(error.text);
    // The gateway's error code and trace for scripts (its msg is in the message), unless withheld.
    const fields = withholds ? { status } : { status, ...(error.code === undefined ? {} : { gateway_code: redact(error.code) }), ...(error.trace === undefined ? {} : { trace: redact(error.trace) }) };
    throw new Failure('gateway_error', `the gateway answered HTTP ${status}: ${said}`, fields);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Failure('invalid_answer', `the gateway's answer is not JSON (HTTP ${status})`, { status });
  }
  if (!json || typeof json !== 'object' || !Array.isArray((json as { events?: unknown }).events)) {
    throw new Failure('invalid_answer', 'the gateway\'s answer has no "events" list', { status });
  }
  // The table reads each event's fields: an entry that is not an object is the gateway's fault, not a crash.
  if (!(json as { events: unknown[] }).events.every((e) => e !== null && typeof e === 'object' && !Array.isArray(e))) {
    throw new Failure('invalid_answer', 'the gateway\'s "events" list holds something that is not an event', { status });
  }
  return json as { events: GatewayEvent[]; next_cursor?: string | null };
}

/** The gateway's error body `{code, msg, trace}` as one phrase (else the body's start), its code and trace. */
function gatewayError(body: string): { text: string; code?: string; trace?: string } {
  try {
    const { code, msg, trace } = JSON.parse(body) as { code?: unknown; msg?: unknown; trace?: unknown };
    if (typeof code === 'string' && typeof msg === 'string') {
      const traced = typeof trace === 'string' ? { trace } : {};
      return { text: `${code}: ${msg}${typeof trace === 'string' ? ` (trace ${trace})` : ''}`, code, ...traced };
    }
  } catch {
    // not JSON: show the text itself
  }
  return { text: JSON.stringify(body.slice(0, 200)) };
}

function table(events: readonly GatewayEvent[]): string {
  if (events.length === 0) return 'no events\n';
  const header = ['EVENT_ID', 'TYPE', 'STATUS', 'ATTEMPTS', 'RECEIVED_AT', 'NEXT_ATTEMPT_AT', 'LAST_ERROR'];
  const rows = events.map((e) => [
    String(e.event_key ?? e.event_id ?? ''), // the key is exact; a numeric event_id past 2^53 is not, once parsed
    String(e.type ?? ''),
    String(e.status ?? ''),
    String(e.attempts ?? ''),
    time(e.received_at),
    time(e.next_attempt_at),
    truncate(String(e.last_error ?? '').replace(/\s+/g, ' '), LAST_ERROR_WIDTH),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`.trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/** A millisecond timestamp shown as ISO 8601; a string shown as given; nothing as "-". */
function time(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '-';
  if (typeof value === 'number') return new Date(value).toISOString();
  return value;
}

function truncate(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}
