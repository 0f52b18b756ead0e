import type { PlanSyncConfig } from "../../config/config-schema.js";
import { matchesPlanPaths } from "../../config/matches-plan-paths.js";
import type { Gateway, IssueRecord } from "../../github/gateway.js";
import type { Diagnostic } from "../../plan/types.js";
import { parseChangedPlan, readChangedPlans } from "../../sync/plan-files.js";
import { findAllPlans } from "../../sync/find-all-plans.js";
import { findPushedPlans } from "../../push/find-pushed-plans.js";
import { withGitTree, type TreeReader } from "../../github/git-tree.js";
import { isMarkdown, ZERO_SHA, type PushToSync } from "../../sync/push-event.js";
import type { PushedPlan } from "../../sync/pushed-plan.js";
import { withUnchangedPlans } from "../../push/unchanged-plans.js";
import { appIssueMarker } from "../../sync/managed-issues.js";
import { CONFIG_PATH } from "../../config/config-path.js";
import { wrapGateway } from "../../github/wrap-gateway.js";

/**
 * Which plans one `plan-sync sync` run looks at:
 * - `named`: the paths on the command line, each of which must be a plan;
 * - `pushed` (`--before`, no paths): the App's push — the plans the compare
 *   `before...sha` shows, renames paired, deleted plans included;
 * - `all` (neither): every plan of the repository at `sha`.
 */
export type SyncScope = "named" | "pushed" | "all";

export interface PlansToSyncInput {
  gateway: Gateway;
  /** Lists the repository's files, for `all` (and a `pushed` run whose compare shows the config changed). */
  tree: TreeReader | null;
  identity: string;
  config: PlanSyncConfig;
  paths: readonly string[];
  branch: string;
  sha: string;
  before: string | null;
  confirmClose: boolean;
}

export interface PlansToSync {
  scope: SyncScope;
  plans: PushedPlan[];
  /** Each plan's text at `sha`, for a dry run's write-back preview. */
  texts: Map<string, string>;
  /** Paths named on the command line that are not plans, as positioned diagnostics (line 1). */
  problems: Diagnostic[];
  /** Worth telling the person running the command (GitHub cut the file listing short). */
  notes: string[];
  /** The identity's issues when they had to be read to find the plans (`--confirm-close`); the engine reuses them. */
  issues: IssueRecord[] | null;
}

export function scopeOf(input: Pick<PlansToSyncInput, "paths" | "before">): SyncScope {
  if (input.paths.length > 0) return "named";
  return input.before ? "pushed" : "all";
}

export async function readPlansToSync(input: PlansToSyncInput): Promise<PlansToSync> {
  const texts = new Map<string, string>();
  // Every plan is read at `sha` through here once; the dry run's preview needs the same text, not a second request.
  const gateway = recordingTexts(input.gateway, input.sha, texts);
  const scope = scopeOf(input);
  const base = {
    scope,
    texts,
    problems: [] as Diagnostic[],
    notes: [] as string[],
    issues: null as IssueRecord[] | null,
  };
  if (scope === "named") return { ...base, ...(await namedPlans({ ...input, gateway })) };
  if (scope === "pushed") return { ...base, ...(await pushedPlans({ ...input, gateway }, input.before as string)) };
  const all = await findAllPlans(withGitTree(gateway, requireTree(input)), input.sha, input.config);
  // No earlier version is known: the issues' state stands for tasks that have an issue (a reopen on GitHub is not
  // undone because the task is ticked); a ticked task without one gets its issue created and closed as completed.
  const plans = all.plans.map((p): PushedPlan => ({
    path: p.path,
    change: "modified",
    previousPath: null,
    plan: p.plan,
    previousPlan: p.plan,
  }));
  return { ...base, plans, notes: all.notes };
}

/** The App's push, with `sha` as its `after`. */
async function pushedPlans(
  input: PlansToSyncInput,
  before: string,
): Promise<Pick<PlansToSync, "plans" | "notes" | "issues">> {
  const { gateway, config } = input;
  const push: PushToSync = {
    branch: input.branch,
    before,
    after: input.sha,
    headCommit: null,
    touchesConfig: false,
    confirmClose: input.confirmClose,
  };
  // As the App does for a `plan-sync: confirm-close` push: closes held back earlier may belong to plans this range did not touch.
  const issues = input.confirmClose ? await gateway.listIssuesByCreator(input.identity) : null;
  const alsoPaths = issues ? openIssuePaths(issues, input.identity).filter((p) => matchesPlanPaths(p, config)) : [];
  const files = await gateway.compareCommits(before, input.sha);
  let plans = await findPushedPlans(gateway, push, config, alsoPaths, files);
  let notes: string[] = [];
  if (files.some((f) => f.path === CONFIG_PATH) && input.tree) {
    // A new config (paths, labels, areas) reaches every plan, as it does for the App.
    const all = await findAllPlans(withGitTree(gateway, input.tree), input.sha, config);
    plans = await withUnchangedPlans(gateway, { before: push.before }, plans, all.plans);
    notes = all.notes;
  }
  return { plans, notes, issues };
}

/** The named plans, found the way the App finds a push's plans (readChangedPlans), each at `sha` and at `before`. */
async function namedPlans(input: PlansToSyncInput): Promise<Pick<PlansToSync, "plans" | "problems">> {
  const { gateway, config, before } = input;
  const files = input.paths.map((path) => ({ path, status: before ? ("modified" as const) : ("added" as const) }));
  const changed = await readChangedPlans(gateway, { headSha: input.sha, baseSha: before ?? ZERO_SHA }, files, config);
  const found = new Map(changed.map((c) => [c.path, c]));
  const problems: Diagnostic[] = [];
  const plans: PushedPlan[] = [];
  for (const path of input.paths) {
    const file = found.get(path);
    if (!file) {
      problems.push(await whyNotAPlan(input, path));
      continue;
    }
    plans.push({ path, change: file.change, previousPath: null, ...(await parseChangedPlan(file, config)) });
  }
  return { plans, problems };
}

async function whyNotAPlan(input: PlansToSyncInput, path: string): Promise<Diagnostic> {
  const problem = (message: string): Diagnostic => ({
    path,
    line: 1,
    column: 1,
    severity: "error",
    code: "not-a-plan",
    message,
  });
  if (!isMarkdown(path)) return problem("not a Markdown (.md) file, so not a plan");
  const { paths, ignore } = input.config;
  if (!matchesPlanPaths(path, input.config)) {
    return problem(
      `not under the plan paths of .github/plan-sync.yml (paths: ${paths.join(", ")}${ignore.length > 0 ? `; ignore: ${ignore.join(", ")}` : ""}), so the App would not sync it either`,
    );
  }
  const file = await input.gateway.getFile(path, input.sha);
  if (!file) return problem(`no such file on ${input.branch} (at ${input.sha.slice(0, 7)})`);
  return problem("no task table (a `| Task ID | … |` header) in this file, so it is not a plan");
}

function requireTree(input: PlansToSyncInput): TreeReader {
  if (!input.tree) throw new Error("listing every plan needs the repository's git tree");
  return input.tree;
}

/** Plans the identity's open issues belong to, by their markers. */
function openIssuePaths(issues: readonly IssueRecord[], identity: string): string[] {
  const paths = new Set<string>();
  for (const issue of issues) {
    const marker = issue.state === "open" ? appIssueMarker(issue, identity) : null;
    if (marker) paths.add(marker.path);
  }
  return [...paths].sort();
}

function recordingTexts(gateway: Gateway, sha: string, texts: Map<string, string>): Gateway {
  const getFile: Gateway["getFile"] = async (path, ref) => {
    const file = await gateway.getFile(path, ref);
    if (file && ref === sha) texts.set(path, file.text);
    return file;
  };
  return wrapGateway(gateway, { replace: { getFile } });
}
