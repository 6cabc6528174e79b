/**
 * The shape of one CLI command: its name, a one-line summary, its help text and its runner.
 *
 * Commands import the SDK (`passto`, `passto/internal`...) with `await import()` where they use
 * it, never with a static import: esbuild hoists a static import of an external package to the
 * top of dist/cli.js, so `passto --help` would load valibot and noble before printing a line
 * (test/cli-startup.test.ts refuses that).
 */
export interface Command {
  readonly name: string;
  /** One line for `passto --help`. */
  readonly summary: string;
  /** The usage line, repeated under a usage error. */
  readonly usage: string;
  /** The full `--help` text, with examples (async: some name the SDK's defaults). */
  help(): Promise<string>;
  /** Runs the command on its arguments (after the command name) and returns the exit code. */
  run(args: string[]): Promise<number>;
}
