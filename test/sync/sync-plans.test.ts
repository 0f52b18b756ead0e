import { silentLog } from "../../src/log/log.js";
import { describe, expect, it, vi } from "vitest";
import { parseConfig } from "../../src/config/parse-config.js";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { renderMarker } from "../../src/render/marker.js";
import type { IssueRecord } from "../../src/sync/gateway.js";
import type { PushedPlan } from "../../src/sync/pushed-plan.js";
import { ReconciledMemory } from "../../src/sync/reconciled-memory.js";
import { syncPlans, type SyncPlansDeps } from "../../src/sync/sync-plans.js";
import { createMemoryGateway } from "../github/memory-gateway.js";
import { SEARCH_PLAN as PLAN, SEARCH_PLAN_PATH as PLAN_PATH } from "../support/search-plan.js";

/**
 * The engine as the command drives it: no check run (the memory gateway
 * refuses check runs and file writes, so any would fail the test), links
 * left to the caller.
 */

const parsed = parseConfig(null);
if (!parsed.ok) throw new Error("default config");
const config = parsed.config;
const identity = "plan-sync[bot]";

const modified = (before: string, after: string): PushedPlan => ({
  path: PLAN_PATH,
  change: "modified",
  previousPath: null,
  plan: parsePlan(after, PLAN_PATH),
  previousPlan: parsePlan(before, PLAN_PATH),
});
const input = (plan: PushedPlan) => ({ plans: [plan], branch: "main", sha: "a".repeat(40), confirmClose: false });

function setup(extra: Partial<SyncPlansDeps> = {}) {
  const gateway = createMemoryGateway(identity);
  const deps: SyncPlansDeps = {
    gateway,
    identity,
    config,
    serverUrl: "https://github.com",
    log: silentLog,
    report: "none",
    writeLinks: false,
    ...extra,
  };
  return { gateway, deps };
}

describe("syncPlans", () => {
  it("applies what the plan asks, labels first, with no check run and no commit when told so", async () => {
    const { gateway, deps } = setup();
    const result = await syncPlans(deps, input(modified("", PLAN)));
    expect(result.outcome).toBe("synced");
    expect(result.actions.map((a) => a.type)).toEqual([
      "create-label",
      "create-label",
      "create-label",
      "create-issue",
      "create-issue",
      "create-issue",
      "create-issue",
    ]);
    expect([...gateway.issues.values()].map((i) => [i.title.split(":")[0], i.state])).toEqual([
      ["DATA1", "closed"],
      ["DATA2", "open"],
      ["GAIN1", "open"],
      ["GAIN2", "open"],
      // The plan's tracking issue (on by default), created after its tasks.
      ["Semantic search (plan)", "open"],
    ]);
    expect(result.links).toEqual([]);
  });

  it("a dry run returns the actions and the issues it compared with, and writes nothing", async () => {
    const { gateway, deps } = setup({ dryRun: true });
    const result = await syncPlans(deps, input(modified("", PLAN)));
    expect(result.outcome).toBe("dry-run");
    expect(result.actions.filter((a) => a.type === "create-issue")).toHaveLength(4);
    expect(result.issues).toEqual([]);
    expect(gateway.writes).toEqual([]);
    // Nothing applied, linked, reported or left to another author.
    expect(result).toMatchObject({ applied: null, links: [], checkRunId: null, foreign: [] });
  });

  it("a refusal before the first write stops the sync with nothing written", async () => {
    const { gateway, deps } = setup({ beforeWrites: () => Promise.reject(new Error("not as this identity")) });
    await expect(syncPlans(deps, input(modified("", PLAN)))).rejects.toThrow("not as this identity");
    expect(gateway.writes).toEqual([]);
  });

  it("with a memory: a plan the push did not touch, reconciled as it is now, is not reconciled again (no issue list); one the push changed is, even in its prose only", async () => {
    const memory = new ReconciledMemory();
    const { gateway, deps } = setup({ memory });
    await syncPlans(deps, input(modified("", PLAN)));
    const list = vi.spyOn(gateway, "listIssuesByCreator");

    // Synced because the config changed, say: the push did not change the plan's file.
    const same = await syncPlans(deps, input({ ...modified(PLAN, PLAN), untouched: true }));
    expect(same).toMatchObject({ outcome: "in-sync", remembered: [PLAN_PATH], actions: [] });
    expect(list).not.toHaveBeenCalled();

    // Prose only: the issues are read, as one may have been closed without its webhook arriving.
    const prose = PLAN.replace("## Repository Changes", "## Repository Changes\n\nWhy.");
    const proseOnly = await syncPlans(deps, input(modified(PLAN, prose)));
    expect(proseOnly).toMatchObject({ outcome: "in-sync", remembered: [], actions: [] });
    expect(list).toHaveBeenCalledTimes(1);

    const ticked = prose.replace("| GAIN1 |", "| [x] GAIN1 |");
    const changed = await syncPlans(deps, input(modified(prose, ticked)));
    expect(changed).toMatchObject({ outcome: "synced", remembered: [] });
    expect(changed.actions).toEqual([
      expect.objectContaining({ type: "close-issue", taskId: "GAIN1", reason: "completed" }),
    ]);
    expect(list).toHaveBeenCalledTimes(2);
  });

  it('tasks whose issue another author already made are not created again; with "refuse" nothing at all is written', async () => {
    const { gateway, deps } = setup();
    const theirs = {
      title: "GAIN1: Search API",
      state: "open" as const,
      stateReason: null,
      labels: ["plan-sync", "GAIN"],
      author: "github-actions[bot]",
      htmlUrl: "",
    };
    gateway.issues.set(41, {
      ...theirs,
      number: 41,
      body: `${renderMarker({ path: PLAN_PATH, task: "GAIN1", hash: "0123abcd" })}`,
    });
    // A marker for another plan, and one without the label, are not the same task.
    gateway.issues.set(42, {
      ...theirs,
      number: 42,
      body: renderMarker({ path: "docs/plans/other.md", task: "GAIN2", hash: "0123abcd" }),
    });
    gateway.issues.set(43, {
      ...theirs,
      number: 43,
      labels: [],
      body: renderMarker({ path: PLAN_PATH, task: "DATA2", hash: "0123abcd" }),
    });

    await expect(syncPlans({ ...deps, foreignIssues: "refuse" }, input(modified("", PLAN)))).rejects.toMatchObject({
      name: "ForeignIssuesError",
      found: [{ path: PLAN_PATH, taskId: "GAIN1", number: 41, author: "github-actions[bot]" }],
    });
    expect(gateway.writes).toEqual([]);

    const result = await syncPlans(deps, input(modified("", PLAN)));
    expect(result.actions.flatMap((a) => (a.type === "create-issue" ? [a.taskId] : []))).toEqual([
      "DATA1",
      "DATA2",
      "GAIN2",
    ]);
    expect(result.foreign).toEqual([expect.objectContaining({ taskId: "GAIN1", number: 41 })]);
    expect(result.outcomes[0]?.notes).toEqual([
      expect.stringContaining(
        "GAIN1 ([#41](https://github.com/acme/app/issues/41)) already has a plan-sync issue by github-actions[bot]",
      ),
    ]);
    expect(result.plans[0]).toMatchObject({ create: 3 });
  });

  it("looks for other authors' issues only when it is about to create some", async () => {
    const { gateway, deps } = setup();
    const look = vi.spyOn(gateway, "listIssuesWithLabel");
    await syncPlans(deps, input(modified("", PLAN)));
    expect(look).toHaveBeenCalledTimes(1);
    expect(look).toHaveBeenCalledWith("plan-sync");

    const ticked = PLAN.replace("| GAIN1 |", "| [x] GAIN1 |");
    const result = await syncPlans(deps, input(modified(PLAN, ticked)));
    expect(result.outcome).toBe("synced");
    expect(look).toHaveBeenCalledTimes(1);
  });

  it("closes held back by the mass-close guard are not remembered: every later push still says so", async () => {
    const memory = new ReconciledMemory();
    const { deps } = setup({ memory });
    const rows = Array.from({ length: 8 }, (_, i) => `| DATA${i + 1} | Task ${i + 1} | Done | 1 |`);
    const plan = (n: number) =>
      PLAN.replace(/\| \[x\] DATA1 [^\n]*\n\| DATA2 [^\n]*\n/, `${rows.slice(0, n).join("\n")}\n`).replace(
        /\| GAIN\d [^\n]*\n/g,
        "",
      );
    await syncPlans(deps, input(modified("", plan(8))));

    const trimmed = await syncPlans(deps, input(modified(plan(8), plan(1))));
    expect(trimmed.outcomes[0]?.blocked).toMatch(/held back|more than/i);
    const again = await syncPlans(deps, input(modified(plan(1), plan(1))));
    expect(again.remembered).toEqual([]);
    expect(again.outcomes[0]?.blocked).not.toBeNull();
  });

  it("no plans and nothing to say: nothing is read or written", async () => {
    const { gateway, deps } = setup();
    const list = vi.spyOn(gateway, "listIssuesByCreator");
    // Listed by the caller already (none): passed through as they were.
    const given: IssueRecord[] = [];
    const result = await syncPlans(deps, {
      plans: [],
      branch: "main",
      sha: "a".repeat(40),
      confirmClose: false,
      issues: given,
    });
    expect(result).toEqual({
      outcome: "no-plans",
      outcomes: [],
      plans: [],
      actions: [],
      issues: given,
      applied: null,
      links: [],
      checkRunId: null,
      remembered: [],
      foreign: [],
    });
    expect(
      (await syncPlans(deps, { plans: [], branch: "main", sha: "a".repeat(40), confirmClose: false })).issues,
    ).toBeNull();
    expect(list).not.toHaveBeenCalled();
    expect(gateway.writes).toEqual([]);
  });

  describe("with the App's memory of issue listings", () => {
    const many = (n: number) =>
      PLAN.replace(
        /\| \[x\] DATA1 [^\n]*\n\| DATA2 [^\n]*\n/,
        `${Array.from({ length: n }, (_, i) => `| DATA${i + 1} | Task ${i + 1} | Done | 1 |`).join("\n")}\n`,
      ).replace(/\| GAIN\d [^\n]*\n/g, "");
    /** The memory gateway answering `since` listings as GitHub does, every `since` asked recorded. */
    function withSince() {
      const { gateway, deps } = setup({ memory: new ReconciledMemory() });
      const asked: Array<string | null> = [];
      gateway.listIssuesSince = async (creator, since) => {
        asked.push(since);
        return { issues: await gateway.listIssuesByCreator(creator), listedAt: new Date().toISOString() };
      };
      return { gateway, deps, asked };
    }

    it("a sync that wrote 50 issues or more lists what changed right after, so the next push's listing stays one page", async () => {
      const fifty = withSince();
      await syncPlans(fifty.deps, input(modified("", many(50))));
      expect(fifty.asked).toHaveLength(2);
      expect(fifty.asked[0]).toBeNull();
      expect(fifty.asked[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

      const fewer = withSince();
      await syncPlans(fewer.deps, input(modified("", many(49))));
      expect(fewer.asked).toEqual([null]);
    });

    it("without the memory (the command), a sync that writes 50 issues or more succeeds, with nothing to refresh", async () => {
      const { gateway, deps } = setup();
      const result = await syncPlans(deps, input(modified("", many(50))));
      expect(result.outcome).toBe("synced");
      expect(gateway.writes.filter((w) => w.startsWith("create-issue"))).toHaveLength(51);
    });

    it("each repository has its own remembered listing: a second repository synced with the same memory lists all its issues", async () => {
      const memory = new ReconciledMemory();
      const asked: string[] = [];
      const open = (repo: string) => {
        const { gateway, deps } = setup({ memory });
        const there = { ...gateway, repo: { owner: "acme", repo } };
        there.listIssuesSince = async (creator, since) => {
          asked.push(`${repo}: ${since === null ? "all" : "since"}`);
          return { issues: await gateway.listIssuesByCreator(creator), listedAt: new Date().toISOString() };
        };
        return { gateway, deps: { ...deps, gateway: there } };
      };
      const app = open("app");
      await syncPlans(app.deps, input(modified("", PLAN)));
      const other = open("other");
      const result = await syncPlans(other.deps, input(modified("", PLAN)));
      expect(asked).toEqual(["app: all", "other: all"]);
      expect(result.actions.filter((a) => a.type === "create-issue")).toHaveLength(4);
      expect([...other.gateway.issues.values()]).toHaveLength(5);
    });

    it("a sync that failed forgets the listing: the next one lists every issue again", async () => {
      const { gateway, deps, asked } = withSince();
      await syncPlans(deps, input(modified("", PLAN)));
      gateway.failOn("create-issue", new Error("GitHub is down"));
      const added = PLAN.replace("| GAIN1 |", "| GAIN3 | New | Done | 1 |\n| GAIN1 |");
      await expect(syncPlans(deps, input(modified(PLAN, added)))).rejects.toThrow("GitHub is down");
      await syncPlans(deps, input(modified(PLAN, added)));
      expect(asked.map((a) => (a === null ? "full" : "since"))).toEqual(["full", "since", "full"]);
    });
  });

  it("a plan whose version before the push was not read is read at that ref only when its reconciliation has something to do", async () => {
    const { gateway, deps } = setup();
    await syncPlans(deps, input(modified("", PLAN)));
    const reads: string[] = [];
    gateway.getFile = async (path, ref) => {
      reads.push(`${path}@${ref}`);
      return { path, text: PLAN, sha: "1".repeat(40) };
    };
    const prose = PLAN.replace("## Repository Changes", "## Repository Changes\n\nWhy.");
    const deferred = (after: string): PushedPlan => ({
      ...modified(PLAN, after),
      previousPlan: null,
      previousRef: "b".repeat(40),
    });
    const quiet = deferred(prose);
    expect((await syncPlans(deps, input(quiet))).outcome).toBe("in-sync");
    expect(reads).toEqual([]);
    expect(quiet.previousRef).toBeUndefined();

    const ticked = deferred(prose.replace("| GAIN1 |", "| [x] GAIN1 |"));
    const result = await syncPlans(deps, input(ticked));
    expect(reads).toEqual([`${PLAN_PATH}@${"b".repeat(40)}`]);
    expect(ticked.previousPlan?.tasks.map((t) => t.id)).toEqual(["DATA1", "DATA2", "GAIN1", "GAIN2"]);
    expect(result.actions).toEqual([expect.objectContaining({ type: "close-issue", taskId: "GAIN1" })]);
  });
});
