import type { CommandSpec, OptionSpec } from "./command.js";

/**
 * Every subcommand, in the order the help lists them: its options and help
 * text, with the code loaded on demand (`check` must not load the GitHub
 * client `sync` needs; see BENCHMARKS.md). A new command is one entry here and
 * one module.
 */

const help: OptionSpec = { name: "help", type: "boolean", short: "h", description: "show this help" };
const config: OptionSpec = {
  name: "config",
  type: "string",
  value: "FILE",
  description: "config to read plans with (default: the nearest .github/plan-sync.yml above each plan)",
};

export const CHECK_OPTIONS: readonly OptionSpec[] = [
  {
    name: "format",
    type: "string",
    value: "text|json|github",
    description: "text (default): file:line:col lines; json: one JSON document; github: Actions annotations",
  },
  {
    name: "max-warnings",
    type: "string",
    value: "N",
    description: "also exit 1 when there are more than N warnings (default: warnings never fail)",
  },
  config,
  help,
];

export const PREVIEW_OPTIONS: readonly OptionSpec[] = [
  { name: "json", type: "boolean", description: "print the preview as JSON (shape in docs/cli.md)" },
  config,
  help,
];

export const SYNC_OPTIONS: readonly OptionSpec[] = [
  { name: "repo", type: "string", value: "OWNER/NAME", description: "the repository (default: GITHUB_REPOSITORY)" },
  {
    name: "ref",
    type: "string",
    value: "BRANCH",
    description: "branch to read plans from (default: the default branch)",
  },
  {
    name: "before",
    type: "string",
    value: "SHA",
    description: "without plan paths: sync the plans changed since this commit, as the App's push does",
  },
  { name: "dry-run", type: "boolean", description: "say what would change, change nothing" },
  { name: "json", type: "boolean", description: "print the result as JSON on stdout (shape in docs/cli.md)" },
  {
    name: "confirm-close",
    type: "boolean",
    description: "put through closes the mass-close guard holds back (like `plan-sync: confirm-close` in a commit)",
  },
  { name: "token", type: "string", value: "TOKEN", description: "GitHub token (default: GITHUB_TOKEN, then GH_TOKEN)" },
  {
    name: "identity",
    type: "string",
    value: "LOGIN",
    description: "whose issues are plan-sync's (default: the token's own login)",
  },
  help,
];

export const INIT_OPTIONS: readonly OptionSpec[] = [
  {
    name: "plan",
    type: "string",
    value: "PATH",
    description: "where to write the first plan (default: docs/plans/plan.md)",
  },
  {
    name: "workflow",
    type: "boolean",
    description: "also write .github/workflows/plan-sync.yml (checks plans in pull requests)",
  },
  help,
];

export const commands: readonly CommandSpec[] = [
  {
    name: "check",
    args: "[files…]",
    summary: "report errors and warnings in plans (exit 1 on any error)",
    description:
      "Reads each plan as the App would and reports its errors and warnings at their lines. Without files, checks\n" +
      "every plan the config's `paths` and `ignore` select in the repository around the current directory.",
    options: CHECK_OPTIONS,
    load: async () => (await import("./check-command.js")).checkCommand,
  },
  {
    name: "preview",
    args: "<file>",
    summary: "show the issues a plan would produce (title, labels, criteria, done)",
    description:
      "Shows, offline, the issues a push of this plan would create or update, with the config the App would use.",
    options: PREVIEW_OPTIONS,
    load: async () => (await import("./preview-command.js")).previewCommand,
  },
  {
    name: "sync",
    args: "[plans…]",
    summary: "sync plans in a GitHub repository with their issues over a token, no App needed",
    description:
      "Does what the App does on a push, over GITHUB_TOKEN: creates, updates, closes and reopens the plans' issues and\n" +
      "ticks closed tasks in the plans. With plan paths: those plans. Without: the plans changed since --before SHA\n" +
      "(moves and deletions as the App's push), or without --before every plan of the repository.",
    options: SYNC_OPTIONS,
    load: async () => (await import("./sync-command.js")).syncCommand,
  },
  {
    name: "init",
    args: "",
    summary: "set a repository up: .github/plan-sync.yml and a first plan from the template",
    description:
      "Writes .github/plan-sync.yml (with its JSON schema for editors) and a first plan from the template at the\n" +
      "repository root around the current directory; never overwrites a file (exit 73 naming it).",
    options: INIT_OPTIONS,
    load: async () => (await import("./init-command.js")).initCommand,
  },
];
