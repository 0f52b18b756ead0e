import { readFile } from "node:fs/promises";
import { resolveIo, type CliContext, type CliIo } from "./cli-context.js";
import type { CommandSpec } from "./command.js";
import { commands } from "./commands.js";
import { didYouMean } from "./did-you-mean.js";
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UsageError } from "./exit-codes.js";
import { commandUsage, usage } from "./usage.js";

export type { CliIo } from "./cli-context.js";

/**
 * The `plan-sync` command line. Resolves to the exit code instead of calling
 * process.exit, so tests run it in-process and bin/plan-sync.js sets the code.
 * Never rejects: an unexpected failure is one line and exit 70.
 */
export async function main(argv: string[], io?: CliIo): Promise<number> {
  const ctx = resolveIo(io);
  const [name, ...rest] = argv;
  try {
    if (name === "--version" || name === "-V") {
      ctx.stdout(`${await version()}\n`);
      return EXIT_OK;
    }
    if (name === "--help" || name === "-h" || name === "help") {
      const topic = name === "help" ? commands.find((c) => c.name === rest[0]) : undefined;
      ctx.stdout(topic ? commandUsage(topic) : usage(commands));
      return EXIT_OK;
    }
    const spec = commands.find((c) => c.name === name);
    if (!spec) {
      ctx.stderr(`${unknownCommand(name)}\n\n${usage(commands)}`);
      return EXIT_USAGE;
    }
    if (asksForHelp(rest)) {
      ctx.stdout(commandUsage(spec));
      return EXIT_OK;
    }
    return await runCommand(spec, rest, ctx);
  } catch (error) {
    return internalError(error, ctx);
  }
}

async function runCommand(spec: CommandSpec, argv: string[], ctx: CliContext): Promise<number> {
  const command = await spec.load();
  try {
    return await command.run(argv, ctx);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    ctx.stderr(
      `plan-sync ${spec.name}: ${error.message}\n` +
        `Usage: plan-sync ${spec.name}${spec.args ? ` ${spec.args}` : ""} [options]; \`plan-sync ${spec.name} --help\` lists every option.\n`,
    );
    return EXIT_USAGE;
  }
}

function unknownCommand(name: string | undefined): string {
  if (name === undefined) return "plan-sync: no command given";
  if (name.startsWith("-"))
    return `plan-sync: unknown option ${name} (a command comes first: plan-sync <command> [options])`;
  const hint = didYouMean(
    name,
    commands.map((c) => c.name),
  );
  return `plan-sync: unknown command "${name}"${hint ? `; did you mean "${hint}"?` : ""}`;
}

/** `--help` anywhere before a `--` (after it, it would be a file name). */
function asksForHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === "--help" || a === "-h");
}

/**
 * A bug or an environment plan-sync has no words for: one line naming it, the
 * stack only with DEBUG set (a user's CI log should not be a wall of frames).
 */
function internalError(error: unknown, ctx: CliContext): number {
  const message = error instanceof Error ? error.message : String(error);
  const debug = ctx.env?.DEBUG;
  const detail =
    debug !== undefined && debug !== "" && error instanceof Error && error.stack
      ? `\n${error.stack}`
      : " (an internal error: please report it; set DEBUG=1 for the stack trace)";
  ctx.stderr(`plan-sync: internal error: ${message.split("\n")[0]}${detail}\n`);
  return EXIT_INTERNAL;
}

async function version(): Promise<string> {
  // lib/cli/main.js and src/cli/main.ts are both two folders below package.json.
  const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}
