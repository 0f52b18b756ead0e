import { describe, expect, it } from "vitest";
import { findReadoption } from "../../src/sync/readopt.js";
import { makeIssue } from "./support.js";

/** An app issue whose marker a person deleted: taken back by its `ID:` title and the plan label, or left alone. */
describe("taking back an issue that lost its marker", () => {
  const input = {
    taskId: "DATA1",
    path: "docs/plan.md",
    taken: new Set<number>(),
    planLabel: "Plan",
    otherPlansTaskIds: new Set<string>(),
  };

  it("the one issue titled with the task's ID and carrying the plan label is taken back", () => {
    const issue = makeIssue(4, { title: "DATA1: Do it", labels: ["plan"] });
    expect(findReadoption({ ...input, markerless: [issue] })).toEqual({ kind: "adopt", issue });
  });

  it("none: no issue with the ID's title and the label, or it is already another task's", () => {
    const unlabelled = makeIssue(4, { title: "DATA1: Do it" });
    const other = makeIssue(5, { title: "DATA2: Do it", labels: ["plan"] });
    const taken = makeIssue(6, { title: "DATA1: Do it", labels: ["plan"] });
    expect(findReadoption({ ...input, markerless: [unlabelled, other, taken], taken: new Set([6]) })).toEqual({
      kind: "none",
    });
  });
});
