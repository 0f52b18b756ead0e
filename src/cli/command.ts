import type { CliContext } from "./cli-context.js";

/** One `plan-sync <name>` subcommand. Add one by writing a module and listing it in commands.ts. */
export interface Command {
  name: string;
  /** Arguments as shown in the usage, e.g. "<files…>". */
  args: string;
  /** One line for the usage listing. */
  summary: string;
  /** Resolves to the exit code; throws UsageError for bad arguments. */
  run(argv: string[], ctx: CliContext): Promise<number>;
}
