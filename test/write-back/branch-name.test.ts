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

describe("writeBackBranch slugs", () => {
  it("drops only a trailing Markdown extension and collapses separators into single dashes", () => {
    expect(writeBackBranch("notes.md.txt")).toBe("plan-sync/notes-md-txt");
    expect(writeBackBranch("Road Map.MARKDOWN")).toBe("plan-sync/road-map");
    expect(writeBackBranch("a  --  b.md")).toBe("plan-sync/a-b");
  });

  it("trims every leading and trailing separator", () => {
    expect(writeBackBranch("__plan__.md")).toBe("plan-sync/plan");
    expect(writeBackBranch("--x--.md")).toBe("plan-sync/x");
    expect(writeBackBranch("(draft) plan!.md")).toBe("plan-sync/draft-plan");
  });

  it("a name with no letters or digits still gives a valid branch", () => {
    expect(writeBackBranch("___.md")).toBe("plan-sync/plan");
  });
});
