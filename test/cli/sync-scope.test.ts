import { parseTrackingMarker } from "../../src/render/tracking-issue.js";
import { isTaskIssue, isTrackingIssue } from "../support/tracking-issues.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SyncJson } from "../../src/cli/sync/sync-report.js";
import { answerTokenOwner, runSyncCommand, startCliFake } from "../support/cli-sync.js";
import type { FakeGitHub, RepoRef } from "../support/fake-github/index.js";
import { SMALL_SEARCH_PLAN as PLAN, SEARCH_PLAN_PATH as PLAN_PATH } from "../support/search-plan.js";
import type { CliRun } from "./run-cli.js";

/**
 * `plan-sync sync` without plan paths, as the workflow recipe runs it: with
 * `--before` the plans the push changed (moves and deletions too, as the App
 * finds them), without it every plan of the repository. Against the
 * in-memory GitHub over HTTP.
 */

const NESTED_PATH = "docs/plans/team-a/2024/alerts.md";
const NESTED = `# Alerts - Implementation Plan

## Document Control
**Feature Name:** Alerts  

#### Implementation Tasks
| Task ID | Description | Acceptance Criteria | Effort |
|---------|-------------|-------------------|--------|
| EDH1 | Alert export | Exported daily | 2 |
`;

let fake: FakeGitHub;
let repo: RepoRef;

beforeEach(async () => {
  ({ fake, repo } = await startCliFake());
});

afterEach(async () => {
  fake.assertNoUnexpected();
  await fake.stop();
});

async function sync(...args: string[]): Promise<CliRun> {
  answerTokenOwner(fake, "alice");
  return runSyncCommand(fake, ["--repo", "acme/plans", ...args]);
}

const created = () => fake.writes().filter((w) => w.status < 400 && w.method === "POST" && /\/issues$/.test(w.path));

describe("plan-sync sync --before SHA, no paths: the App's push", () => {
  it("a moved plan keeps its issues: none created again, none closed, the markers follow the new path", async () => {
    expect((await sync()).code).toBe(0);
    const before = fake.branchHead(repo);
    const text = fake.file(repo, PLAN_PATH) ?? "";
    const moved = "docs/plans/archive/semantic-search.md";
    fake.commit(
      repo,
      "main",
      { [PLAN_PATH]: null, [moved]: text.replace("Nightly embedding ETL", "Hourly embedding ETL") },
      "Move the plan",
      "ada",
    );
    fake.resetCounters();

    const run = await sync("--before", before);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(created()).toEqual([]);
    const issues = fake.issues(repo).filter(isTaskIssue);
    expect(issues.map((i) => [i.title, i.state])).toEqual([
      ["DATA1: Embeddings table", "closed"],
      ["DATA2: Hourly embedding ETL", "open"],
      ["GAIN1: Search API", "open"],
    ]);
    // The plan's tracking issue moved with it: the same one, its marker naming the new path.
    expect(
      fake
        .issues(repo)
        .filter(isTrackingIssue)
        .map((i) => [i.number, parseTrackingMarker(i.body ?? "")]),
    ).toEqual([[4, moved]]);
    // The hidden marker names the new path, so the next run finds each task's issue there.
    for (const issue of issues) expect(issue.body).toContain(`<!-- plan-sync:v1 {"path":"${moved}"`);
    expect(run.stdout).toContain(moved);
    expect(run.stdout).not.toContain(PLAN_PATH);
  });

  it("a deleted plan's open issues are closed as not planned, with a comment; the done one stays completed", async () => {
    expect((await sync()).code).toBe(0);
    const before = fake.branchHead(repo);
    fake.commit(repo, "main", { [PLAN_PATH]: null }, "Drop the search plan", "ada");
    fake.resetCounters();

    const run = await sync("--before", before, "--json");
    expect(run.code).toBe(0);
    expect(fake.issues(repo).map((i) => [i.number, i.state, i.stateReason])).toEqual([
      [1, "closed", "completed"],
      [2, "closed", "not_planned"],
      [3, "closed", "not_planned"],
      // The plan's tracking issue.
      [4, "closed", "not_planned"],
    ]);
    expect(
      fake.writes().filter((w) => w.status < 400 && w.method === "POST" && w.path.endsWith("/comments")),
    ).toHaveLength(2);
    const json = JSON.parse(run.stdout) as SyncJson;
    expect(json.scope).toBe("pushed");
    expect(json.plans).toEqual([
      expect.objectContaining({ path: PLAN_PATH, counts: { create: 0, update: 0, close: 2, reopen: 0 } }),
    ]);
    expect(json.plans[0]?.writeBack).toMatchObject({ status: "skipped", reason: "the plan was deleted" });
  });

  it("a deleted plan with many open issues: the mass-close guard holds them back until --confirm-close", async () => {
    const rows = Array.from({ length: 8 }, (_, i) => `| DATA${i + 10} | Task ${i} | Done | 1 |`).join("\n");
    fake.commit(
      repo,
      "main",
      {
        [PLAN_PATH]: PLAN.replace(
          "| DATA2 | Nightly embedding ETL | Runs nightly | 5 |",
          `| DATA2 | Nightly embedding ETL | Runs nightly | 5 |\n${rows}`,
        ),
      },
      "More",
      "ada",
    );
    expect((await sync()).code).toBe(0);
    const before = fake.branchHead(repo);
    fake.commit(repo, "main", { [PLAN_PATH]: null }, "Drop the search plan", "ada");
    fake.resetCounters();

    const held = await sync("--before", before);
    expect(held.code).toBe(0);
    expect(fake.writes()).toEqual([]);
    expect(held.stdout).toContain(
      `${PLAN_PATH}: held back: Not closing 10 of 10 open issues (the plan ${PLAN_PATH} was deleted)`,
    );
    expect(held.stdout).toContain("run again with --confirm-close");

    const confirmed = await sync("--before", before, "--confirm-close");
    expect(confirmed.code).toBe(0);
    expect(fake.issues(repo).filter((i) => i.state === "open")).toEqual([]);
  });

  it("a push that touched no plan: nothing read beyond the compare, nothing written, and says so", async () => {
    expect((await sync()).code).toBe(0);
    const before = fake.branchHead(repo);
    fake.commit(repo, "main", { "README.md": "# plans, again\n" }, "Docs", "ada");
    fake.resetCounters();

    const run = await sync("--before", before);
    expect(run.code).toBe(0);
    expect(fake.writes()).toEqual([]);
    expect(fake.requests.some((r) => r.path.includes("/contents/docs"))).toBe(false);
    expect(run.stdout).toContain(
      `No plan changed between ${before.slice(0, 7)} and ${fake.branchHead(repo).slice(0, 7)}: nothing to sync.`,
    );
  });
});

describe("plan-sync sync, no paths and no --before: every plan of the repository", () => {
  it("syncs a nested plan next to the top one, and a Markdown file that is not a plan is passed over", async () => {
    fake.commit(
      repo,
      "main",
      { [NESTED_PATH]: NESTED, "docs/plans/notes.md": "# Meeting notes\n\nNothing to track here.\n" },
      "More plans",
      "ada",
    );
    fake.resetCounters();

    const run = await sync("--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as SyncJson;
    expect(json.scope).toBe("all");
    expect(json.plans.map((p) => [p.path, p.counts.create])).toEqual([
      [PLAN_PATH, 3],
      [NESTED_PATH, 1],
    ]);
    // Each plan gets its tracking issue, once every plan's task issues are written.
    expect(fake.issues(repo).map((i) => i.title)).toEqual([
      "DATA1: Embeddings table",
      "DATA2: Nightly embedding ETL",
      "GAIN1: Search API",
      "EDH1: Alert export",
      "Semantic search (plan)",
      "Alerts (plan)",
    ]);
    expect(fake.file(repo, NESTED_PATH)).toContain("| EDH1 ([#4](https://github.com/acme/plans/issues/4))");
    expect(fake.file(repo, "docs/plans/notes.md")).toBe("# Meeting notes\n\nNothing to track here.\n");
  });

  it("after an issue is reopened on GitHub, its ticked task is unticked, not the issue closed again", async () => {
    expect((await sync()).code).toBe(0);
    const data1 = fake.issues(repo)[0]!;
    expect(data1.state).toBe("closed");
    const res = await fetch(`${fake.url}/repos/acme/plans/issues/${data1.number}`, {
      method: "PATCH",
      headers: { authorization: "token alice-token", "content-type": "application/json" },
      body: JSON.stringify({ state: "open" }),
    });
    expect(res.status).toBe(200);
    fake.resetCounters();

    const run = await sync();
    expect(run.code).toBe(0);
    expect(fake.issues(repo)[0]?.state).toBe("open");
    expect(fake.file(repo, PLAN_PATH)).toContain("| [ ] DATA1 ([#1]");
    expect(run.stdout).toContain("untick DATA1");
  });
});
