import type { CliContext } from "./cli-context.js";
import { plural } from "./format-diagnostic.js";
import { style } from "./style.js";

export type CheckFormat = "text" | "json" | "github";
export const CHECK_FORMATS: readonly CheckFormat[] = ["text", "json", "github"];

/** One problem; line and column are null for what concerns the whole file (it cannot be read, its config is invalid). */
export interface CheckDiagnostic {
  path: string;
  line: number | null;
  column: number | null;
  severity: "error" | "warning";
  code: string;
  message: string;
}

export interface CheckedFile {
  /** As typed on the command line, or relative to the current folder when found through the config. */
  path: string;
  /** The config the file was read with, relative to the current folder; null: none found, the defaults. */
  config: string | null;
  /** Tasks read; null when the file was not parsed. */
  tasks: number | null;
  diagnostics: CheckDiagnostic[];
}

/** The `--format json` document; documented in docs/cli.md. Fields may be added; none renamed or removed without bumping `version`. */
export interface CheckJson {
  version: 1;
  /** false when the exit code is not 0. */
  ok: boolean;
  errors: number;
  warnings: number;
  maxWarnings: number | null;
  files: CheckedFile[];
}

export function sortDiagnostics(diagnostics: CheckDiagnostic[]): CheckDiagnostic[] {
  return diagnostics.sort((a, b) => {
    if (a.path !== b.path) return a.path < b.path ? -1 : 1;
    // A file-level problem (null line) comes before anything positioned in it.
    return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
  });
}

/** `path:line:col: severity: message`, the form editors and CI log parsers recognise. */
export function renderText(all: CheckDiagnostic[], summary: string, ctx: CliContext): void {
  const s = style(ctx.color?.stdout);
  for (const d of all) {
    const where = d.line === null ? d.path : `${d.path}:${d.line}:${d.column ?? 1}`;
    const severity = d.severity === "error" ? s.red(s.bold("error")) : s.yellow("warning");
    ctx.stdout(`${s.bold(where)}: ${severity}: ${printable(d.message)}\n`);
  }
  ctx.stdout(`${summary}\n`);
}

/**
 * GitHub Actions workflow commands: each problem becomes an annotation on the
 * file at its line, in the pull request's diff and the run's summary. `root`
 * makes paths relative to the checkout (GITHUB_WORKSPACE), as GitHub places them.
 */
export function renderGithub(
  all: CheckDiagnostic[],
  summary: string,
  ctx: CliContext,
  toRepoPath: (p: string) => string,
): void {
  for (const d of all) {
    const props = [`file=${escapeProperty(toRepoPath(d.path))}`];
    if (d.line !== null) props.push(`line=${d.line}`, `col=${d.column ?? 1}`);
    props.push(`title=${escapeProperty(`plan-sync ${d.code}`)}`);
    ctx.stdout(`::${d.severity} ${props.join(",")}::${escapeData(d.message)}\n`);
  }
  ctx.stdout(`${summary}\n`);
}

/**
 * A message quotes plan text, which may come from anyone's pull request: a
 * line break could start a workflow command (`::add-mask::`) in a CI log, and
 * an escape sequence could rewrite a terminal. Neither gets through.
 */
export function printable(message: string): string {
  return message.replace(/\r\n|[\r\n]/g, " ").replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "\ufffd");
}

export function summaryLine(errors: number, warnings: number, files: number): string {
  return `${plural(errors, "error")}, ${plural(warnings, "warning")} in ${plural(files, "file")}`;
}

// https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts: what a message and a property must escape.
function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
