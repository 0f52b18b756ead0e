import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { looksLikePlan } from "../../src/plan/is-plan.js";
import { parsePlan } from "../../src/plan/parse-plan.js";

const ROOT = fileURLToPath(new URL("../../fixtures/plans/", import.meta.url));

describe("looksLikePlan and the parser agree on every fixture", () => {
  for (const name of readdirSync(ROOT).filter((n) => existsSync(join(ROOT, n, "plan.md")))) {
    const text = readFileSync(join(ROOT, name, "plan.md"), "utf8");
    // Read under the path the fixture's truth.json names (a TODO.md checklist is a plan by its name).
    const truth = join(ROOT, name, "truth.json");
    const path = existsSync(truth)
      ? ((JSON.parse(readFileSync(truth, "utf8")) as { path?: string }).path ?? "plan.md")
      : "plan.md";
    if (parsePlan(text, path).tasks.length === 0) continue;
    it(`${name}: a plan the parser finds tasks in looks like a plan`, () => {
      expect(looksLikePlan(text, path)).toBe(true);
    });
  }
});

describe("looksLikePlan on the dialects", () => {
  it.each([
    ["spec-kit checklist", "## Phase 1: Setup\n\n- [ ] T001 [P] Create the project\n"],
    ["Kiro checklist", "- [x] 1.1 Implement the editor\n  - _Requirements: 1.2_\n"],
    ["bold IDs", "- [x] **INIT-001**: Create the watcher\n"],
    ["in-progress box", "- [-] 2. Build the screen\n"],
    ["ID and Title columns", "| ID | Title | Status |\n|---|---|---|\n| 1 | a | Done |\n"],
    ["# and Task columns", "| # | Task |\n|---|---|\n| 1 | a |\n"],
  ])("true for %s", (_, text) => {
    expect(looksLikePlan(text, "docs/notes.md")).toBe(true);
  });

  it.each([
    ["heading tasks", "### Task 1: Set up the database\n**Status:** Done\n"],
    ["a heading task with a state emoji", "#### ✅ T-4 — Cache popular queries\n"],
    ["a task table without an ID column", "| Task | Status |\n|---|---|\n| Export invoices | Done |\n"],
    ["a checklist without IDs under a Tasks heading", "## Tasks\n\n- [ ] Write docs\n"],
  ])("true for %s", (_, text) => {
    expect(looksLikePlan(text, "docs/notes.md")).toBe(true);
  });

  it("a checklist without IDs counts in a file named like a plan, never in a README", () => {
    const text = "- [ ] Write docs\n- [x] Ship it\n";
    expect(looksLikePlan(text, "TODO.md")).toBe(true);
    expect(looksLikePlan(text, "docs/IMPLEMENTATION_PLAN.md")).toBe(true);
    expect(looksLikePlan(`## Tasks\n\n${text}`, "README.md")).toBe(false);
    expect(looksLikePlan(text, "docs/notes.md")).toBe(false);
  });

  it.each([
    ["a README checklist without IDs", "# Tool\n\n- [ ] Write docs\n- [x] Ship it\n"],
    ["an ID column with nothing to name a task", "| ID | Likelihood |\n|---|---|\n| R1 | Low |\n"],
    ["prose with a number", "- [ ] Two weeks of testing\n"],
  ])("false for %s", (_, text) => {
    expect(looksLikePlan(text, "docs/notes.md")).toBe(false);
  });
});
