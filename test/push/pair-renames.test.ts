import { describe, expect, it } from "vitest";
import { pairRenames } from "../../src/push/pair-renames.js";
import type { PushedPlan } from "../../src/sync/pushed-plan.js";
import { makePlan } from "../support/plan-factory.js";

const deleted = (path: string, feature: string | null, ids: string[]): PushedPlan => ({
  path,
  change: "deleted",
  previousPath: null,
  plan: null,
  previousPlan: makePlan(ids, { path, featureName: feature }),
});
const added = (path: string, feature: string | null, ids: string[]): PushedPlan => ({
  path,
  change: "added",
  previousPath: null,
  plan: makePlan(ids, { path, featureName: feature }),
  previousPlan: null,
});

describe("pairRenames", () => {
  it("a removed and an added plan with the same feature and task IDs become one rename", () => {
    const out = pairRenames([
      deleted("a.md", "Search", ["DATA1", "GAIN1"]),
      added("b.md", "Search", ["GAIN1", "DATA1"]),
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ path: "b.md", change: "renamed", previousPath: "a.md" });
    expect(out[0]?.previousPlan?.path).toBe("a.md");
  });

  it.each([
    ["another feature", added("b.md", "Billing", ["DATA1", "GAIN1"])],
    ["other task IDs", added("b.md", "Search", ["DATA1"])],
    ["no feature name", added("b.md", null, ["DATA1", "GAIN1"])],
  ])("%s: stays a deletion and an addition", (_what, other) => {
    const gone = deleted("a.md", other.plan?.featureName === null ? null : "Search", ["DATA1", "GAIN1"]);
    expect(pairRenames([gone, other]).map((p) => p.change)).toEqual(["deleted", "added"]);
  });
});
