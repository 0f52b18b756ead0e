import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { parseConfig } from "../../src/config/parse-config.js";
import { silentLog } from "../../src/log/log.js";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { parseMarker } from "../../src/render/marker.js";
import type { RouteTargets } from "../../src/sync/gateway.js";
import type { PushedPlan } from "../../src/sync/pushed-plan.js";
import { syncPlans, type SyncPlansDeps } from "../../src/sync/sync-plans.js";
import { createMemoryGateway, type MemoryGateway } from "../github/memory-gateway.js";
import { SEARCH_PLAN as PLAN, SEARCH_PLAN_PATH as PLAN_PATH } from "../support/search-plan.js";

/**
 * Routing through the engine (syncPlans): a plan repository (acme/app) that routes its DATA area to a consenting
 * repository and its GAIN area to one that never agreed. What lands where, and what the check run is told.
 */

const ME = "plan-sync[bot]";
const CONFIG = ".github/plan-sync.yml";
// The area is spelled in lower case and the repository in mixed case: both as a person may write them.
const PLAN_CONFIG = "areas:\n  data:\n    repo: Acme/Data\n  GAIN:\n    label: gain\n    repo: acme/gain\n";

function parsedConfig(text: string | null) {
  const parsed = parseConfig(text === null ? null : parseYaml(text));
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  return parsed.config;
}

/** A repository with a `.github/plan-sync.yml` on its default branch (ref "") and, for the plan repository, at the pushed commit. */
function repository(fullName: string, configText: string | null, at = ""): MemoryGateway {
  const [owner = "", repo = ""] = fullName.split("/");
  return {
    ...createMemoryGateway(ME),
    repo: { owner, repo },
    getFile: async (path, ref) =>
      path === CONFIG && ref === at && configText !== null ? { path, text: configText, sha: "2".repeat(40) } : null,
  };
}

const SHA = "a".repeat(40);
const pushed = (before: string | null): PushedPlan => ({
  path: PLAN_PATH,
  change: before === null ? "added" : "modified",
  previousPath: null,
  plan: parsePlan(PLAN, PLAN_PATH),
  previousPlan: before === null ? null : parsePlan(before, PLAN_PATH),
});
const input = (plan: PushedPlan) => ({ plans: [plan], branch: "main", sha: SHA, confirmClose: false });

function deps(gateway: MemoryGateway, configText: string | null, targets?: RouteTargets): SyncPlansDeps {
  return {
    gateway,
    identity: ME,
    config: parsedConfig(configText),
    serverUrl: "https://github.com",
    log: silentLog,
    report: "none",
    writeLinks: false,
    ...(targets ? { targets } : {}),
  };
}

const state = (g: MemoryGateway) =>
  [...g.issues.values()].map((i) => [i.title.split(":")[0], i.state, i.stateReason, parseMarker(i.body)?.repo]);

describe("syncPlans with areas routed to other repositories", () => {
  it("moves a consenting repository's tasks there and leaves a refused area's issues open at home, with an error at its repo: line", async () => {
    // First sync, before any routing: every task's issue in acme/app.
    const home = repository("acme/app", PLAN_CONFIG, SHA);
    await syncPlans(deps(home, null), input(pushed(null)));
    expect(state(home).map(([task, s]) => [task, s])).toEqual([
      ["DATA1", "closed"],
      ["DATA2", "open"],
      ["GAIN1", "open"],
      ["GAIN2", "open"],
      ["Semantic search (plan)", "open"],
    ]);

    // Consent spelled in another case than GitHub's names: names compare case-insensitively.
    const data = repository("acme/data", "accept: [ACME/App]\n");
    // Installed, reachable, but it never agreed.
    const gain = repository("acme/gain", null);
    const opened: string[] = [];
    const targets: RouteTargets = {
      async open(repo) {
        opened.push(`${repo.owner}/${repo.repo}`);
        const found = { "acme/data": data, "acme/gain": gain }[`${repo.owner}/${repo.repo}`.toLowerCase()];
        return found ? { ok: true, gateway: found } : { ok: false, reason: "not installed" };
      },
    };
    home.writes.length = 0;
    const result = await syncPlans(deps(home, PLAN_CONFIG, targets), input(pushed(PLAN)));

    expect(opened).toEqual(["Acme/Data", "acme/gain"]);
    // DATA's issues are created in acme/data, marked with the plan repository; DATA1 is created already done.
    expect(state(data)).toEqual([
      ["DATA1", "closed", "completed", "acme/app"],
      ["DATA2", "open", null, "acme/app"],
    ]);
    expect(data.labels.map((l) => l.name).sort()).toEqual(["DATA", "plan-sync"]);
    // Every action for acme/data names it as the config spells it.
    expect(
      result.actions.filter((a) => a.type !== "create-label" || a.repo).map((a) => [a.type, a.repo ?? null]),
    ).toEqual(
      expect.arrayContaining([
        ["create-issue", "Acme/Data"],
        ["create-label", "Acme/Data"],
      ]),
    );
    // The old home issue of DATA2 is closed as not planned; GAIN's stay open; nothing is written to acme/gain.
    expect(state(home).map(([task, s, reason]) => [task, s, reason])).toEqual([
      ["DATA1", "closed", "completed"],
      ["DATA2", "closed", "not_planned"],
      ["GAIN1", "open", null],
      ["GAIN2", "open", null],
      ["Semantic search (plan)", "open", null],
    ]);
    expect(gain.writes).toEqual([]);
    expect(gain.issues.size).toBe(0);
    expect(result.actions.some((a) => "taskId" in a && a.taskId.startsWith("GAIN"))).toBe(false);

    // The check run's error sits at GAIN's `repo:` line (line 6) of acme/app's config, and names the remedy.
    const [outcome] = result.outcomes;
    expect(outcome?.diagnostics.filter((d) => d.code === "routing-refused")).toEqual([
      {
        path: CONFIG,
        line: 6,
        column: 1,
        severity: "error",
        code: "routing-refused",
        message:
          "GAIN tasks are routed to acme/gain, but acme/gain has not agreed to take issues from acme/app: it has no .github/plan-sync.yml; add `accept: [acme/app]` (or `acme/*`) to acme/gain's .github/plan-sync.yml. Nothing was written there.",
      },
    ]);
    expect(outcome?.notes).toContain(
      "GAIN1, GAIN2 not synced: acme/gain has not agreed to take issues from acme/app: it has no .github/plan-sync.yml; add `accept: [acme/app]` (or `acme/*`) to acme/gain's .github/plan-sync.yml.",
    );
  });
});
