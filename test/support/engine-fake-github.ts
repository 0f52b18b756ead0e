import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach } from "vitest";
import { parseConfig } from "../../src/config/parse-config.js";
import { createOctokitGateway } from "../../src/github/octokit-gateway.js";
import { silentLog } from "../../src/log/log.js";
import { parsePlan } from "../../src/plan/parse-plan.js";
import type { Gateway } from "../../src/sync/gateway.js";
import type { PushedPlan } from "../../src/sync/pushed-plan.js";
import type { SyncPlansDeps } from "../../src/sync/sync-plans.js";
import { FakeGitHub } from "./fake-github/index.js";
import { quiet } from "./quiet-log.js";

/**
 * The engine (`syncPlans`) against the fake GitHub over HTTP through the real gateway, for tests of one behaviour:
 * one repository holding one plan, a fresh fake per test that fails on any unexpected request, no tracking issue and
 * no link commits (the caller's business), unless a test asks.
 */
export const ENGINE_REPO = "acme/app";
export const ENGINE_PLAN_PATH = "docs/plans/search.md";
export const ENGINE_IDENTITY = "plan-sync[bot]";

/** The search plan's Data section with these task rows (`dependsOn`: the table has a "Depends on" column). */
export function dataPlan(rows: readonly string[], options: { dependsOn?: boolean } = {}): string {
  const header = options.dependsOn
    ? [
        "| Task ID | Description | Acceptance Criteria | Effort | Depends on |",
        "|---------|-------------|-------------------|--------|------------|",
      ]
    : [
        "| Task ID | Description | Acceptance Criteria | Effort |",
        "|---------|-------------|-------------------|--------|",
      ];
  return [
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
    ...header,
    ...rows,
    "",
  ].join("\n");
}

/** A push of the plan: added when there is no text before it, modified otherwise. */
export function pushedPlan(after: string, before: string | null): PushedPlan {
  return {
    path: ENGINE_PLAN_PATH,
    change: before === null ? "added" : "modified",
    previousPath: null,
    plan: parsePlan(after, ENGINE_PLAN_PATH),
    previousPlan: before === null ? null : parsePlan(before, ENGINE_PLAN_PATH),
  };
}

/** Starts a fake GitHub before each test with `initialPlan` on the default branch, and stops it after. */
export function useEngineFakeGitHub(initialPlan: string): {
  readonly fake: FakeGitHub;
  readonly gateway: Gateway;
  deps(extra?: Partial<SyncPlansDeps>): SyncPlansDeps;
  input(p: PushedPlan): { plans: PushedPlan[]; branch: string; sha: string; confirmClose: boolean };
  /** `METHOD path` of every write so far. */
  writes(): string[];
} {
  let fake: FakeGitHub;
  let gateway: Gateway;
  beforeEach(async () => {
    fake = new FakeGitHub();
    await fake.start();
    fake.createRepo(ENGINE_REPO, { files: { [ENGINE_PLAN_PATH]: initialPlan } });
    fake.addToken("t", ENGINE_IDENTITY, { installationToken: true, installationId: fake.install([ENGINE_REPO]) });
    const octokit = new Octokit({ auth: "t", baseUrl: fake.url, log: quiet });
    gateway = createOctokitGateway(octokit, { owner: "acme", repo: "app" }, { identity: "token:t" });
  });
  afterEach(async () => {
    fake.assertNoUnexpected();
    await fake.stop();
  });
  const parsed = parseConfig({ tracking: false });
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  const config = parsed.config;
  return {
    get fake() {
      return fake;
    },
    get gateway() {
      return gateway;
    },
    deps: (extra = {}) => ({
      gateway,
      identity: ENGINE_IDENTITY,
      config,
      serverUrl: "https://github.com",
      log: silentLog,
      writeLinks: false,
      ...extra,
    }),
    input: (p) => ({ plans: [p], branch: "main", sha: fake.branchHead(ENGINE_REPO), confirmClose: false }),
    writes: () => fake.writes().map((w) => `${w.method} ${w.path}`),
  };
}
