import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { applyToIssues } from "../../src/sync/apply-to-issues.js";
import type { SyncAction } from "../../src/sync/types.js";
import { BOT, reconcile } from "./support.js";

// End to end through the real parser: Markdown as people write it, not a hand-built model.
const PATH = "docs/plans/supplier-risk.md";
const text = readFileSync(new URL("../../fixtures/plans/realistic/plan.md", import.meta.url), "utf8");
const plan = parsePlan(text, PATH);

function summary(actions: SyncAction[]): string[] {
  return actions.map((a) => `${a.type} ${"taskId" in a ? a.taskId : a.name}`);
}

function syncedFrom(markdown: string) {
  return applyToIssues([], reconcile(parsePlan(markdown, PATH), [], { previousPlan: null }).actions, BOT);
}

describe("reconcilePlan on parsed Markdown", () => {
  test("the realistic plan parses cleanly", () => {
    expect(plan.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  test("a first push creates one issue per task, ticked ones closed, with plain-text titles and criteria lists", () => {
    const { actions } = reconcile(plan, [], { previousPlan: null });
    expect(summary(actions)).toEqual(
      ["DATA1", "DATA2", "DATA3", "GAIN1", "GAIN2", "GAIN3", "EDH1", "EDH2"].map((id) => `create-issue ${id}`),
    );
    const closed = actions
      .filter((a) => a.type === "create-issue" && a.closeAsCompleted)
      .map((a) => "taskId" in a && a.taskId);
    expect(closed).toEqual(["DATA1", "GAIN1", "EDH2"]);
    const data2 = actions[1] as Extract<SyncAction, { type: "create-issue" }>;
    expect(data2.title).toBe("DATA2: Nightly scoring job in Databricks Workflows");
    expect(data2.labels).toEqual(["DATA", "plan-sync"]);
    expect(data2.body).toContain(
      "- [ ] Runs at 02:00 UTC\n- [ ] Retries twice on failure\n- [ ] Alerts `#data-oncall`",
    );
    expect(data2.body).toContain(
      "- **Section:** Repository Changes › 1. Data Repository (`/data`) › Implementation Tasks",
    );
    expect(data2.body).toContain("- **Effort:** 1d");
  });

  test("lines moving and an issue link written back into the plan cost no writes", () => {
    const issues = syncedFrom(text);
    const edited = text
      .replace("## Executive Summary\n", "## Executive Summary\nA new paragraph.\n\nAnd another.\n")
      .replace("| DATA3 |", "| DATA3 ([#3](https://github.com/acme/widgets/issues/3)) |");
    expect(edited).not.toBe(text);
    const next = parsePlan(edited, PATH);
    expect(reconcile(next, issues, { previousPlan: plan }).actions).toEqual([]);
  });

  test("editing one row updates only that task's issue", () => {
    const issues = syncedFrom(text);
    const edited = text.replace(
      "| Cache hit ratio > 90% in staging | 3h |",
      "| Cache hit ratio > 95% in staging | 3h |",
    );
    const { actions } = reconcile(parsePlan(edited, PATH), issues, { previousPlan: plan });
    expect(summary(actions)).toEqual(["update-issue GAIN3"]);
    expect(actions[0]).toHaveProperty("body", expect.stringContaining("- [ ] Cache hit ratio > 95% in staging"));
  });

  test("ticking a checkbox closes that issue; deleting a row closes its issue as not planned", () => {
    const issues = syncedFrom(text);
    const edited = text.replace("| [ ] GAIN2 |", "| [x] GAIN2 |").replace(/\| GAIN3 \|[^\n]*\n/, "");
    const { actions } = reconcile(parsePlan(edited, PATH), issues, { previousPlan: plan });
    expect(actions).toEqual([
      expect.objectContaining({ type: "close-issue", taskId: "GAIN2", reason: "completed" }),
      expect.objectContaining({ type: "close-issue", taskId: "GAIN3", reason: "not_planned" }),
    ]);
  });

  test("a duplicated ID is an error in the plan, and nothing is synced", () => {
    const issues = syncedFrom(text);
    const broken = text.replace("| GAIN3 |", "| GAIN2 |");
    const result = reconcile(parsePlan(broken, PATH), issues, { previousPlan: plan });
    expect(result.actions).toEqual([]);
    expect(result.skipped?.reason).toContain(PATH);
  });

  test("CRLF plans sync the same as LF plans", () => {
    const crlf = parsePlan(text.replace(/\n/g, "\r\n"), PATH);
    expect(reconcile(crlf, syncedFrom(text), { previousPlan: null }).actions).toEqual([]);
  });
});
