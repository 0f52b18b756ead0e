import { parsePlanBudgeted } from "../parse-worker/plan-parser.js";
import type { Diagnostic } from "../plan/types.js";
import type { Command } from "./command.js";
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from "./exit-codes.js";
import { compareDiagnostics, formatDiagnostic, plural } from "./format-diagnostic.js";
import { parseCommandArgs } from "./parse-command-args.js";
import { planDiagnostics } from "./plan-diagnostics.js";
import { readPlanFile } from "./read-plan-file.js";

/** `plan-sync check <files…>`: the plan's diagnostics, as the App would report them, before pushing. */
export const checkCommand: Command = {
  name: "check",
  args: "<files…>",
  summary: "report errors and warnings in plan files (exit 1 on any error)",
  async run(argv, ctx) {
    const { positionals } = parseCommandArgs(argv, {});
    if (positionals.length === 0) throw new UsageError("check needs at least one plan file");

    const diagnostics: Diagnostic[] = [];
    const lines: Array<{ sortKey: Diagnostic; text: string }> = [];
    for (const path of positionals) {
      const read = await readPlanFile(ctx.cwd, path);
      if (!read.ok) {
        // Line 0 sorts an unreadable file's message before anything else about that path.
        lines.push({
          sortKey: { path, line: 0, column: 0, severity: "error", code: "unreadable", message: read.message },
          text: read.message,
        });
        continue;
      }
      // Diagnostics carry the path as typed, so the output matches what the user asked for.
      for (const diagnostic of planDiagnostics(await parsePlanBudgeted(read.text, path), read.text, path)) {
        diagnostics.push(diagnostic);
        lines.push({ sortKey: diagnostic, text: formatDiagnostic(diagnostic) });
      }
    }

    lines.sort((a, b) => compareDiagnostics(a.sortKey, b.sortKey));
    for (const line of lines) ctx.stdout(`${line.text}\n`);

    const warnings = diagnostics.filter((d) => d.severity === "warning").length;
    const errors = lines.length - warnings;
    ctx.stdout(`${plural(errors, "error")}, ${plural(warnings, "warning")} in ${plural(positionals.length, "file")}\n`);
    return errors > 0 ? EXIT_PROBLEMS : EXIT_OK;
  },
};
