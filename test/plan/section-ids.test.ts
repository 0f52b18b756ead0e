import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/parse-plan.js";

// Numbered tasks that restart in each section get their section's name before the number, so each keeps one issue.
const ids = (lines: string[]): string[] => parsePlan(lines.join("\n"), "docs/plan.md").tasks.map((t) => t.id);

describe("numbers that restart per section are qualified by the section's name", () => {
  it("names a section after its heading's slug, and one that shares its heading after the headings above it too", () => {
    const plan = [
      "# Plan",
      "",
      "## Backend",
      "",
      "### Tasks",
      "",
      "- [ ] 1. Schema",
      "- [ ] 2. API",
      "",
      "## Frontend",
      "",
      "### Tasks",
      "",
      "- [ ] 1. Layout",
      "",
      "## Mobile",
      "",
      "- [x] 1. Shell",
      "",
    ];
    expect(ids(plan)).toEqual(["backend-tasks/1", "backend-tasks/2", "frontend-tasks/1", "mobile/1"]);
  });

  it("takes only as many headings above as it needs to tell two sections apart: `server-tasks`, not the whole path", () => {
    const plan = [
      "# Plan",
      "",
      "## Backend",
      "",
      "### Server",
      "",
      "#### Tasks",
      "",
      "- [ ] 1. Schema",
      "",
      "## Frontend",
      "",
      "### Client",
      "",
      "#### Tasks",
      "",
      "- [ ] 1. Layout",
      "",
    ];
    expect(ids(plan)).toEqual(["server-tasks/1", "client-tasks/1"]);
  });

  it("uses the nearest heading alone when it is enough: `Phase-1`, not `setup-Phase-1`", () => {
    const plan = [
      "# Plan",
      "",
      "## Setup",
      "",
      "### Phase 1",
      "",
      "- [ ] 1. A",
      "",
      "### Phase 2",
      "",
      "- [ ] 1. B",
      "",
    ];
    expect(ids(plan)).toEqual(["Phase-1/1", "Phase-2/1"]);
  });

  it("numbers sections whose headings read the same: `tasks`, `tasks-2`, `tasks-3`", () => {
    const plan = [
      "# Plan",
      "",
      "## Tasks",
      "",
      "- [ ] 1. A",
      "",
      "## Tasks!",
      "",
      "- [ ] 1. B",
      "",
      "## Tasks?",
      "",
      "- [ ] 1. C",
      "",
    ];
    expect(ids(plan)).toEqual(["tasks/1", "tasks-2/1", "tasks-3/1"]);
  });

  it("names the part before any heading `plan`", () => {
    const plan = ["# Plan", "", "- [ ] 1. Loose", "", "## Phase 2", "", "- [ ] 1. B", ""];
    expect(ids(plan)).toEqual(["plan/1", "Phase-2/1"]);
  });

  it("names a section under an empty heading `plan`", () => {
    const plan = ["# Plan", "", "## Phase 1", "", "- [ ] 1. A", "", "##", "", "- [ ] 1. B", ""];
    expect(ids(plan)).toEqual(["Phase-1/1", "plan/1"]);
  });

  it("qualifies multi-digit and dotted numbers (`12`, `1.12`) and leaves letter IDs alone", () => {
    const plan = [
      "# Plan",
      "",
      "## Phase 1",
      "",
      "- [ ] 12. D",
      "- [ ] 1.12. E",
      "- [ ] **T-1**: F",
      "",
      "## Phase 2",
      "",
      "- [ ] 12. G",
      "- [ ] 1.12. H",
      "",
    ];
    expect(ids(plan)).toEqual(["Phase-1/12", "Phase-1/1.12", "T-1", "Phase-2/12", "Phase-2/1.12"]);
  });

  it("leaves an ID made from words that start with a digit (`2-factor-login`) unqualified", () => {
    const plan = [
      "# Plan",
      "",
      "## Phase 1",
      "",
      "| Task | Owner | Status |",
      "|---|---|---|",
      "| 2 factor login | Ana | Done |",
      "",
      "- [ ] 1. A",
      "",
      "## Phase 2",
      "",
      "- [ ] 1. B",
      "",
    ];
    expect(ids(plan)).toEqual(["2-factor-login", "Phase-1/1", "Phase-2/1"]);
  });

  it("names a section only among sections with numbered tasks: a letter-ID section never takes a name first", () => {
    const plan = [
      "# Plan",
      "",
      "## Phase #1",
      "",
      "- [ ] **T-1**: F",
      "",
      "## Phase 1",
      "",
      "- [ ] 1. A",
      "",
      "## Phase 2",
      "",
      "- [ ] 1. B",
      "",
    ];
    expect(ids(plan)).toEqual(["T-1", "Phase-1/1", "Phase-2/1"]);
  });

  it("tells sections apart by their whole heading path, not by its letters run together (Front/endtasks, Frontend/tasks)", () => {
    const plan = [
      "# Plan",
      "",
      "## Front",
      "",
      "### endtasks",
      "",
      "- [ ] 1. A",
      "",
      "## Frontend",
      "",
      "### tasks",
      "",
      "- [ ] 1. B",
      "",
    ];
    expect(ids(plan)).toEqual(["endtasks/1", "tasks/1"]);
  });
});

describe("a task numbered before any heading and one under an empty heading", () => {
  it("are two tasks of two sections, neither read as a repeat of the other", () => {
    const plan = parsePlan("- [ ] 1. Set up the repo\n\n##\n\n- [ ] 1. Deploy it\n", "plan.md");
    expect(plan.tasks.map((t) => [t.id, t.description])).toEqual([
      ["plan/1", "Set up the repo"],
      ["plan-2/1", "Deploy it"],
    ]);
    expect(plan.checklists).toEqual([]);
  });
});
