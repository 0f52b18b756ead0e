import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse-config.js";
import { createOctokitGateway } from "../../src/github/octokit-gateway.js";
import { silentLog } from "../../src/log/log.js";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { parseMarker } from "../../src/render/marker.js";
import type { Gateway } from "../../src/sync/gateway.js";
import type { PushedPlan } from "../../src/sync/pushed-plan.js";
import { syncPlans, type SyncPlansDeps } from "../../src/sync/sync-plans.js";
import { FakeGitHub } from "../support/fake-github/index.js";
import { quiet } from "../support/quiet-log.js";

/**
 * A box ticked in the plan whose issue a person had closed as not planned: the plan moved last, so the issue
 * follows it and reads as done on GitHub (closed as completed), once; the engine against the fake GitHub.
 */

const REPO = "acme/app";
const PATH = "docs/plans/search.md";
const ME = "plan-sync[bot]";

const plan = (first: string) =>
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
    "| Task ID | Description | Acceptance Criteria | Effort |",
    "|---------|-------------|-------------------|--------|",
    `| ${first} | Embeddings table | Table exists | 3 |`,
    "| DATA2 | Nightly embedding ETL | Runs nightly | 5 |",
    "",
  ].join("\n");
const OPEN = plan("DATA1");
const TICKED = plan("[x] DATA1");

let fake: FakeGitHub;
let gateway: Gateway;

beforeEach(async () => {
  fake = new FakeGitHub();
  await fake.start();
  fake.createRepo(REPO, { files: { [PATH]: OPEN } });
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
const deps: () => SyncPlansDeps = () => ({
  gateway,
  identity: ME,
  config: parsed.config,
  serverUrl: "https://github.com",
  log: silentLog,
  report: "none",
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
const writes = () => fake.writes().map((w) => `${w.method} ${w.path}`);

describe("a task ticked in the plan whose issue was closed as not planned", () => {
  it("closes its issue again, as completed, recording the tick; the next push writes nothing", async () => {
    await syncPlans(deps(), input(pushed(OPEN, null)));
    fake.updateIssue(REPO, 1, { state: "closed", stateReason: "not_planned" });
    fake.resetCounters();

    await syncPlans(deps(), input(pushed(TICKED, OPEN)));

    expect(writes()).toEqual(["PATCH /repos/acme/app/issues/1"]);
    const issue = fake.issue(REPO, 1);
    expect(issue).toMatchObject({ state: "closed", stateReason: "completed" });
    expect(parseMarker(issue?.body ?? "")?.done).toBe(true);
    expect(fake.comments(REPO, 1)).toEqual([]);

    fake.resetCounters();
    const again = await syncPlans(deps(), input(pushed(TICKED, TICKED)));
    expect(again).toMatchObject({ outcome: "in-sync", actions: [] });
    expect(writes()).toEqual([]);
  });
});
