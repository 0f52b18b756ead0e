import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse-config.js";
import { createOctokitGateway } from "../../src/github/octokit-gateway.js";
import { silentLog } from "../../src/log/log.js";
import { parsePlan } from "../../src/plan/parse-plan.js";
import type { Gateway } from "../../src/sync/gateway.js";
import type { PushedPlan } from "../../src/sync/pushed-plan.js";
import { syncPlans, type SyncPlansDeps } from "../../src/sync/sync-plans.js";
import { FakeGitHub } from "../support/fake-github/index.js";
import { quiet } from "../support/quiet-log.js";

/**
 * A task removed from the plan (its issue closed as not planned) and put back: the engine reopens that issue, and
 * the task's "Depends on" links go through it in the same sync; against the fake GitHub.
 */

const REPO = "acme/app";
const PATH = "docs/plans/search.md";
const ME = "plan-sync[bot]";

const plan = (rows: string[]) =>
  [
    "# Semantic search - Implementation Plan",
    "",
    "## Document Control",
    "**Feature Name:** Semantic search  ",
    "",
    "## Repository Changes",
    "",
    "### 1. Data Repository (`/data`)",
    "",
    "#### Implementation Tasks",
    "| Task ID | Description | Acceptance Criteria | Effort | Depends on |",
    "|---------|-------------|-------------------|--------|------------|",
    ...rows,
    "",
  ].join("\n");
const DATA1 = "| DATA1 | Embeddings table | Table exists | 3 | |";
const WITH = plan([DATA1, "| DATA2 | Nightly embedding ETL | Runs nightly | 5 | DATA1 |"]);
const WITHOUT = plan(["| DATA2 | Nightly embedding ETL | Runs nightly | 5 | |"]);

let fake: FakeGitHub;
let gateway: Gateway;

beforeEach(async () => {
  fake = new FakeGitHub();
  await fake.start();
  fake.createRepo(REPO, { files: { [PATH]: WITH } });
  fake.addToken("t", ME, { installationToken: true, installationId: fake.install([REPO]) });
  const octokit = new Octokit({ auth: "t", baseUrl: fake.url, log: quiet });
  gateway = createOctokitGateway(octokit, { owner: "acme", repo: "app" }, { identity: "token:t" });
});

afterEach(async () => {
  fake.assertNoUnexpected();
  await fake.stop();
});

const parsed = parseConfig({ tracking: false });
if (!parsed.ok) throw new Error(parsed.errors.join("; "));
const deps = (): SyncPlansDeps => ({
  gateway,
  identity: ME,
  config: parsed.config,
  serverUrl: "https://github.com",
  log: silentLog,
  writeLinks: false,
});
const pushed = (after: string, before: string | null): PushedPlan => ({
  path: PATH,
  change: before === null ? "added" : "modified",
  previousPath: null,
  plan: parsePlan(after, PATH),
  previousPlan: before === null ? null : parsePlan(before, PATH),
});
const input = (p: PushedPlan) => ({ plans: [p], branch: "main", sha: fake.branchHead(REPO), confirmClose: false });

describe("a task back in the plan", () => {
  it("gets its issue reopened, and a task that depends on it is linked to that issue in the same sync", async () => {
    await syncPlans(deps(), input(pushed(WITH, null)));
    expect(fake.blockedBy(REPO, 2)).toEqual(["acme/app#1"]);
    await syncPlans(deps(), input(pushed(WITHOUT, WITH)));
    expect(fake.issue(REPO, 1)).toMatchObject({ state: "closed", stateReason: "not_planned" });
    expect(fake.blockedBy(REPO, 2)).toEqual([]);

    await syncPlans(deps(), input(pushed(WITH, WITHOUT)));

    expect(fake.issue(REPO, 1)).toMatchObject({ state: "open", stateReason: "reopened" });
    expect(fake.blockedBy(REPO, 2)).toEqual(["acme/app#1"]);
    const run = fake.checkRuns(REPO).at(-1);
    expect(`${run?.output?.summary ?? ""}\n${run?.output?.text ?? ""}`).not.toContain("not yet linked");
  });
});
