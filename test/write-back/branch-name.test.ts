import { describe, expect, it } from "vitest";
import { writeBackBranch } from "../../src/write-back/branch-name.js";

describe("writeBackBranch", () => {
  it("derives one readable, valid branch per plan file", () => {
    expect(writeBackBranch("docs/plans/Search Feature.md")).toBe("plan-sync/docs-plans-search-feature");
    expect(writeBackBranch("PLAN.md")).toBe("plan-sync/plan");
  });

  it("never produces characters git refuses in a ref name", () => {
    const branch = writeBackBranch("docs/../we:ird~name^?*[x].md");
    expect(branch).toMatch(/^plan-sync\/[a-z0-9-]+$/);
    expect(branch).not.toContain("..");
  });
});
