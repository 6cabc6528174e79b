/**
 * The `passto` command line: picks the command and turns its outcome into an exit code.
 * Runs as TypeScript on Deno and Bun, and bundled to dist/cli.js for Node (npm run build:cli).
 * Nothing here loads the SDK: `--help`, `--version` and usage errors start in node's own time.
 */
import { parseCommand, wantsHelp, wantsJson } from './args.ts';
import type { Command } from './command.ts';
import { authCommand } from './commands/auth.ts';
import { checkCommand } from './commands/check.ts';
import { eventsCommand } from './commands/events.ts';
import { overview, overviewJson, USAGE } from './commands/help.ts';
import { sendEventCommand } from './commands/send-event.ts';
import { signCommand } from './commands/sign.ts';
import { verifyCommand } from './commands/verify.ts';
import { EXIT } from './exit-codes.ts';
import { describeError, errorJson } from './report-error.ts';
import { commandLine, env, err, exit, out, outJson } from './runtime.ts';
import { UsageError } from './usage-error.ts';
import { VERSION } from './version.ts';

const COMMANDS: readonly Command[] = [signCommand, verifyCommand, authCommand, eventsCommand, sendEventCommand, checkCommand];

/** The options `passto` takes before (or instead of) a command. */
const TOP_OPTIONS = { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' }, json: { type: 'boolean' } } as const;

async function main(args: string[]): Promise<number> {
  const json = wantsJson(args);
  const [name, ...rest] = args;
  let usage = `${USAGE}\n(passto --help lists the commands)`;
  try {
    if (name === undefined) {
      await err(overview(COMMANDS));
      return EXIT.usage;
    }
    if (name.startsWith('-')) {
      const parsed = parseCommand(args, TOP_OPTIONS, args.length);
      if (parsed.positionals.length > 0) throw new UsageError('options go after the command: passto COMMAND [options]');
      if (parsed.values.version === true) return print(json ? { version: VERSION } : `${VERSION}\n`);
      if (parsed.values.help === true) return print(json ? overviewJson(COMMANDS) : overview(COMMANDS));
      throw new UsageError('missing COMMAND');
    }
    if (name === 'help') {
      usage = 'passto help [COMMAND] [--json]';
      const topic = parseCommand(rest, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, 1).positionals[0];
      if (topic === undefined) return print(json ? overviewJson(COMMANDS) : overview(COMMANDS));
      const command = COMMANDS.find((c) => c.name === topic);
      if (command === undefined) throw new UsageError(`unknown command "${topic}"`);
      return print(json ? await helpJson(command) : await command.help());
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (command === undefined) throw new UsageError(`unknown command "${name}"`);
    usage = `${command.usage}\n(passto ${command.name} --help for details)`;
    if (wantsHelp(rest)) return print(json ? await helpJson(command) : await command.help());
    return await command.run(rest);
  } catch (error) {
    const report = await describeError(error);
    if (json) {
      const withUsage = report.code === 'usage_error' ? { ...report, fields: { usage: usage.split('\n')[0] } } : report;
      await err(`${errorJson(withUsage)}\n`);
    } else {
      await err(`error: ${report.message}\n`);
      if (report.code === 'usage_error') await err(`usage: ${usage}\n`);
      else if (!report.expected && error instanceof Error && env('PASSTO_DEBUG') !== undefined) await err(`${error.stack}\n`);
      else if (!report.expected) await err('(set PASSTO_DEBUG=1 to see where it came from)\n');
    }
    return report.exit;
  }
}

/** Prints text as is, or a value as JSON, and exits 0. */
async function print(output: string | Record<string, unknown>): Promise<number> {
  await (typeof output === 'string' ? out(output) : outJson(output));
  return EXIT.ok;
}

async function helpJson(command: Command): Promise<Record<string, unknown>> {
  return { name: command.name, summary: command.summary, usage: command.usage, help: await command.help() };
}

exit(await main(commandLine()));
