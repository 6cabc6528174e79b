/** `passto help [COMMAND]` and `passto --help`: the command list, or one command's help. */
import type { Command } from '../command.ts';
import { EXIT_CODE_MEANINGS } from '../exit-codes.ts';
import { VERSION } from '../version.ts';

/** The usage line of `passto` itself. */
export const USAGE = 'passto COMMAND [options]     (passto COMMAND --help for its options and examples)';

/** The overview printed by `passto --help`, listing `commands`. */
export function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `passto ${VERSION}: debug PassTo CreditPay signatures, call identify/auth, inspect a gateway's events,
check your own endpoints.

Usage: ${USAGE}
       passto --version

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}
  help${' '.repeat(Math.max(0, width - 4))}  this text, or: passto help COMMAND

Keys, tokens and URLs also come from the environment, as the gateway Worker names them:
  PASSTO_SIGNATURE_KEY  PASSTO_API_KEY  PASSTO_PLAT_ID  PASSTO_BASE_URL
  GATEWAY_TOKEN  PASSTO_GATEWAY_URL
Prefer the variables: command-line flags are visible to other users in the process list.

--json (every command): the result as one JSON object on stdout; an error as one JSON object
{"code","message","fields"} on stderr, with no other text there.

Exit codes:
${EXIT_CODE_MEANINGS.map(([code, meaning]) => `  ${code}  ${meaning}`).join('\n')}

Base URLs: PassTo production https://cashier.passto.credit/api (the default);
the local gateway sandbox http://127.0.0.1:8787/sandbox/api.
`;
}

/** `passto --help --json`: the same, for tools. */
export function overviewJson(commands: readonly Command[]): Record<string, unknown> {
  return {
    name: 'passto',
    version: VERSION,
    usage: 'passto COMMAND [options]',
    commands: commands.map((c) => ({ name: c.name, summary: c.summary, usage: c.usage })),
    exit_codes: Object.fromEntries(EXIT_CODE_MEANINGS),
  };
}
