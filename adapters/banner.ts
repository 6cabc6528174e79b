/**
 * What a gateway prints when it starts, on every runtime (Node, Deno, Bun, and `wrangler dev`):
 * its URL and a ready-to-paste `curl` that gets an ident_code through the embedded sandbox.
 */
import { type ConfigSource, DEV, readConfig } from '../worker/env.ts';

/** What the banner says. */
export interface BannerOptions {
  /** The gateway's origin, e.g. `http://127.0.0.1:8787`. */
  url: string;
  /** The gateway's variables (and whether the entry mounts the sandbox); only the development token is ever printed. */
  vars: ConfigSource;
  /** Names the host, e.g. `Node 22.23.3`. */
  runtime?: string | undefined;
  /** Where the event log lives, e.g. the SQLite file. */
  eventLog?: string | undefined;
  /** The clock for `token_expire` (now + 1 h). */
  now?: number | undefined;
}

/**
 * The start-up message. The bearer token appears only when it is the development value
 * `dev-token` with the sandbox on (the only case the gateway accepts it); otherwise the curl reads
 * it from `$GATEWAY_TOKEN`, so no secret reaches a log.
 *
 * @example
 * ```ts
 * console.log(banner({ url: 'http://127.0.0.1:8787', vars: process.env, runtime: 'Node 22.23.3' }));
 * ```
 */
export function banner(options: BannerOptions): string {
  const url = options.url.replace(/\/+$/, '');
  const tokens = (options.vars.GATEWAY_TOKEN ?? '').split(',').map((t) => t.trim());
  // As the gateway reads it (worker/env.ts): `SANDBOX=on` in an entry that mounts the sandbox.
  const sandbox = readConfig(options.vars).sandbox.enabled;
  const bearer = sandbox && tokens.length === 1 && tokens[0] === DEV.GATEWAY_TOKEN ? DEV.GATEWAY_TOKEN : '$GATEWAY_TOKEN';
  const body = JSON.stringify({
    custom_no: 'order-1',
    customer_token: 'user-token-1',
    token_expire: (options.now ?? Date.now()) + 60 * 60 * 1000,
    callback_url: 'https://example.com/callback',
    client_ip: '127.0.0.1',
  });
  // Double quotes around a $VARIABLE, so the shell expands it; single quotes elsewhere.
  const auth = bearer === DEV.GATEWAY_TOKEN ? `'Authorization: Bearer ${bearer}'` : `"Authorization: Bearer ${bearer}"`;
  return [
    `passto gateway${options.runtime ? ` on ${options.runtime}` : ''} listening on ${url}`,
    ...(options.eventLog ? [`event log: ${options.eventLog}`] : []),
    sandbox ? `sandbox: on (${url}/sandbox), get an ident_code with:` : 'sandbox: off (calls go to PassTo), get an ident_code with:',
    `curl -s -X POST ${url}/v1/identify/auth -H ${auth} -H 'Content-Type: application/json' -d '${body}'`,
  ].join('\n');
}
