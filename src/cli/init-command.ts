import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { CliContext } from "./cli-context.js";
import type { Command } from "./command.js";
import { INIT_OPTIONS } from "./commands.js";
import { displayPath } from "./display-path.js";
import { exists } from "./find-config.js";
import { EXIT_EXISTS, EXIT_OK, UsageError } from "./exit-codes.js";
import { booleanOption, parseCommandArgs, stringOption } from "./parse-command-args.js";

/** Where the first plan goes unless `--plan` says otherwise; the config's `paths` is set to its folder. */
export const DEFAULT_PLAN_PATH = "docs/plans/plan.md";

/** The package's root: lib/cli/ (and src/cli/ under test) is two folders below it. */
const PACKAGE_ROOT = new URL("../../", import.meta.url);
export const TEMPLATE_URL = new URL("templates/plan-template.md", PACKAGE_ROOT);

/**
 * `plan-sync init`: a repository set up for plan-sync in one step: the
 * config (with its JSON schema for editors), a first plan from the template
 * under the configured path, and with `--workflow` a workflow that checks
 * plans in pull requests. Never overwrites: if any file is there, nothing is
 * written and the file is named.
 */
export const initCommand: Command = {
  async run(argv, ctx) {
    const { positionals, values } = parseCommandArgs(argv, INIT_OPTIONS);
    if (positionals.length > 0)
      throw new UsageError(`init takes no file arguments (got ${positionals.join(" ")}); use --plan PATH`);
    const { root, isRepository } = await repositoryRoot(ctx.cwd);
    const planPath = planPathIn(root, ctx.cwd, stringOption(values, "plan") ?? DEFAULT_PLAN_PATH);

    const pkg = await packageInfo();
    const files: Array<{ path: string; text: string }> = [
      { path: ".github/plan-sync.yml", text: configText(planPath, pkg.schemaUrl) },
      { path: planPath, text: await readFile(TEMPLATE_URL, "utf8") },
    ];
    if (booleanOption(values, "workflow")) {
      files.push({ path: ".github/workflows/plan-sync.yml", text: workflowText(pkg.repository, pkg.version) });
    }

    // All or nothing: a half-initialised repository is harder to fix than one that was left alone.
    const existing = [];
    for (const file of files) if (await exists(join(root, file.path))) existing.push(file.path);
    if (existing.length > 0) {
      for (const path of existing) {
        ctx.stderr(`plan-sync init: ${displayPath(ctx, join(root, path))} already exists; not overwriting it\n`);
      }
      ctx.stderr("plan-sync init: nothing was written. Move the file(s) away, or edit them by hand.\n");
      return EXIT_EXISTS;
    }
    for (const file of files) {
      const absolute = join(root, file.path);
      await mkdir(dirname(absolute), { recursive: true });
      // `wx`: fail rather than overwrite a file created since the check above.
      await writeFile(absolute, file.text, { flag: "wx" });
      ctx.stdout(`created ${displayPath(ctx, absolute)}\n`);
    }
    if (!isRepository)
      ctx.stderr(`plan-sync init: ${displayPath(ctx, root)} is not in a git repository; wrote the files here\n`);
    ctx.stdout(nextSteps(ctx, join(root, planPath)));
    return EXIT_OK;
  },
};

/** The plan's path relative to the repository root, `/`-separated; it must stay inside the repository. */
function planPathIn(root: string, cwd: string, typed: string): string {
  if (!/\.md$/i.test(typed)) throw new UsageError(`--plan must name a Markdown file (.md); got "${typed}"`);
  const rel = relative(root, resolve(cwd, typed));
  if (rel.startsWith("..") || isAbsolute(rel))
    throw new UsageError(`--plan must be inside the repository (${root}); got "${typed}"`);
  return rel.split(sep).join("/");
}

function configText(planPath: string, schemaUrl: string): string {
  const folder = planPath.includes("/") ? planPath.slice(0, planPath.lastIndexOf("/")) : "";
  const glob = folder === "" ? "*.md" : `${folder}/**/*.md`;
  return `# yaml-language-server: $schema=${schemaUrl}
# plan-sync settings. Every key is optional; the full list is in plan-sync's docs/configuration.md.

# Which Markdown files are plans (a file is a plan only if it also has a task table).
paths:
  - ${quoteIfNeeded(glob)}

# Labels for the task ID prefixes (DATA, GAIN and EDH are built in). For example:
# areas:
#   OPS:
#     label: operations
#     color: "c5def5"

# Closing more than half of a plan's issues (and at least 5) in one push waits for \`plan-sync: confirm-close\`.
# massClose:
#   maxFraction: 0.5
#   minCount: 5
`;
}

function workflowText(repository: string, version: string): string {
  return `# Checks plans in pull requests: errors and warnings appear as annotations on the changed lines.
# Written by \`plan-sync init --workflow\`; pin the plan-sync version you use in \`ref\`.
name: plan-sync
on:
  pull_request:
    paths: ["**.md", ".github/plan-sync.yml"]
permissions:
  contents: read
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/checkout@v4
        with:
          repository: ${repository}
          ref: v${version}
          path: .plan-sync
      - uses: actions/setup-node@v4
        with:
          node-version: 24
      - run: npm ci
        working-directory: .plan-sync
      - name: Check plans
        # No paths: every plan .github/plan-sync.yml selects. Exit 1 on errors fails the check.
        run: node .plan-sync/bin/plan-sync.js check --format github
`;
}

function nextSteps(ctx: CliContext, plan: string): string {
  const shown = displayPath(ctx, plan);
  return `
Next: fill in ${shown} (replace the [bracketed] template text; keep the Implementation Tasks tables),
then \`plan-sync check\` until it reports 0 errors, and \`plan-sync preview ${shown}\` to see the issues a push creates.
`;
}

async function repositoryRoot(cwd: string): Promise<{ root: string; isRepository: boolean }> {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (await exists(join(dir, ".git"))) return { root: dir, isRepository: true };
    if (dirname(dir) === dir) return { root: resolve(cwd), isRepository: false };
  }
}

/**
 * The schema URL is the committed schema's own `$id` (schema/plan-sync.schema.json,
 * generated from the config's zod schema), so the comment always points where
 * that file is published; the workflow checks out the repository it names.
 */
async function packageInfo(): Promise<{ version: string; repository: string; schemaUrl: string }> {
  const pkg = JSON.parse(await readFile(new URL("package.json", PACKAGE_ROOT), "utf8")) as { version: string };
  const schema = JSON.parse(await readFile(new URL("schema/plan-sync.schema.json", PACKAGE_ROOT), "utf8")) as {
    $id: string;
  };
  const match = /^https:\/\/raw\.githubusercontent\.com\/([^/]+)\/([^/]+)\//.exec(schema.$id);
  return {
    version: pkg.version,
    repository: match ? `${match[1]}/${match[2]}` : "plan-sync/plan-sync",
    schemaUrl: schema.$id,
  };
}

function quoteIfNeeded(glob: string): string {
  // `*` and `{` start YAML aliases and flow mappings: a glob starting with them must be quoted.
  return /^[*&!{[|>'"%@`]/.test(glob) || /[:#]/.test(glob) ? JSON.stringify(glob) : glob;
}
