import type { CommandSpec, OptionSpec } from "./command.js";

const EXIT_CODES =
  "Exit codes: 0 success; 1 problems in the plans (errors, unreadable files, a sync refused by GitHub or the network);\n" +
  "2 bad command line; 70 internal error (a bug: DEBUG=1 shows the stack trace); 73 init would overwrite a file.";

/** `plan-sync --help`: every command and the global options. */
export function usage(commands: readonly CommandSpec[]): string {
  const rows = commands.map((c) => [`${c.name}${c.args ? ` ${c.args}` : ""}`, c.summary] as const);
  return [
    "Usage: plan-sync <command> [options]",
    "",
    "Commands:",
    ...columns(rows),
    "",
    "Options:",
    ...columns([
      ["-h, --help", "show this help; `plan-sync <command> --help` lists the command's options"],
      ["-V, --version", "print plan-sync's version"],
    ]),
    "",
    EXIT_CODES,
    "Documentation: docs/cli.md",
    "",
  ].join("\n");
}

/** `plan-sync <command> --help`: its usage line, what it does, and every option it takes. */
export function commandUsage(command: CommandSpec): string {
  return [
    `Usage: plan-sync ${command.name}${command.args ? ` ${command.args}` : ""} [options]`,
    "",
    command.description,
    "",
    "Options:",
    ...columns(command.options.map((o) => [optionLabel(o), o.description] as const)),
    "",
    EXIT_CODES,
    "",
  ].join("\n");
}

function optionLabel(o: OptionSpec): string {
  return `${o.short ? `-${o.short}, ` : "    "}--${o.name}${o.value ? ` ${o.value}` : ""}`;
}

function columns(rows: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}
