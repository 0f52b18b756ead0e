import { readFile } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { matchesPlanPaths } from "../config/matches-plan-paths.js";
import { looksLikePlan } from "../plan/is-plan.js";
import type { Plan } from "../plan/types.js";
import type { CliContext } from "./cli-context.js";
import type { Command } from "./command.js";
import {
  CHECK_FORMATS,
  renderGithub,
  renderText,
  sortDiagnostics,
  summaryLine,
  type CheckDiagnostic,
  type CheckedFile,
  type CheckFormat,
  type CheckJson,
} from "./check-report.js";
import { CHECK_OPTIONS } from "./commands.js";
import { didYouMean } from "./did-you-mean.js";
import { displayPath } from "./display-path.js";
import { EXIT_INTERNAL, EXIT_OK, EXIT_PROBLEMS, UsageError } from "./exit-codes.js";
import { ConfigFinder, type LoadedConfig } from "./find-config.js";
import { listPlanFiles } from "./list-plan-files.js";
import { parseWithConfig } from "./parse-with-config.js";
import { parseCommandArgs, stringOption } from "./parse-command-args.js";
import { planDiagnostics } from "./plan-diagnostics.js";
import { readPlanFile } from "./read-plan-file.js";
import { reportConfigs } from "./report-configs.js";
import { localRepository, routingDiagnostics } from "./check-routing.js";

/**
 * `plan-sync check [files…]`: each plan's diagnostics as the App would report
 * them, read with the config the App would use. Every file is checked on its
 * own: one that cannot be read, or that plan-sync fails on, is reported and
 * the others still are.
 */
export const checkCommand: Command = {
  async run(argv, ctx) {
    const { positionals, values } = parseCommandArgs(argv, CHECK_OPTIONS);
    const format = readFormat(stringOption(values, "format"));
    const maxWarnings = readMaxWarnings(stringOption(values, "max-warnings"));
    const finder = new ConfigFinder(ctx.cwd, stringOption(values, "config"));

    const targets =
      positionals.length > 0 ? positionals.map((path) => ({ path, named: true })) : await discover(ctx, finder);
    if (targets === null) return reportOnlyConfigProblem(ctx, finder, format, maxWarnings);

    const files: CheckedFile[] = [];
    const configsUsed: LoadedConfig[] = [];
    const plansOf = new Map<LoadedConfig, Plan[]>();
    let internal = false;
    for (const target of targets) {
      const result = await checkOne(ctx, finder, target.path, target.named);
      if (result.kind === "skip") continue;
      if (result.config && !configsUsed.includes(result.config)) configsUsed.push(result.config);
      if (result.config && result.plan)
        plansOf.set(result.config, [...(plansOf.get(result.config) ?? []), result.plan]);
      internal ||= result.internal;
      files.push(result.file);
    }
    // An invalid config is reported once, on its own file, not once per plan that uses it.
    for (const config of configsUsed) if (!config.ok) files.push(configFileEntry(ctx, config));
    // A valid one is checked for routing problems a push would run into, with the plans it selected.
    for (const config of configsUsed) {
      const entry = await routingEntry(ctx, config, plansOf.get(config) ?? []);
      if (entry) files.push(entry);
    }

    const all = sortDiagnostics(files.flatMap((f) => f.diagnostics));
    const errors = all.filter((d) => d.severity === "error").length;
    const warnings = all.length - errors;
    const tooManyWarnings = maxWarnings !== null && warnings > maxWarnings;
    const code = internal ? EXIT_INTERNAL : errors > 0 || tooManyWarnings ? EXIT_PROBLEMS : EXIT_OK;

    let summary = summaryLine(errors, warnings, files.length);
    if (tooManyWarnings) summary += ` (more than --max-warnings ${maxWarnings})`;
    if (positionals.length === 0 && files.length === 0) summary += " (no plans found where the config's `paths` point)";

    if (format === "json") {
      const json: CheckJson = { version: 1, ok: code === EXIT_OK, errors, warnings, maxWarnings, files };
      ctx.stdout(`${JSON.stringify(json, null, 2)}\n`);
      return code;
    }
    reportConfigs(ctx, configsUsed);
    if (format === "github") renderGithub(all, summary, ctx, (p) => workspacePath(ctx, p));
    else renderText(all, summary, ctx);
    return code;
  },
};

type OneResult =
  | { kind: "skip" }
  | { kind: "checked"; file: CheckedFile; config: LoadedConfig | null; internal: boolean; plan?: Plan };

async function checkOne(ctx: CliContext, finder: ConfigFinder, path: string, named: boolean): Promise<OneResult> {
  const absolute = resolve(ctx.cwd, path);
  const file: CheckedFile = { path, config: null, tasks: null, diagnostics: [] };
  const fileProblem = (code: string, message: string) =>
    file.diagnostics.push({ path, line: null, column: null, severity: "error", code, message });
  let config: LoadedConfig | null = null;
  try {
    config = await finder.forPath(absolute);
    file.config = config.file === null ? null : displayPath(ctx, config.file);
    if (!config.ok) {
      fileProblem(
        "invalid-config",
        `not checked: its config ${displayPath(ctx, config.file)} has errors (listed with it)`,
      );
      return { kind: "checked", file, config, internal: false };
    }
    const read = await readPlanFile(ctx.cwd, path);
    if (!read.ok) {
      // A file the config selected but that is gone from the work tree (deleted, not yet committed) is not a plan any more.
      if (!named && read.reason === "missing") return { kind: "skip" };
      fileProblem("unreadable", read.message.replace(`${path}: error: `, ""));
      return { kind: "checked", file, config, internal: false };
    }
    // Found through the config: only files with a task table are plans, the test the App applies to a push.
    if (!named && !looksLikePlan(read.text, path)) return { kind: "skip" };
    const plan = await parseWithConfig(read.text, path, config.config);
    file.tasks = plan.tasks.length;
    file.diagnostics.push(...planDiagnostics(plan, read.text, path));
    if (named) file.diagnostics.push(...selectionWarning(path, absolute, config));
    return { kind: "checked", file, config, internal: false, plan };
  } catch (error) {
    // A bug must not cost the other files their results: this file gets the one line, the run exits 70.
    const debug = ctx.env?.DEBUG !== undefined && ctx.env.DEBUG !== "";
    if (debug) ctx.stderr(`plan-sync: ${path}: ${(error as Error).stack ?? String(error)}\n`);
    const first = error instanceof Error ? error.message.split("\n")[0] : String(error);
    fileProblem(
      "internal-error",
      `plan-sync failed on this file: ${first} (an internal error: please report it; ${debug ? "stack trace on stderr" : "DEBUG=1 shows the stack trace"})`,
    );
    return { kind: "checked", file, config, internal: true };
  }
}

/**
 * A plan named on the command line that the config's `paths`/`ignore` leave
 * out is never read by the App: passing `check` would promise issues that a
 * push will not create.
 */
function selectionWarning(
  path: string,
  absolute: string,
  config: Extract<LoadedConfig, { ok: true }>,
): CheckDiagnostic[] {
  const inRepo = relative(config.root, absolute);
  if (inRepo.startsWith("..") || isAbsolute(inRepo)) return [];
  const repoPath = inRepo.split(sep).join("/");
  if (matchesPlanPaths(repoPath, config.config)) return [];
  // Under `paths` but still left out: it is the `ignore` list that excludes it.
  const ignored = matchesPlanPaths(repoPath, { paths: config.config.paths, ignore: [] });
  return [
    {
      path,
      line: 1,
      column: 1,
      severity: "warning",
      code: "not-selected",
      message: ignored
        ? `${repoPath} matches the config's \`ignore\` (${config.config.ignore.join(", ")}): the App does not sync it.`
        : `${repoPath} is not under the config's \`paths\` (${config.config.paths.join(", ")}): the App does not sync it.`,
    },
  ];
}

/** No paths: the plans the config around the current folder selects, relative to the current folder. */
async function discover(ctx: CliContext, finder: ConfigFinder): Promise<Array<{ path: string; named: false }> | null> {
  const config = await finder.forPath(ctx.cwd, true);
  if (!config.ok) return null;
  const files = await listPlanFiles(config.root, config.config);
  return files.map((p) => ({ path: displayPath(ctx, resolve(config.root, p)), named: false }));
}

async function reportOnlyConfigProblem(
  ctx: CliContext,
  finder: ConfigFinder,
  format: CheckFormat,
  maxWarnings: number | null,
): Promise<number> {
  const config = await finder.forPath(ctx.cwd, true);
  const files = [configFileEntry(ctx, config)];
  const all = sortDiagnostics(files.flatMap((f) => f.diagnostics));
  const summary = `${summaryLine(all.length, 0, 1)}; no plan was checked`;
  if (format === "json") {
    const json: CheckJson = { version: 1, ok: false, errors: all.length, warnings: 0, maxWarnings, files };
    ctx.stdout(`${JSON.stringify(json, null, 2)}\n`);
  } else if (format === "github") renderGithub(all, summary, ctx, (p) => workspacePath(ctx, p));
  else renderText(all, summary, ctx);
  return EXIT_PROBLEMS;
}

async function routingEntry(ctx: CliContext, config: LoadedConfig, plans: Plan[]): Promise<CheckedFile | null> {
  if (!config.ok || config.file === null) return null;
  const hasRouting = Object.values(config.config.areas).some((a) => a.repo) || config.config.accept.length > 0;
  if (!hasRouting) return null;
  const path = displayPath(ctx, config.file);
  const diagnostics = routingDiagnostics({
    configPath: path,
    configText: await readFile(config.file, "utf8"),
    config: config.config,
    planRepo: await localRepository(config.root, ctx.env),
    plans,
  });
  return diagnostics.length === 0 ? null : { path, config: null, tasks: null, diagnostics };
}

function configFileEntry(ctx: CliContext, config: LoadedConfig): CheckedFile {
  const path = config.file === null ? "(defaults)" : displayPath(ctx, config.file);
  const diagnostics: CheckDiagnostic[] = config.ok
    ? []
    : config.errors.map((e) => ({
        path,
        line: e.line,
        column: e.column,
        severity: "error" as const,
        code: "invalid-config",
        message: e.message,
      }));
  return { path, config: null, tasks: null, diagnostics };
}

function readFormat(value: string | undefined): CheckFormat {
  if (value === undefined) return "text";
  if ((CHECK_FORMATS as readonly string[]).includes(value)) return value as CheckFormat;
  const hint = didYouMean(value, CHECK_FORMATS);
  throw new UsageError(
    `--format must be one of ${CHECK_FORMATS.join(", ")}; got "${value}"${hint ? ` (did you mean ${hint}?)` : ""}`,
  );
}

function readMaxWarnings(value: string | undefined): number | null {
  if (value === undefined) return null;
  if (!/^\d+$/.test(value.trim()))
    throw new UsageError(`--max-warnings takes a whole number of 0 or more; got "${value}"`);
  return Number(value.trim());
}

/** Annotations are placed by paths relative to the checkout; in Actions that is GITHUB_WORKSPACE. */
function workspacePath(ctx: CliContext, path: string): string {
  const workspace = ctx.env?.GITHUB_WORKSPACE;
  if (!workspace) return path;
  const rel = relative(workspace, resolve(ctx.cwd, path));
  return rel.startsWith("..") || isAbsolute(rel) ? path : rel.split(sep).join("/");
}
