/**
 * Command-line parsing on `node:util` `parseArgs` (Node, Deno and Bun ship it). It runs in
 * non-strict mode with tokens, and this file checks the tokens itself: Node's own strict-mode
 * messages can echo a stray argument, and a stray argument may be a key typed without its flag.
 */
import { parseArgs } from 'node:util';
import { env } from './runtime.ts';
import { UsageError } from './usage-error.ts';

/** One option a command accepts. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
}

/** What `parseCommand` returns: string and boolean values by option name, and the positionals. */
export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** True when the arguments ask for help (`--help` or `-h` before any `--`). */
export function wantsHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

/**
 * True when the arguments ask for JSON (`--json` before any `--`). Read before parsing, so that an
 * error in the command line itself is reported as JSON too.
 */
export function wantsJson(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--json') return true;
  }
  return false;
}

/**
 * Parses `args` against `options`, allowing at most `maxPositionals` positionals. Unknown
 * options, missing values and extra arguments are `UsageError`s that never repeat a value.
 */
export function parseCommand(args: string[], options: Record<string, OptionSpec>, maxPositionals = 0): Parsed {
  const { values, positionals, tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  let positionalCount = 0;
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionalCount += 1;
      if (positionalCount > maxPositionals) {
        // The value is not repeated: it may be a key given without its flag.
        throw new UsageError(maxPositionals === 0 ? 'unexpected argument: this command takes only --options' : 'too many arguments');
      }
    } else if (token.kind === 'option') {
      const spec = options[token.name];
      if (spec === undefined) throw new UsageError(`unknown option ${token.rawName.split('=')[0]}`);
      if (spec.type === 'string') {
        if (token.value === undefined) throw new UsageError(`option --${token.name} needs a value`);
        // `--key --body x` would take "--body" as the key: almost always a forgotten value.
        if (!token.inlineValue && token.value.startsWith('--')) {
          throw new UsageError(`option --${token.name} needs a value (write --${token.name}=<value> for a value starting with "--")`);
        }
      } else if (token.value !== undefined) {
        throw new UsageError(`option --${token.name} takes no value`);
      }
    }
  }
  return { values: values as Parsed['values'], positionals };
}

/** A string option's value, or undefined. */
export function stringOption(parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A boolean option's value. */
export function flag(parsed: Parsed, name: string): boolean {
  return parsed.values[name] === true;
}

/**
 * A required value from its flag or, failing that, its environment variable. Missing or empty is
 * a `UsageError` naming both, so the fix is obvious either way.
 */
export function required(parsed: Parsed, name: string, envName?: string, what = `--${name}`): string {
  const value = stringOption(parsed, name) ?? (envName === undefined ? undefined : env(envName));
  if (value === undefined || value === '') {
    throw new UsageError(`missing ${what}: pass --${name}${envName === undefined ? '' : ` or set ${envName}`}`);
  }
  return value;
}

/** An optional value from its flag, then its environment variable, then `fallback`. */
export function optional(parsed: Parsed, name: string, envName: string | undefined, fallback: string): string;
export function optional(parsed: Parsed, name: string, envName?: string): string | undefined;
export function optional(parsed: Parsed, name: string, envName?: string, fallback?: string): string | undefined {
  return stringOption(parsed, name) ?? (envName === undefined ? undefined : env(envName)) ?? fallback;
}

/** One of a fixed set of values, or a `UsageError` listing them. */
export function choice<T extends string>(value: string | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of: ${allowed.join(', ')}`);
}
