import type { CliContext } from "./cli-context.js";

/** One option of a command, as parsed and as listed by `--help`. */
export interface OptionSpec {
  name: string;
  type: "boolean" | "string";
  /** Single-letter alias, e.g. "h". */
  short?: string;
  /** The value's placeholder in the help, e.g. "FILE" or "text|json|github". */
  value?: string;
  /** One line for the help. */
  description: string;
}

/**
 * What `plan-sync` knows about a command before loading it: enough to parse
 * its options, print its help and suggest a name. The code that runs it is
 * loaded only when that command runs (`load`), so `check` never pays for the
 * GitHub client `sync` needs.
 */
export interface CommandSpec {
  name: string;
  /** Positional arguments as shown in the usage, e.g. "[files…]". */
  args: string;
  /** One line for the command listing. */
  summary: string;
  /** A few lines for `plan-sync <command> --help`. */
  description: string;
  options: readonly OptionSpec[];
  load(): Promise<Command>;
}

/** A loaded command. */
export interface Command {
  /** Resolves to the exit code; throws UsageError for bad arguments. */
  run(argv: string[], ctx: CliContext): Promise<number>;
}
