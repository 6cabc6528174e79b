/**
 * Everything the CLI needs from its host, in one place. `process` and `node:` modules exist on
 * Node 20+, Deno 2 and Bun alike, so there is no per-runtime branching: this file is the one spot
 * to change if a runtime ever differs.
 */
import { readFile } from 'node:fs/promises';

/** The command line after the program and script names. */
export function commandLine(): string[] {
  return process.argv.slice(2);
}

/** One environment variable; an empty value counts as unset (a blank line in a `.env` file). */
export function env(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Writes to stdout and resolves once the text is handed to the OS, so an exit right after loses nothing. */
export function out(text: string): Promise<void> {
  return write(process.stdout, text);
}

/** Writes `value` to stdout as JSON (the output of every `--json`), like `out`. */
export function outJson(value: unknown): Promise<void> {
  return out(`${JSON.stringify(value, null, 2)}\n`);
}

/** Writes to stderr, like `out`. */
export function err(text: string): Promise<void> {
  return write(process.stderr, text);
}

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    stream.write(text, () => resolve());
  });
}

/** True when stdout is a terminal (colour is welcome there), not a pipe or a file. */
export function stdoutIsTerminal(): boolean {
  return process.stdout.isTTY === true;
}

/** True when stdin is an interactive terminal: reading it would wait for typing, not for a pipe. */
export function stdinIsTerminal(): boolean {
  return process.stdin.isTTY === true;
}

/** All of stdin as raw bytes, untouched: a trailing newline stays (it changes the signature). */
export async function readStdin(): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : new Uint8Array(chunk));
  }
  return concat(chunks);
}

/** A file's raw bytes. */
export async function readBytes(path: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(path));
}

/** Ends the process with `code` (cli/exit-codes.ts). */
export function exit(code: number): never {
  process.exit(code);
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const result = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.length;
  }
  return result;
}
