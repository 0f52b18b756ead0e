import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/index.js";

// A checklist item's text is what its issue is titled and what a person reads in the check run: the box is never part
// of it, whatever the text begins with (remark-gfm moves the paragraph past the box only before plain text).
describe("a checklist item's text never starts with its box", () => {
  // Under "Tasks" the item is a task of a checklist without IDs; under "Acceptance Criteria", a checklist item.
  const asTask = (item: string) =>
    parsePlan(`# Implementation Plan\n\n## Tasks\n\n- [ ] Parse front matter\n${item}\n`, "plan.md");
  const asChecklist = (item: string) =>
    parsePlan(
      `# Implementation Plan\n\n## Tasks\n\n- [ ] Parse front matter\n\n## Acceptance Criteria\n\n${item}\n`,
      "plan.md",
    );

  it.each([
    ["- [ ] `npx notes build` produces the site", "`npx notes build` produces the site"],
    ["- [x] **1-2** Draft the outline", "**1-2** Draft the outline"],
    ["- [ ] _Maybe_ a dark mode", "_Maybe_ a dark mode"],
    ["- [ ] [Docs](https://example.com) rewritten", "[Docs](https://example.com) rewritten"],
    ["- [ ] Plain text first", "Plain text first"],
  ])("%s", (item, text) => {
    expect(asTask(item).tasks.map((t) => t.description)).toEqual(["Parse front matter", text]);
    expect(asChecklist(item).checklists.map((c) => c.text)).toContain(text);
  });
});
