import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { looksLikePlan } from "../../src/plan/is-plan.js";

// A checklist without IDs (a TODO.md, `## Tasks` with `- [ ] Set up the database`) is a plan whose IDs come from its words.
const tasks = (lines: string[], path: string): string[] =>
  parsePlan(lines.join("\n"), path).tasks.map((t) => t.description);

const MISC = ["## Misc", "", "- [ ] Set up the database", "- [x] Write the docs", ""];

describe("which checklists without IDs are tasks", () => {
  it("in a file named like a plan, every top-level item, whatever its heading", () => {
    expect(tasks(["# Launch", "", ...MISC], "docs/TODO.md")).toEqual(["Set up the database", "Write the docs"]);
  });

  it("in another file, not under a heading that says nothing about work", () => {
    expect(tasks(["# Launch", "", ...MISC], "docs/notes.md")).toEqual([]);
    expect(tasks(MISC, "docs/notes.md")).toEqual([]);
    expect(tasks(["# Notes", "", ...MISC], "docs/notes.md")).toEqual([]);
  });

  it("in another file, when the title says work (`# Launch checklist`) and nothing says otherwise", () => {
    expect(tasks(["# Launch checklist", "", ...MISC], "docs/notes.md")).toEqual([
      "Set up the database",
      "Write the docs",
    ]);
    expect(tasks(["# Launch features checklist", "", ...MISC], "docs/notes.md")).toEqual([]);
  });

  it("in another file, under a heading that says work, at any level above the item", () => {
    const plan = ["# Notes", "", "## Tasks", "", "### Misc", "", "- [ ] Set up the database", ""];
    expect(tasks(plan, "docs/notes.md")).toEqual(["Set up the database"]);
    expect(
      tasks(["# Notes", "", "## Misc", "", "### Tasks", "", "- [ ] Set up the database", ""], "docs/notes.md"),
    ).toEqual(["Set up the database"]);
  });

  it("not under a heading that also says otherwise (`Feature backlog`), even in a plan-named file's sections", () => {
    expect(tasks(["# Notes", "", "## Feature backlog", "", "- [ ] Dark mode", ""], "docs/notes.md")).toEqual([]);
    const plan = ["# Launch", "", "## Review", "", "- [ ] Proofread", "", "## Review tasks", "", "- [ ] Fix typos", ""];
    expect(tasks(plan, "docs/TODO.md")).toEqual(["Fix typos"]);
  });

  it("a heading naming a single task (`## Review task`) still holds tasks", () => {
    const plan = ["# Launch", "", "## Review task", "", "- [ ] Proofread", ""];
    expect(tasks(plan, "docs/TODO.md")).toEqual(["Proofread"]);
  });

  it("not an in-progress box with nothing after it: a task needs words for its title and ID", () => {
    const plan = ["# Launch", "", "## Tasks", "", "- [ ] Proofread", "- [-] ", "- [~]\t", ""];
    expect(tasks(plan, "docs/TODO.md")).toEqual(["Proofread"]);
  });
});

describe("an item's issue link, tag and text", () => {
  const URL12 = "https://github.com/o/r/issues/12";
  const text = [
    "# Launch",
    "",
    "## Tasks",
    "",
    "- [ ]* Write tests",
    "- [ ] [P] Tag the release",
    `- [x] ([#12](${URL12})) Set up the database`,
    `- [ ]  ([#34](https://github.com/o/r/issues/34)) Two spaces before the link`,
    "- [ ] Link later ([#5](https://github.com/o/r/issues/5))",
    "",
  ].join("\n");
  // Parsed in each test, not once here: Stryker's per-test coverage sees only code a test itself runs, so a parse at
  // describe scope would leave every mutant these tests kill counted as survived.
  const byText = (d: string) => parsePlan(text, "docs/TODO.md").tasks.find((t) => t.description === d);

  it("reads Kiro's optional-task star as no part of the text", () => {
    expect(byText("Write tests")).toMatchObject({ id: "write-tests", done: false });
  });

  it("reads spec-kit's `[P]` tag after the box as a parallel marker", () => {
    expect(byText("Tag the release")).toMatchObject({ extra: { Parallel: "yes" } });
  });

  it("reads the issue link right after the box, with the span write-back rewrites", () => {
    const t = byText("Set up the database");
    expect(t).toMatchObject({ id: "set-up-the-database", done: true, issueLink: { number: 12, url: URL12 } });
    const span = t?.issueLink?.span ?? { start: 0, end: 0 };
    expect(text.slice(span.start, span.end)).toBe(`([#12](${URL12}))`);
    expect(byText("Two spaces before the link")?.issueLink?.number).toBe(34);
  });

  it("reads a link later in the text as part of the text, not as the task's issue", () => {
    expect(byText("Link later ([#5](https://github.com/o/r/issues/5))")?.issueLink).toBeNull();
  });
});

describe("whether a file may hold a checklist without IDs (looksLikePlan)", () => {
  const list = "- [ ] Set up the database\n";
  it("a heading that says work, at the start of a line (up to three spaces in)", () => {
    expect(looksLikePlan(`# Tasks\n\n${list}`, "docs/notes.md")).toBe(true);
    expect(looksLikePlan(`   ## Tasks\n\n${list}`, "docs/notes.md")).toBe(true);
  });

  it("not a `#` inside a sentence, nor a hashtag", () => {
    expect(looksLikePlan(`## Notes\n\nWritten in C# tasks run nightly.\n\n${list}`, "docs/notes.md")).toBe(false);
    expect(looksLikePlan(`#todo\n\n${list}`, "docs/notes.md")).toBe(false);
  });

  it("a file named like a plan, never a README", () => {
    expect(looksLikePlan(`## Notes\n\n${list}`, "docs/TODO.md")).toBe(true);
    expect(looksLikePlan(`## Tasks\n\n${list}`, "README.md")).toBe(false);
  });
});
