import { resolveIo, type CliIo } from "./cli-context.js";
import { commands } from "./commands.js";
import { EXIT_OK, EXIT_USAGE, UsageError } from "./exit-codes.js";
import { usage } from "./usage.js";

export type { CliIo } from "./cli-context.js";

/**
 * The `plan-sync` command line. Resolves to the exit code instead of calling
 * process.exit, so tests run it in-process and bin/plan-sync.js sets the code.
 */
export async function main(argv: string[], io?: CliIo): Promise<number> {
  const ctx = resolveIo(io);
  const [name, ...rest] = argv;

  if (name === "--help" || name === "-h" || name === "help") {
    ctx.stdout(usage(commands));
    return EXIT_OK;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    ctx.stderr(
      `${name === undefined ? "plan-sync: no command given" : `plan-sync: unknown command "${name}"`}\n\n${usage(commands)}`,
    );
    return EXIT_USAGE;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    ctx.stdout(usage([command]));
    return EXIT_OK;
  }

  try {
    return await command.run(rest, ctx);
  } catch (error) {
    if (error instanceof UsageError) {
      ctx.stderr(`plan-sync ${command.name}: ${error.message}\n\n${usage([command])}`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
