import { resolve } from "node:path";
import { hasErrors, type Diagnostic, type Plan } from "../plan/types.js";
import type { Command } from "./command.js";
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from "./exit-codes.js";
import { compareDiagnostics, formatDiagnostic, plural } from "./format-diagnostic.js";
import { booleanOption, parseCommandArgs, stringOption } from "./parse-command-args.js";
import { printable } from "./check-report.js";
import { PREVIEW_OPTIONS } from "./commands.js";
import { displayPath } from "./display-path.js";
import { ConfigFinder } from "./find-config.js";
import { parseWithConfig } from "./parse-with-config.js";
import { reportConfigs } from "./report-configs.js";
import { planDiagnostics } from "./plan-diagnostics.js";
import type { PlanSyncConfig } from "../config/config-schema.js";
import { renderIssueLabels } from "../render/issue-labels.js";
import { renderIssueTitle } from "../render/issue-title.js";
import { readPlanFile } from "./read-plan-file.js";
import { renderTable } from "./render-table.js";

/** The `--json` shape; documented in docs/cli.md, so change it only with the docs and tests (fields may be added). */
export interface PreviewJson {
  path: string;
  /** The config the plan was read with, relative to the current folder; null: none found, the App's defaults. */
  config: string | null;
  featureName: string | null;
  tasks: Array<{ id: string; title: string; labels: string[]; acceptanceCriteria: number; done: boolean }>;
  diagnostics: Diagnostic[];
}

/** `plan-sync preview <file> [--json]`: the issues a push of this plan would produce, offline. */
export const previewCommand: Command = {
  async run(argv, ctx) {
    const { positionals, values } = parseCommandArgs(argv, PREVIEW_OPTIONS);
    if (positionals.length !== 1) throw new UsageError("preview takes exactly one plan file");
    const path = positionals[0] as string;
    const json = booleanOption(values, "json");

    const local = await new ConfigFinder(ctx.cwd, stringOption(values, "config")).forPath(resolve(ctx.cwd, path));
    if (!local.ok) {
      for (const e of local.errors) {
        const where = e.line === null ? "" : `:${e.line}:${e.column ?? 1}`;
        ctx.stderr(`${displayPath(ctx, local.file)}${where}: error: ${e.message}\n`);
      }
      ctx.stderr(`plan-sync preview: the config is invalid; the App would sync nothing with it\n`);
      return EXIT_PROBLEMS;
    }
    if (!json) reportConfigs(ctx, [local]);

    const read = await readPlanFile(ctx.cwd, path);
    if (!read.ok) {
      ctx.stderr(`${read.message}\n`);
      return EXIT_PROBLEMS;
    }
    const plan = await parseWithConfig(read.text, path, local.config);
    const preview = toPreviewJson(plan, planDiagnostics(plan, read.text, path), path, local.config);
    preview.config = local.file === null ? null : displayPath(ctx, local.file);

    // Diagnostics go to stderr so `--json > out.json` stays valid JSON.
    const sorted = [...preview.diagnostics].sort(compareDiagnostics);
    for (const d of sorted) ctx.stderr(`${formatDiagnostic({ ...d, message: printable(d.message) })}\n`);
    if (sorted.length > 0) {
      const errors = sorted.filter((d) => d.severity === "error").length;
      ctx.stderr(`${plural(errors, "error")}, ${plural(sorted.length - errors, "warning")} in ${path}\n`);
    }
    ctx.stdout(json ? `${JSON.stringify(preview, null, 2)}\n` : renderPreview(preview));
    return hasErrors(plan) ? EXIT_PROBLEMS : EXIT_OK;
  },
};

/** Titles and labels come from the issue renderer the App uses, so the preview cannot drift from what a push creates. */
export function toPreviewJson(
  plan: Plan,
  diagnostics: Diagnostic[],
  path: string,
  config: PlanSyncConfig,
): PreviewJson {
  return {
    path,
    config: null,
    featureName: plan.featureName,
    tasks: plan.tasks.map((task) => ({
      id: task.id,
      title: renderIssueTitle(task, config.titleLength, path),
      labels: renderIssueLabels(task, config),
      acceptanceCriteria: task.acceptanceCriteria.length,
      done: task.done,
    })),
    diagnostics,
  };
}

function renderPreview(preview: PreviewJson): string {
  const done = preview.tasks.filter((t) => t.done).length;
  const heading = `${preview.path}${preview.featureName ? ` — ${preview.featureName}` : ""}: ${plural(preview.tasks.length, "issue")}, ${done} done\n`;
  if (preview.tasks.length === 0) return heading;
  const rows = preview.tasks.map((t) => [
    t.id,
    t.title,
    t.labels.join(", "),
    String(t.acceptanceCriteria),
    t.done ? "yes" : "no",
  ]);
  return `${heading}\n${renderTable(["ID", "Title", "Labels", "AC", "Done"], rows, ["left", "left", "left", "right", "left"])}`;
}
