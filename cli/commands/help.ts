/** `passto help [COMMAND]` and `passto --help`: the command list, or one command's help. */
import type { Command } from '../command.ts';

/** The overview printed by `passto --help`, listing `commands`. */
export function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `passto: debug PassTo CreditPay signatures, call identify/auth, inspect a gateway's events.

Usage: passto COMMAND [options]     (passto COMMAND --help for its options and examples)

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}
  help${' '.repeat(Math.max(0, width - 4))}  this text, or: passto help COMMAND

Keys, tokens and URLs also come from the environment, as the gateway Worker names them:
  PASSTO_SIGNATURE_KEY  PASSTO_API_KEY  PASSTO_PLAT_ID  PASSTO_BASE_URL
  GATEWAY_TOKEN  PASSTO_GATEWAY_URL
Prefer the variables: command-line flags are visible to other users in the process list.

Exit codes: 0 success, 1 failure (mismatch, error answer), 2 usage error.

Base URLs: PassTo production https://cashier.passto.credit/api (the default);
the local gateway sandbox http://127.0.0.1:8787/sandbox/api.
`;
}
