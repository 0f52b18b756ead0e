import type { Command } from "./command.js";

export function usage(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => `${c.name} ${c.args}`.length));
  const lines = commands.map((c) => `  plan-sync ${`${c.name} ${c.args}`.padEnd(width)}  ${c.summary}`);
  return [
    "Usage:",
    ...lines,
    "  plan-sync --help",
    "",
    "Exit codes: 0 success, 1 problems in the plans (errors, unreadable files), 2 bad command line.",
    "",
  ].join("\n");
}
