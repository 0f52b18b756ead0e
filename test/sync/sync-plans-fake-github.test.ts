import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse-config.js";
import type { PlanSyncConfig } from "../../src/config/config-schema.js";
import { createOctokitGateway } from "../../src/github/octokit-gateway.js";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { parseMarker } from "../../src/render/marker.js";
import type { Gateway, RouteTargets } from "../../src/sync/gateway.js";
import type { PushedPlan } from "../../src/sync/pushed-plan.js";
import type { PlanWriter, PlanWriteResult } from "../../src/sync/write-links.js";
import { reportSyncFailure, syncPlans, type SyncPlansDeps } from "../../src/sync/sync-plans.js";
import { capturingLogger } from "../support/capture-log.js";
import { FakeGitHub } from "../support/fake-github/index.js";
import { quiet } from "../support/quiet-log.js";
import { dataPlan, pushedPlan } from "../support/engine-fake-github.js";

/**
 * The engine as the App drives it (a check run on the commit, links and ticks committed into the plan,
 * dependencies and the tracking issue), against the fake GitHub over HTTP through the real gateway.
 */

const REPO = "acme/app";
const PATH = "docs/plans/search.md";
/** The marker plan-sync writes, here in issues another author opened: they count as that author's, not the App's. */
const marker = (task: string) => `<!-- plan-sync:v1 {"path":"${PATH}","task":"${task}","hash":"0123abcd"} -->`;
const ME = "plan-sync[bot]";

const plan = (rows: string[]) => dataPlan(rows, { dependsOn: true });
const ROWS = [
  "| DATA1 | Embeddings table | Table exists | 3 | |",
  "| DATA2 | Nightly embedding ETL | Runs nightly | 5 | DATA1 |",
];
const PLAN = plan(ROWS);

function config(yaml: Record<string, unknown> = {}): PlanSyncConfig {
  const parsed = parseConfig(yaml);
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  return parsed.config;
}

let fake: FakeGitHub;
let gateway: Gateway;
let logged: ReturnType<typeof capturingLogger>;

beforeEach(async () => {
  fake = new FakeGitHub();
  await fake.start();
  fake.createRepo(REPO, { files: { [PATH]: PLAN } });
  fake.addToken("t", ME, { installationToken: true, installationId: fake.install([REPO]) });
  // No throttling plugin: the paced writes of the production client would cost a second each.
  const octokit = new Octokit({ auth: "t", baseUrl: fake.url, log: quiet });
  gateway = createOctokitGateway(octokit, { owner: "acme", repo: "app" }, { identity: "token:t" });
  logged = capturingLogger("warn");
  planWrites = [];
  planWriteResult = { status: "committed", missing: [], changes: { linked: [] } };
});

afterEach(async () => {
  fake.assertNoUnexpected();
  await fake.stop();
});

/** The plan writes the engine asks for (the write-back feature's writeBack is tested in test/write-back). */
let planWrites: Array<{ path: string; branch: string; desired: Record<string, unknown> }>;
let planWriteResult: PlanWriteResult;
const writePlan: PlanWriter = async ({ path, branch, desired }) => {
  planWrites.push({ path, branch, desired: Object.fromEntries(desired) });
  return planWriteResult;
};

function deps(extra: Partial<SyncPlansDeps> = {}): SyncPlansDeps {
  return {
    gateway,
    identity: ME,
    config: config(),
    serverUrl: "https://github.com",
    log: logged.log,
    writePlan,
    ...extra,
  };
}

const pushed = pushedPlan;

const input = (plans: PushedPlan[], more: Record<string, unknown> = {}) => ({
  plans,
  branch: "main",
  sha: fake.branchHead(REPO),
  confirmClose: false,
  ...more,
});

const writes = () => fake.writes().map((w) => `${w.method} ${w.path}`);
const runs = () => fake.checkRuns(REPO).map((r) => ({ status: r.status, conclusion: r.conclusion, ...r.output }));
const url = (n: number) => `https://github.com/acme/app/issues/${n}`;

const TABLE =
  "What this sync did, per plan:\n\n| Plan | Create | Update | Close | Reopen | Errors | Warnings |\n|---|---:|---:|---:|---:|---:|---:|\n";
const checkRunWrites = () =>
  fake.writes().flatMap((w) => (w.path.includes("/check-runs") ? [[w.method, w.body] as const] : []));

describe("syncPlans against the fake GitHub", () => {
  it("a first sync creates the issues, commits their links, links dependencies, opens the tracking issue, then one completed check run; again, it writes nothing", async () => {
    const result = await syncPlans(deps(), input([pushed(PLAN, null)]));

    expect(writes()).toEqual([
      "POST /repos/acme/app/labels",
      "POST /repos/acme/app/labels",
      "POST /repos/acme/app/issues",
      "POST /repos/acme/app/issues",
      "POST /repos/acme/app/issues/2/dependencies/blocked_by",
      "POST /repos/acme/app/issues",
      "POST /repos/acme/app/issues/3/sub_issues",
      "POST /repos/acme/app/issues/3/sub_issues",
      "POST /repos/acme/app/check-runs",
    ]);
    expect(planWrites).toEqual([
      {
        path: PATH,
        branch: "main",
        desired: { DATA1: { issue: { number: 1, url: url(1) } }, DATA2: { issue: { number: 2, url: url(2) } } },
      },
    ]);
    expect(fake.blockedBy(REPO, 2)).toEqual(["acme/app#1"]);
    expect(fake.subIssues(REPO, 3)).toEqual(["acme/app#1", "acme/app#2"]);
    expect(runs()).toEqual([
      {
        status: "completed",
        conclusion: "success",
        title: "Created 2 issues",
        summary:
          TABLE +
          "| `docs/plans/search.md` | 2 | 0 | 0 | 0 | 0 | 0 |\n\n### `docs/plans/search.md`\n\n" +
          `- **Created** (2): [#1](${url(1)}) \`DATA1\` DATA1: Embeddings table, [#2](${url(2)}) \`DATA2\` DATA2: Nightly embedding ETL\n\n` +
          '- Note: Dependencies: 1 "blocked by" link added, 0 removed.',
        text: null,
        annotations: [],
      },
    ]);
    expect(result).toMatchObject({
      outcome: "synced",
      checkRunId: fake.checkRuns(REPO)[0]?.id,
      links: [{ path: PATH, result: planWriteResult }],
      plans: [{ path: PATH, create: 2, update: 0, close: 0, reopen: 0 }],
      foreign: [],
      remembered: [],
    });
    expect(result.applied?.issues.map((i) => [i.type, i.number])).toEqual([
      ["create-issue", 1],
      ["create-issue", 2],
    ]);
    expect(logged.lines).toEqual([]);

    fake.resetCounters();
    const again = await syncPlans(deps(), input([pushed(PLAN, PLAN)]));
    expect(again).toMatchObject({ outcome: "in-sync", actions: [], checkRunId: null, applied: null, links: [] });
    expect(writes()).toEqual([]);
  });

  it("links are left to the caller when it says so, and a plan that cannot take them is noted on the check run", async () => {
    await syncPlans(deps({ writeLinks: false }), input([pushed(PLAN, null)]));
    expect(planWrites).toEqual([]);

    const added = plan([...ROWS, "| DATA3 | Backfill | Done | 2 | |"]);
    planWriteResult = { status: "refused", reason: "the plan changed meanwhile", missing: [] };
    const result = await syncPlans(deps(), input([pushed(added, PLAN)]));
    expect(planWrites.map((w) => Object.keys(w.desired))).toEqual([["DATA3"]]);
    expect(result.links).toEqual([{ path: PATH, result: planWriteResult }]);
    expect(runs()[1]?.summary).toContain(
      "\n- Note: issue links and ticks were not written into `docs/plans/search.md`: the plan changed meanwhile",
    );
  });

  it("a big sync opens an in-progress check run saying what is coming, updates it at most once per interval, then completes it", async () => {
    const rows = Array.from({ length: 11 }, (_, i) => `| DATA${i + 1} | Task ${i + 1} | Done | 1 | |`);
    let t = 0;
    const seen: string[] = [];
    const result = await syncPlans(
      deps({
        now: () => (t += 1000),
        progressIntervalMs: 2500,
        onProgress: (p) => void seen.push(`${p.kind} ${p.done}/${p.total}`),
      }),
      input([pushed(plan(rows), null)]),
    );
    expect(seen).toEqual(Array.from({ length: 13 }, (_, i) => `action ${i + 1}/13`));
    const progress = (done: number) => [
      "PATCH",
      {
        output: {
          title: `Syncing: ${done} of 13 changes done`,
          summary: "plan-sync is applying 13 changes one at a time, at GitHub's pace for integrations.",
          annotations: [],
        },
      },
    ];
    const updates = checkRunWrites();
    expect(updates.slice(0, 5)).toEqual([
      [
        "POST",
        {
          name: "plan-sync",
          head_sha: fake.branchHead(REPO),
          status: "in_progress",
          output: {
            title: "Syncing 13 changes",
            summary:
              "plan-sync is bringing the issues in line with the plans of this push:\n\n- `docs/plans/search.md`: 11 to create, 0 to update, 0 to close, 0 to reopen",
            annotations: [],
          },
        },
      ],
      progress(3),
      progress(6),
      progress(9),
      progress(12),
    ]);
    expect(updates).toHaveLength(6);
    expect(updates[5]).toEqual(["PATCH", expect.objectContaining({ status: "completed", conclusion: "success" })]);
    expect(runs()).toEqual([expect.objectContaining({ status: "completed", title: "Created 11 issues" })]);
    expect(result.checkRunId).toBe(fake.checkRuns(REPO)[0]?.id);
  });

  it("a failure ends the check run as failed, saying what was done and when it is tried again, and is rethrown", async () => {
    fake.failNext({ method: "POST", path: /\/issues$/, status: 500, times: 10 });
    const error = await syncPlans(
      deps({ retryAt: () => Date.parse("2026-12-07T07:00:00Z"), now: () => Date.parse("2026-12-07T06:58:00Z") }),
      input([pushed(PLAN, null)]),
    ).catch((e: unknown) => e);
    expect(String(error)).toBe(
      "ApplyActionsError: create issue for DATA1 (docs/plans/search.md) failed after 2 of 4 actions: Server Error",
    );
    expect(runs()).toEqual([
      {
        status: "completed",
        conclusion: "failure",
        title: "Sync stopped after 2 of 4 changes; retrying in 2 min (07:00 UTC)",
        summary:
          "plan-sync could not finish syncing this push: create issue for DATA1 (docs/plans/search.md) failed after 2 of 4 actions: Server Error\n\n" +
          "2 of 4 changes were made before it stopped.\n\n" +
          "Nothing is duplicated by trying again: every sync compares the plan with the issues as they are. " +
          "GitHub did not answer as it should, so plan-sync tries this sync again by itself in 2 min (07:00 UTC), and reports it in this check run.",
        text: null,
        annotations: [],
      },
    ]);
  });

  it("a failure the check run cannot report either is logged, and the sync's own error is the one thrown", async () => {
    fake.failNext({ method: "POST", path: /\/issues$/, status: 500, times: 10 });
    fake.failNext({ method: "POST", path: /\/check-runs$/, status: 500 });
    await expect(syncPlans(deps(), input([pushed(PLAN, null)]))).rejects.toThrow("create issue for DATA1");
    expect(fake.checkRuns(REPO)).toEqual([]);
    expect(logged.lines.map((l) => l.msg)).toEqual(["could not mark the plan-sync check run as failed: Server Error"]);
  });

  it("a failure before the sync could start is reported on the commit, unless the caller reports", async () => {
    const failed = await reportSyncFailure(deps(), fake.branchHead(REPO), new Error("compare failed"));
    expect(runs()).toEqual([
      expect.objectContaining({
        conclusion: "failure",
        title: "Sync failed",
        summary: expect.stringContaining(
          "plan-sync could not finish syncing this push: compare failed\n\nNothing is duplicated",
        ),
      }),
    ]);
    expect(failed).toBe(fake.checkRuns(REPO)[0]?.id);
    expect(await reportSyncFailure(deps({ report: "none" }), fake.branchHead(REPO), new Error("x"))).toBeNull();
    expect(await reportSyncFailure(deps({ dryRun: true }), fake.branchHead(REPO), new Error("x"))).toBeNull();
    expect(fake.checkRuns(REPO)).toHaveLength(1);
  });

  it("notes alone are worth a check run, with nothing else written", async () => {
    await syncPlans(deps(), input([pushed(PLAN, null)]));
    fake.resetCounters();
    const result = await syncPlans(
      deps(),
      input([pushed(PLAN, PLAN)], { notes: ["GitHub listed only part of the files."] }),
    );
    expect(result.outcome).toBe("reported");
    expect(writes()).toEqual(["POST /repos/acme/app/check-runs"]);
    expect(runs()[1]?.summary).toMatch(/\n\n- Note: GitHub listed only part of the files\.$/);
    expect(result.checkRunId).toBe(fake.checkRuns(REPO)[1]?.id);
  });

  it("tasks another author's issues already have are left out, the check run's title says whose", async () => {
    fake.createIssue(REPO, {
      title: "DATA1: Embeddings table",
      body: marker("DATA1"),
      labels: ["plan-sync"],
      user: "bob",
    });
    const result = await syncPlans(deps(), input([pushed(PLAN, null)]));
    expect(result.foreign).toEqual([expect.objectContaining({ taskId: "DATA1", number: 1, author: "bob" })]);
    expect(runs()[0]?.title).toBe("Created 1 issue; 1 task left to bob's issues");
    expect(logged.lines.map((l) => l.msg)).toEqual([
      "acme/app: 1 task(s) not created: plan-sync issues by bob already have them",
    ]);
  });
});

describe("syncPlans against the fake GitHub: after the first sync", () => {
  const DONE_ROWS = ROWS.map((r) => r.replace("| DATA", "| [x] DATA"));
  const state = () =>
    fake.issues(REPO).map((i) => `#${i.number} ${i.state}${i.stateReason ? ` ${i.stateReason}` : ""}`);

  it("an issue closed on GitHub since the last sync is ticked in the plan, recorded in its marker, and shown by the tracking issue", async () => {
    await syncPlans(deps(), input([pushed(PLAN, null)]));
    fake.resetCounters();
    fake.updateIssue(REPO, 1, { state: "closed", stateReason: "completed" });
    const prose = PLAN.replace("## Repository Changes", "## Repository Changes\n\nWhy.");

    const healed = await syncPlans(deps(), input([pushed(prose, PLAN)]));

    expect(writes()).toEqual([
      "PATCH /repos/acme/app/issues/1",
      "PATCH /repos/acme/app/issues/3",
      "POST /repos/acme/app/check-runs",
    ]);
    expect(planWrites[1]).toEqual({ path: PATH, branch: "main", desired: { DATA1: { done: true } } });
    expect(healed.links).toEqual([{ path: PATH, result: planWriteResult, healed: ["DATA1"] }]);
    expect(fake.issue(REPO, 1)?.body).toContain('"task":"DATA1","hash":"93403df2e1187dcb","done":true} -->');
    // The plan is linked on its branch in the plan's repository.
    expect(fake.issue(REPO, 3)?.body).toContain(
      "Tracks [`docs/plans/search.md`](https://github.com/acme/app/blob/main/docs/plans/search.md): 1 of 2 tasks done.",
    );
    expect(runs()[1]).toMatchObject({
      title: "Issues already in sync",
      summary: expect.stringMatching(
        /\n\n- Note: #1 was closed on GitHub since the last sync, so DATA1 is ticked in `docs\/plans\/search.md` to match\.$/,
      ),
    });
  });

  it("with nothing else to do, a tracking issue edited by hand is rewritten, and a run an interrupted attempt opened is completed", async () => {
    await syncPlans(deps(), input([pushed(PLAN, null)]));
    const tracking = fake.issue(REPO, 3)!;
    // Edited above its hidden marker, which stays.
    fake.updateIssue(REPO, 3, { body: (tracking.body ?? "").replace("Tracks", "Tracked by hand:") });
    fake.resetCounters();
    const rewritten = await syncPlans(deps(), input([pushed(PLAN, PLAN)]));
    expect(rewritten.outcome).toBe("reported");
    expect(writes()).toEqual(["PATCH /repos/acme/app/issues/3", "POST /repos/acme/app/check-runs"]);
    expect(fake.issue(REPO, 3)?.body).toBe(tracking.body);

    fake.resetCounters();
    const runId = fake.checkRuns(REPO)[0]!.id;
    const resumed = await syncPlans(deps({ resumeCheckRunId: runId }), input([pushed(PLAN, PLAN)]));
    expect(resumed).toMatchObject({ outcome: "reported", checkRunId: runId });
    expect(writes()).toEqual([`PATCH /repos/acme/app/check-runs/${runId}`]);
    expect(runs()[0]).toMatchObject({ status: "completed", title: "Issues already in sync" });
  });

  it("when the plan is not to follow its issues (healPlans off), nothing is written into it", async () => {
    await syncPlans(deps(), input([pushed(PLAN, null)]));
    fake.updateIssue(REPO, 1, { state: "closed", stateReason: "completed" });
    const prose = PLAN.replace("## Repository Changes", "## Repository Changes\n\nWhy.");
    const result = await syncPlans(deps({ healPlans: false }), input([pushed(prose, PLAN)]));
    expect(planWrites).toHaveLength(1);
    expect(result.links).toEqual([]);
  });

  it("the tracking issue closes with its last task and reopens with it; a dropped dependency is unlinked; a deleted plan's issues close as not planned", async () => {
    await syncPlans(deps(), input([pushed(PLAN, null)]));
    fake.updateIssue(REPO, 1, { state: "closed", stateReason: "completed" });
    const prose = PLAN.replace("## Repository Changes", "## Repository Changes\n\nWhy.");
    await syncPlans(deps(), input([pushed(prose, PLAN)]));

    fake.resetCounters();
    const allDone = plan(DONE_ROWS);
    const closed = await syncPlans(deps(), input([pushed(allDone, prose)]));
    expect(closed.outcome).toBe("synced");
    expect(writes()).toEqual([
      "PATCH /repos/acme/app/issues/2",
      "PATCH /repos/acme/app/issues/3",
      "POST /repos/acme/app/check-runs",
    ]);
    expect(state()).toEqual(["#1 closed completed", "#2 closed completed", "#3 closed completed"]);

    fake.resetCounters();
    const reopenedPlan = plan([DONE_ROWS[0]!, "| DATA2 | Nightly embedding ETL | Runs nightly | 5 | |"]);
    await syncPlans(deps(), input([pushed(reopenedPlan, allDone)]));
    expect(writes()).toEqual([
      "POST /repos/acme/app/issues/2/comments",
      "PATCH /repos/acme/app/issues/2",
      `DELETE /repos/acme/app/issues/2/dependencies/blocked_by/${fake.issue(REPO, 1)?.id}`,
      "PATCH /repos/acme/app/issues/2",
      "PATCH /repos/acme/app/issues/3",
      "POST /repos/acme/app/check-runs",
    ]);
    expect(fake.blockedBy(REPO, 2)).toEqual([]);
    expect(fake.issue(REPO, 2)?.body).not.toContain('"deps"');
    expect(state()).toEqual(["#1 closed completed", "#2 open reopened", "#3 open reopened"]);
    expect(runs()[3]?.summary).toMatch(/\n\n- Note: Dependencies: 0 "blocked by" links added, 1 removed\.$/);

    fake.resetCounters();
    await syncPlans(deps(), input([{ ...pushed(PLAN, reopenedPlan), change: "deleted", plan: null }]));
    expect(writes()).toEqual([
      "POST /repos/acme/app/issues/2/comments",
      "PATCH /repos/acme/app/issues/2",
      "PATCH /repos/acme/app/issues/3",
      "POST /repos/acme/app/check-runs",
    ]);
    expect(state()).toEqual(["#1 closed completed", "#2 closed not_planned", "#3 closed not_planned"]);
  });
});

describe("syncPlans against the fake GitHub: areas routed to other repositories", () => {
  const ROUTED = plan([
    "| DATA1 | Embeddings table | Table exists | 3 | |",
    "| GAIN1 | Search API | Returns hits | 5 | |",
    "| EDH1 | Export | Exported | 2 | |",
  ]);
  const CONFIG_TEXT = "areas:\n  DATA:\n    repo: acme/data\n  EDH:\n    repo: acme/edh\n";

  /** acme/data accepts the plan repository's issues, with the App installed there too; acme/edh has no App. */
  function dataAccepts(): RouteTargets {
    fake.createRepo("acme/data", { files: { ".github/plan-sync.yml": "accept: [acme/app]\n" } });
    // The installation's token there (one installation per repository here: the same bot).
    fake.addToken("t-data", ME, { installationToken: true, installationId: fake.install(["acme/data"]) });
    const octokit = new Octokit({ auth: "t-data", baseUrl: fake.url, log: quiet });
    return {
      open: async (repo) =>
        repo.repo === "data"
          ? { ok: true, gateway: createOctokitGateway(octokit, repo, { identity: "token:t-data" }) }
          : { ok: false, reason: `the App is not installed on ${repo.owner}/${repo.repo}` },
    };
  }

  it("creates a routed area's labels and issues in its repository, and fails the check at the config line of a route that was refused", async () => {
    const targets = dataAccepts();
    fake.commit(REPO, "main", { ".github/plan-sync.yml": CONFIG_TEXT }, "Route DATA and EDH");
    const cfg = config({ areas: { DATA: { repo: "acme/data" }, EDH: { repo: "acme/edh" } } });
    const result = await syncPlans(deps({ config: cfg, targets }), input([pushed(ROUTED, null)]));
    expect(result.outcome).toBe("synced");
    expect(writes()).toEqual([
      "POST /repos/acme/app/labels",
      "POST /repos/acme/app/labels",
      "POST /repos/acme/data/labels",
      "POST /repos/acme/data/labels",
      "POST /repos/acme/app/issues",
      "POST /repos/acme/data/issues",
      "POST /repos/acme/app/issues",
      "POST /repos/acme/app/issues/2/sub_issues",
      "POST /repos/acme/app/issues/2/sub_issues",
      "POST /repos/acme/app/check-runs",
    ]);
    expect(fake.issues("acme/data").map((i) => i.title)).toEqual(["DATA1: Embeddings table"]);
    // In plan order, wherever each issue is.
    expect(fake.subIssues(REPO, 2)).toEqual(["acme/data#1", "acme/app#1"]);
    const [run] = runs();
    expect(run).toMatchObject({ conclusion: "failure", title: "1 error in docs/plans/search.md" });
    expect(run?.summary).toContain(
      "- **Created** (2): [#1](https://github.com/acme/app/issues/1) `GAIN1` GAIN1: Search API, [acme/data#1](https://github.com/acme/data/issues/1) `DATA1` DATA1: Embeddings table\n- Note: EDH1 not synced: the App is not installed on acme/edh.",
    );
    expect(run?.annotations).toEqual([
      {
        path: ".github/plan-sync.yml",
        start_line: 5,
        end_line: 5,
        annotation_level: "failure",
        message:
          "EDH tasks are routed to acme/edh, but the App is not installed on acme/edh. Nothing was written there.",
        title: "routing-refused",
      },
    ]);
  });

  it("a routed task is created in its repository even though another author's issue at home has its marker; the next push creates no label there again", async () => {
    const targets = dataAccepts();
    fake.createIssue(REPO, {
      title: "DATA1: Embeddings table",
      body: marker("DATA1"),
      labels: ["plan-sync"],
      user: "bob",
    });
    const cfg = config({ areas: { DATA: { repo: "acme/data" } } });
    const gain = "| GAIN1 | Search API | Returns hits | 5 | |";
    const first = plan([ROWS[0]!, gain]);
    const result = await syncPlans(deps({ config: cfg, targets }), input([pushed(first, null)]));
    expect(result.foreign).toEqual([]);
    expect(fake.issues("acme/data").map((i) => i.title)).toEqual(["DATA1: Embeddings table"]);

    fake.resetCounters();
    const added = plan([ROWS[0]!, "| DATA2 | Nightly embedding ETL | Runs nightly | 5 | |", gain]);
    await syncPlans(deps({ config: cfg, targets }), input([pushed(added, first)]));
    expect(writes()).toEqual([
      "POST /repos/acme/data/issues",
      "PATCH /repos/acme/app/issues/3",
      "POST /repos/acme/app/issues/3/sub_issues",
      "POST /repos/acme/app/check-runs",
    ]);
  });
});

describe("syncPlans against the fake GitHub: what a user sees at the edges", () => {
  it("a push with no plan left but something to say still gets its check run, saying it", async () => {
    const result = await syncPlans(deps(), input([], { notes: ["GitHub listed only part of the files."] }));
    expect(result.outcome).toBe("reported");
    expect(writes()).toEqual(["POST /repos/acme/app/check-runs"]);
    expect(runs()[0]?.summary).toMatch(/- Note: GitHub listed only part of the files\.$/);
    expect(runs()[0]?.title).toBe("Issues already in sync");
  });

  it("with no check run to report on (report none), the caller still hears of each action done", async () => {
    const seen: string[] = [];
    await syncPlans(
      deps({ report: "none", onProgress: (p) => void seen.push(`${p.kind} ${p.done}/${p.total}`) }),
      input([pushed(PLAN, null)]),
    );
    expect(seen).toEqual(["action 1/4", "action 2/4", "action 3/4", "action 4/4"]);
    expect(fake.checkRuns(REPO)).toEqual([]);
  });

  it("the caller's last word before the first write is given the actions and the issues they were compared with", async () => {
    await syncPlans(deps(), input([pushed(PLAN, null)]));
    const seen: string[] = [];
    await syncPlans(
      deps({
        beforeWrites: async (actions, issues) => {
          seen.push(...actions.map((a) => a.type), ...issues.map((i) => `#${i.number}`));
        },
      }),
      input([pushed(plan(["| [x] DATA1 | Embeddings table | Table exists | 3 | |", ROWS[1]!]), PLAN)]),
    );
    expect(seen).toEqual(["close-issue", "#3", "#2", "#1"]);
  });

  it("a sync of exactly ten changes writes its check run once, completed, with no in-progress run first", async () => {
    const rows = Array.from({ length: 8 }, (_, i) => `| DATA${i + 1} | Task ${i + 1} | Done | 1 | |`);
    const result = await syncPlans(deps(), input([pushed(plan(rows), null)]));
    expect(result.actions).toHaveLength(10);
    expect(checkRunWrites()).toEqual([["POST", expect.objectContaining({ status: "completed" })]]);
  });

  it("tasks two other authors' issues already have: the log line names both, the check run says how to move them", async () => {
    fake.createIssue(REPO, {
      title: "DATA1: Embeddings table",
      body: marker("DATA1"),
      labels: ["plan-sync"],
      user: "bob",
    });
    fake.createIssue(REPO, { title: "DATA2: Nightly", body: marker("DATA2"), labels: ["plan-sync"], user: "carol" });
    const result = await syncPlans(deps(), input([pushed(PLAN, null)]));
    expect(result.foreign.map((f) => f.author)).toEqual(["bob", "carol"]);
    expect(logged.lines.map((l) => l.msg)).toEqual([
      "acme/app: 2 task(s) not created: plan-sync issues by bob, carol already have them",
    ]);
    expect(runs()[0]?.summary).toContain(
      "- Note: some tasks were not given issues because bob and carol already made plan-sync issues for them. " +
        `To move them to ${ME}: stop the other sync`,
    );
  });
});

describe("syncPlans against the fake GitHub: what each push reads and writes", () => {
  const requests = () => fake.requests.map((r) => `${r.method} ${r.path}`);
  const OTHER = "docs/plans/other.md";
  const pushedAt = (path: string, after: string | null, before: string | null): PushedPlan => ({
    path,
    change: after === null ? "deleted" : before === null ? "added" : "modified",
    previousPath: null,
    plan: after === null ? null : parsePlan(after, path),
    previousPlan: before === null ? null : parsePlan(before, path),
  });
  const NO_DEPS = plan([ROWS[0]!, "| DATA2 | Nightly embedding ETL | Runs nightly | 5 | |"]);

  it("a dependency added to the plan alone is linked and recorded in its issue's marker, nothing else written", async () => {
    await syncPlans(deps(), input([pushed(NO_DEPS, null)]));
    fake.resetCounters();
    const result = await syncPlans(deps(), input([pushed(PLAN, NO_DEPS)]));
    expect(result.outcome).toBe("reported");
    expect(writes()).toEqual([
      "POST /repos/acme/app/issues/2/dependencies/blocked_by",
      "PATCH /repos/acme/app/issues/2",
      "POST /repos/acme/app/check-runs",
    ]);
    expect(fake.blockedBy(REPO, 2)).toEqual(["acme/app#1"]);
    expect(fake.issue(REPO, 2)?.body).toContain('"deps":["DATA1"]} -->');
    expect(runs()[1]?.summary).toMatch(/\n\n- Note: Dependencies: 1 "blocked by" link added, 0 removed\.$/);
  });

  it("a dependency someone already linked by hand is recorded, and not counted as a link added", async () => {
    await syncPlans(deps(), input([pushed(NO_DEPS, null)]));
    fake.addToken("alice-token", "alice");
    const alice = new Octokit({ auth: "alice-token", baseUrl: fake.url, log: quiet });
    await alice.request("POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by", {
      owner: "acme",
      repo: "app",
      issue_number: 2,
      issue_id: fake.issue(REPO, 1)!.id,
    });
    fake.resetCounters();
    await syncPlans(deps(), input([pushed(PLAN, NO_DEPS)]));
    expect(fake.writes().map((w) => `${w.method} ${w.path} ${w.status}`)).toEqual([
      "POST /repos/acme/app/issues/2/dependencies/blocked_by 422",
      "PATCH /repos/acme/app/issues/2 200",
      "POST /repos/acme/app/check-runs 201",
    ]);
    expect(fake.issue(REPO, 2)?.body).toContain('"deps":["DATA1"]} -->');
    expect(runs()[1]?.summary).not.toContain("Dependencies");
  });

  it("a push whose only plan has errors reads no issues and opens no routed repository: its check run shows the errors alone", async () => {
    const opened: string[] = [];
    const targets: RouteTargets = {
      open: async (repo) => {
        opened.push(`${repo.owner}/${repo.repo}`);
        return { ok: false, reason: "not installed" };
      },
    };
    const broken = plan([ROWS[0]!, "| DATA1 | Nightly embedding ETL | Runs nightly | 5 | |"]);
    const result = await syncPlans(
      deps({ config: config({ areas: { DATA: { repo: "acme/data" } } }), targets }),
      input([pushed(broken, null)]),
    );
    expect(requests()).toEqual(["POST /repos/acme/app/check-runs"]);
    expect(opened).toEqual([]);
    expect(result).toMatchObject({ outcome: "reported", issues: null, actions: [] });
    expect(runs()[0]?.annotations).toEqual([
      expect.objectContaining({ path: PATH, start_line: 14, title: "duplicate-id", annotation_level: "failure" }),
    ]);
  });

  it("a push that adds a task lists the labels once and creates only its issue; one that only closes lists no labels", async () => {
    await syncPlans(deps(), input([pushed(PLAN, null)]));
    fake.resetCounters();
    const added = plan([...ROWS, "| DATA3 | Backfill | Done | 2 | |"]);
    await syncPlans(deps(), input([pushed(added, PLAN)]));
    expect(requests()).toEqual([
      "GET /repos/acme/app/issues",
      "GET /repos/acme/app/labels",
      "GET /repos/acme/app/issues",
      "POST /repos/acme/app/issues",
      "PATCH /repos/acme/app/issues/3",
      "POST /repos/acme/app/issues/3/sub_issues",
      "POST /repos/acme/app/check-runs",
    ]);

    fake.resetCounters();
    const ticked = added.replace("| DATA3 |", "| [x] DATA3 |");
    await syncPlans(deps(), input([pushed(ticked, added)]));
    expect(requests()).toEqual([
      "GET /repos/acme/app/issues",
      "PATCH /repos/acme/app/issues/4",
      "PATCH /repos/acme/app/issues/3",
      "POST /repos/acme/app/check-runs",
    ]);
  });

  it("when other authors' issues have every task, only the check run is written: no tracking issue, no dependency", async () => {
    fake.createIssue(REPO, {
      title: "DATA1: Embeddings table",
      body: marker("DATA1"),
      labels: ["plan-sync"],
      user: "bob",
    });
    fake.createIssue(REPO, { title: "DATA2: Nightly", body: marker("DATA2"), labels: ["plan-sync"], user: "bob" });
    const result = await syncPlans(deps(), input([pushed(PLAN, null)]));
    expect(writes()).toEqual(["POST /repos/acme/app/check-runs"]);
    expect(result).toMatchObject({ outcome: "reported", actions: [], applied: null });
    expect(runs()[0]?.title).toBe("Issues already in sync; 2 tasks left to bob's issues");
    expect(runs()[0]?.summary).toMatch(/\n- Note: some tasks were not given issues because bob already made [^\n]*$/);
  });

  it("another author's issue for one plan's task is noted on that plan only; the other plan creates all of its tasks", async () => {
    fake.createIssue(REPO, {
      title: "DATA1: Embeddings table",
      body: marker("DATA1"),
      labels: ["plan-sync"],
      user: "bob",
    });
    const result = await syncPlans(
      deps({ config: config({ tracking: false }) }),
      input([pushed(PLAN, null), pushedAt(OTHER, PLAN, null)]),
    );
    expect(result.outcomes.map((o) => o.notes)).toEqual([
      [
        `DATA1 ([#1](${url(1)})) already has a plan-sync issue by bob, so ${ME} created none for it: it only manages issues it created itself, and another would be a duplicate. See the note at the end.`,
      ],
      [],
    ]);
    expect(fake.issues(REPO).map((i) => `#${i.number} ${i.title} ${i.user.login}`)).toEqual([
      "#1 DATA1: Embeddings table bob",
      "#2 DATA2: Nightly embedding ETL plan-sync[bot]",
      "#3 DATA1: Embeddings table plan-sync[bot]",
      "#4 DATA2: Nightly embedding ETL plan-sync[bot]",
    ]);
  });

  it("closes the mass-close guard holds back keep their plan's tracking issue open, whichever plan comes first", async () => {
    const guarded = deps({ config: config({ massClose: { minCount: 1 } }) });
    const THREE = plan([...ROWS, "| DATA3 | Backfill | Done | 2 | |"]);
    await syncPlans(guarded, input([pushed(THREE, null), pushedAt(OTHER, PLAN, null)]));
    const tracking = () =>
      fake.issues(REPO).flatMap((i) => (i.title.endsWith("(plan)") ? [`#${i.number} ${i.state}`] : []));
    expect(tracking()).toEqual(["#6 open", "#7 open"]);
    fake.resetCounters();

    // The first plan loses two of its three tasks, the second is deleted: both held back.
    const result = await syncPlans(guarded, input([pushed(plan([ROWS[0]!]), THREE), pushedAt(OTHER, null, PLAN)]));
    expect(result.outcomes.map((o) => o.blocked?.slice(0, 40))).toEqual([
      "Not closing 2 of 3 open issues (tasks re",
      "Not closing 2 of 2 open issues (the plan",
    ]);
    // The first plan's tracking issue still shows what the plan says; the deleted plan's stays open.
    expect(writes()).toEqual(["PATCH /repos/acme/app/issues/6", "POST /repos/acme/app/check-runs"]);
    expect(tracking()).toEqual(["#6 open", "#7 open"]);
    expect(fake.issue(REPO, 6)?.body).toContain("0 of 1 task done");

    // A plan that can close its issues goes first: the deleted plan's tracking issue stays open all the same.
    fake.resetCounters();
    await syncPlans(guarded, input([pushed(THREE, THREE), pushedAt(OTHER, null, PLAN)]));
    expect(writes()).toEqual(["PATCH /repos/acme/app/issues/6", "POST /repos/acme/app/check-runs"]);
    expect(tracking()).toEqual(["#6 open", "#7 open"]);
  });

  it("an issue closed as not planned while its task stayed in the plan stays closed, also when the plan at `before` is read only then", async () => {
    await syncPlans(deps(), input([pushed(PLAN, null)]));
    const before = fake.branchHead(REPO);
    fake.updateIssue(REPO, 1, { state: "closed", stateReason: "not_planned" });
    const prose = PLAN.replace("## Repository Changes", "## Repository Changes\n\nWhy.");
    fake.commit(REPO, "main", { [PATH]: prose }, "Why");
    fake.resetCounters();
    const deferred: PushedPlan = { ...pushed(prose, null), change: "modified", previousRef: before };

    const result = await syncPlans(deps(), input([deferred]));

    // Without `before`, DATA1 would read as a task new to the plan whose old issue is to be reopened.
    expect(fake.requests.filter((r) => r.path.includes("/contents/")).map((r) => r.query.ref)).toEqual([before]);
    expect(result).toMatchObject({ outcome: "in-sync", actions: [] });
    expect(writes()).toEqual([]);
    expect(fake.issue(REPO, 1)).toMatchObject({ state: "closed", stateReason: "not_planned" });
  });

  it("the box ticked and unticked since the last sync while the issue closed after that commit: the issue wins, the plan is ticked", async () => {
    await syncPlans(deps(), input([pushed(PLAN, null)]));
    fake.updateIssue(REPO, 1, { state: "closed", stateReason: "completed" });
    const ticked = plan(["| [x] DATA1 | Embeddings table | Table exists | 3 | |", ROWS[1]!]);
    fake.resetCounters();

    await syncPlans(deps(), input([pushed(PLAN, ticked)], { committedAt: Date.now() - 3_600_000 }));

    expect(planWrites[1]).toEqual({ path: PATH, branch: "main", desired: { DATA1: { done: true } } });
    expect(fake.issue(REPO, 1)).toMatchObject({ state: "closed", stateReason: "completed" });
    expect(writes()).not.toContain("POST /repos/acme/app/issues/1/comments");
  });

  it("ticks are written into the plan when the caller writes the links itself", async () => {
    await syncPlans(deps({ writeLinks: false }), input([pushed(PLAN, null)]));
    fake.updateIssue(REPO, 1, { state: "closed", stateReason: "completed" });
    const prose = PLAN.replace("## Repository Changes", "## Repository Changes\n\nWhy.");
    const result = await syncPlans(deps({ writeLinks: false }), input([pushed(prose, PLAN)]));
    expect(planWrites).toEqual([{ path: PATH, branch: "main", desired: { DATA1: { done: true } } }]);
    expect(result.links).toEqual([{ path: PATH, result: planWriteResult, healed: ["DATA1"] }]);
  });

  it("a refused route whose config cannot be read is still shown, at the config's first line", async () => {
    fake.failNext({ method: "GET", path: /\/contents\/\.github/, status: 500 });
    await syncPlans(deps({ config: config({ areas: { DATA: { repo: "acme/data" } } }) }), input([pushed(PLAN, null)]));
    expect(runs()[0]?.annotations).toEqual([
      {
        path: ".github/plan-sync.yml",
        start_line: 1,
        end_line: 1,
        annotation_level: "failure",
        message:
          "DATA tasks are routed to acme/data, but this sync cannot write to other repositories than acme/app. Nothing was written there.",
        title: "routing-refused",
      },
    ]);
  });
});

describe("a dependency link GitHub fails to make", () => {
  /** The dependencies a task's issue records in its marker: what the next sync takes as linked. */
  const recorded = (n: number) => parseMarker(fake.issue(REPO, n)?.body ?? "")?.deps ?? [];
  const FOUR = plan([
    "| DATA1 | Embeddings table | Table exists | 3 | |",
    "| DATA2 | Nightly embedding ETL | Runs nightly | 5 | DATA1 |",
    "| DATA3 | Search API | Answers queries | 5 | DATA1, DATA2 |",
    "| DATA4 | Backfill | Old rows embedded | 2 | DATA1 |",
  ]);

  it("is made by the sync's retry, with the links after it: new issues record only what was linked when a link fails", async () => {
    // The third issue's second link (blocked by DATA2) fails once, as GitHub does in an outage's first minute. (A
    // failure set up while a request is seen applies to that request.)
    let seen = 0;
    const stop = fake.onRequest((request) => {
      if (request.method === "POST" && /\/issues\/3\/dependencies\/blocked_by$/.test(request.path) && ++seen === 2)
        fake.failNext({ method: "POST", path: /\/issues\/3\/dependencies\/blocked_by$/, status: 500 });
    });
    await expect(syncPlans(deps(), input([pushed(FOUR, null)]))).rejects.toThrow();
    stop();
    expect([recorded(2), recorded(3), recorded(4)]).toEqual([["DATA1"], ["DATA1"], []]);
    expect([fake.blockedBy(REPO, 3), fake.blockedBy(REPO, 4)]).toEqual([["acme/app#1"], []]);

    fake.resetCounters();
    await syncPlans(deps(), input([pushed(FOUR, null)]));
    expect(fake.blockedBy(REPO, 2)).toEqual(["acme/app#1"]);
    expect(fake.blockedBy(REPO, 3)).toEqual(["acme/app#1", "acme/app#2"]);
    expect(fake.blockedBy(REPO, 4)).toEqual(["acme/app#1"]);
    expect([recorded(2), recorded(3), recorded(4)]).toEqual([["DATA1"], ["DATA1", "DATA2"], ["DATA1"]]);
    expect(writes().filter((w) => w.includes("blocked_by"))).toEqual([
      "POST /repos/acme/app/issues/3/dependencies/blocked_by",
      "POST /repos/acme/app/issues/4/dependencies/blocked_by",
    ]);
  });
});
