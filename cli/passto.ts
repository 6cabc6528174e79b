/**
 * The `passto` command line: picks the command and turns its outcome into an exit code.
 * Runs as TypeScript on Deno and Bun, and bundled to dist/cli.js for Node (npm run build:cli).
 */
import { wantsHelp } from './args.ts';
import type { Command } from './command.ts';
import { authCommand } from './commands/auth.ts';
import { eventsCommand } from './commands/events.ts';
import { overview } from './commands/help.ts';
import { sendEventCommand } from './commands/send-event.ts';
import { signCommand } from './commands/sign.ts';
import { verifyCommand } from './commands/verify.ts';
import { describeError } from './report-error.ts';
import { commandLine, env, err, exit, out } from './runtime.ts';
import { EXIT, UsageError } from './usage-error.ts';

const COMMANDS: readonly Command[] = [signCommand, verifyCommand, authCommand, eventsCommand, sendEventCommand];

async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h') {
    await (name === undefined ? err : out)(overview(COMMANDS));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === 'help') {
    const topic = rest[0] === undefined ? undefined : COMMANDS.find((c) => c.name === rest[0]);
    if (rest[0] !== undefined && topic === undefined) return usageError(`unknown command "${rest[0]}"`, 'passto help COMMAND');
    await out(topic === undefined ? overview(COMMANDS) : topic.help);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    return usageError(name.startsWith('-') ? `unknown option ${name.split('=')[0]}` : `unknown command "${name}"`, 'passto COMMAND [options] (passto --help lists the commands)');
  }
  if (wantsHelp(rest)) {
    await out(command.help);
    return EXIT.ok;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.message, `${command.usage}\n(passto ${command.name} --help for details)`);
    const { line, expected } = describeError(error);
    await err(`error: ${line}\n`);
    if (!expected && error instanceof Error && env('PASSTO_DEBUG') !== undefined) await err(`${error.stack}\n`);
    else if (!expected) await err('(set PASSTO_DEBUG=1 to see where it came from)\n');
    return EXIT.failure;
  }
}

async function usageError(message: string, usage: string): Promise<number> {
  await err(`error: ${message}\nusage: ${usage}\n`);
  return EXIT.usage;
}

exit(await main(commandLine()));
