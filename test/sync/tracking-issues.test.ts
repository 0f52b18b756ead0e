import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse-config.js";
import type { ApplyResult } from "../../src/sync/apply-actions.js";
import type { IssueRecord } from "../../src/sync/gateway.js";
import { homeRouting } from "../../src/sync/routing.js";
import { applyTracking, trackingEnabled, trackingNeeds, SUB_ISSUE_LIMIT } from "../../src/sync/tracking-issues.js";
import { renderMarker } from "../../src/render/marker.js";
import { renderTrackingMarker } from "../../src/render/tracking-issue.js";
import { createMemoryGateway } from "../github/memory-gateway.js";
import { makePlan } from "../support/plan-factory.js";
import { BOT, makeIssue } from "./support.js";

/** A plan's tracking issue: created, kept as rendered, closed with its last task, its task issues as sub-issues. */

const PATH = "docs/plan.md";
const parsed = parseConfig({});
if (!parsed.ok) throw new Error("default config");
const config = parsed.config;

const taskIssue = (number: number, task: string) =>
  makeIssue(number, { id: 1000 + number, body: renderMarker({ path: PATH, task, hash: "0123abcd" }) });

function gatewayWithSubIssues(refuseAfter = Infinity) {
  const gateway = createMemoryGateway(BOT);
  let linked = 0;
  gateway.addSubIssue = async (parent, child) => {
    if (linked >= refuseAfter) throw Object.assign(new Error("Validation Failed"), { status: 422 });
    linked += 1;
    gateway.writes.push(`sub-issue #${parent} ${child}`);
  };
  return gateway;
}

const needsFor = (tasks: string[], homeIssues: IssueRecord[]) =>
  trackingNeeds({
    plans: [{ path: PATH, previousPath: null, plan: makePlan(tasks, { path: PATH }) }],
    homeIssues,
    identity: BOT,
    config,
    planRepo: "acme/app",
    serverUrl: "https://github.com",
    branch: "main",
  });

const created = (ids: number[]): ApplyResult => ({
  done: ids.length,
  total: ids.length,
  counts: { "create-label": 0, "create-issue": ids.length, "update-issue": 0, "close-issue": 0, "reopen-issue": 0 },
  issues: ids.map((id, i) => ({
    type: "create-issue",
    path: PATH,
    taskId: `DATA${i + 1}`,
    number: id - 1000,
    url: "",
    id,
  })),
  labelsAlreadyPresent: [],
});

describe("tracking issues", () => {
  it("on unless the config turns them off", () => {
    expect(trackingEnabled(config)).toBe(true);
    expect(trackingEnabled({ tracking: false })).toBe(false);
  });

  it("a new tracking issue takes at most GitHub's 100 sub-issues, and says how many are left out", async () => {
    const tasks = Array.from({ length: SUB_ISSUE_LIMIT + 2 }, (_, i) => `DATA${i + 1}`);
    const issues = tasks.map((t, i) => taskIssue(i + 1, t));
    const gateway = gatewayWithSubIssues();
    const notes = await applyTracking({
      gateway,
      needs: needsFor(tasks, issues),
      routing: homeRouting({ owner: "acme", repo: "app" }),
      homeIssues: issues,
      applied: null,
      identity: BOT,
    });
    expect(gateway.writes.filter((w) => w.startsWith("sub-issue"))).toHaveLength(SUB_ISSUE_LIMIT);
    expect(notes).toEqual([
      `${PATH}: 2 task issues are not sub-issues of tracking issue #1: GitHub allows 100 sub-issues per issue, and one parent per issue.`,
    ]);
  });

  it("an existing tracking issue GitHub refuses more sub-issues for (422) gets a note; the sync goes on", async () => {
    const tracking = makeIssue(50, { id: 1050, title: "Feature (plan)", body: renderTrackingMarker(PATH) });
    const gateway = gatewayWithSubIssues(1);
    gateway.issues.set(50, tracking);
    const issues = [tracking];
    const notes = await applyTracking({
      gateway,
      needs: needsFor(["DATA1", "DATA2"], issues),
      routing: homeRouting({ owner: "acme", repo: "app" }),
      homeIssues: issues,
      applied: created([1001, 1002]),
      identity: BOT,
    });
    expect(gateway.writes.filter((w) => w.startsWith("sub-issue"))).toEqual(["sub-issue #50 1001"]);
    expect(notes).toEqual([
      `${PATH}: 1 task issue is not sub-issues of tracking issue #50: GitHub allows 100 sub-issues per issue, and one parent per issue.`,
    ]);
  });

  it("any other refusal of a sub-issue stops the sync", async () => {
    const gateway = createMemoryGateway(BOT);
    gateway.addSubIssue = async () => {
      throw Object.assign(new Error("Server Error"), { status: 500 });
    };
    const issues = [taskIssue(1, "DATA1")];
    await expect(
      applyTracking({
        gateway,
        needs: needsFor(["DATA1"], issues),
        routing: homeRouting({ owner: "acme", repo: "app" }),
        homeIssues: issues,
        applied: null,
        identity: BOT,
      }),
    ).rejects.toThrow("Server Error");
  });
});
