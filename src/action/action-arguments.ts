/**
 * The GitHub Action (action.yml) as a `plan-sync` command line. The runner
 * hands each `with:` input over as INPUT_<NAME> (upper case, hyphens kept);
 * this maps them to the CLI's options, so the Action and the command never
 * differ in behaviour. Pure, for tests; src/action/index.ts runs it.
 */

export interface ActionRun {
  argv: string[];
  /** Environment for the command: the token goes here, never on the command line (it would show in process lists). */
  env: Record<string, string>;
}

export class ActionInputError extends Error {}

type Env = Readonly<Record<string, string | undefined>>;

function input(env: Env, name: string): string {
  return (env[`INPUT_${name.toUpperCase()}`] ?? "").trim();
}

function flag(env: Env, name: string): boolean {
  const value = input(env, name).toLowerCase();
  if (value === "" || value === "false") return false;
  if (value === "true") return true;
  throw new ActionInputError(`input ${name}: expected true or false, got "${value}"`);
}

/** Plans as a workflow writes them: one per line or separated by spaces. */
function list(env: Env, name: string): string[] {
  return input(env, name).split(/\s+/).filter(Boolean);
}

/**
 * @param event the workflow's event payload (GITHUB_EVENT_PATH), for a push's `before`.
 */
export function actionArguments(env: Env, event: { before?: unknown } = {}): ActionRun {
  const command = input(env, "command") || "sync";
  const plans = list(env, "plans");
  const runEnv: Record<string, string> = {};
  const token = input(env, "token");
  if (token) runEnv.GITHUB_TOKEN = token;

  if (command === "check") {
    // Workflow commands: each error and warning becomes an annotation at its line in the run and the PR's diff.
    const argv = ["check", "--format", "github"];
    const config = input(env, "config");
    if (config) argv.push("--config", config);
    const maxWarnings = input(env, "max-warnings");
    if (maxWarnings) argv.push("--max-warnings", maxWarnings);
    return { argv: [...argv, ...plans], env: runEnv };
  }
  if (command !== "sync") throw new ActionInputError(`input command: expected sync or check, got "${command}"`);

  const argv = ["sync"];
  const repository = input(env, "repository");
  if (repository) argv.push("--repo", repository);
  const ref = input(env, "ref");
  if (ref) argv.push("--ref", ref);
  // On a push, syncing what the push changed is what the App does; named plans or an explicit `before` take precedence.
  const before =
    input(env, "before") ||
    (plans.length === 0 && env.GITHUB_EVENT_NAME === "push" && typeof event.before === "string" ? event.before : "");
  if (before) argv.push("--before", before);
  if (flag(env, "dry-run")) argv.push("--dry-run");
  if (flag(env, "confirm-close")) argv.push("--confirm-close");
  const identity = input(env, "identity");
  if (identity) argv.push("--identity", identity);
  return { argv: [...argv, ...plans], env: runEnv };
}
