/** The shape of one CLI command: its name, a one-line summary, its help text and its runner. */
export interface Command {
  readonly name: string;
  /** One line for `passto --help`. */
  readonly summary: string;
  /** The usage line, repeated under a usage error. */
  readonly usage: string;
  /** The full `--help` text, with examples. */
  readonly help: string;
  /** Runs the command on its arguments (after the command name) and returns the exit code. */
  run(args: string[]): Promise<number>;
}
