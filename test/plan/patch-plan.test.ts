import { describe, expect, it } from "vitest";
import { verifyPatchedPlan } from "../../src/plan/patch-verify.js";
import { parsePlan } from "../../src/plan/parse-plan.js";
import {
  patchPlan,
  PatchVerificationError,
  PlanHasErrorsError,
  UnknownTaskError,
  InvalidIssueLinkError,
  type TaskPatch,
} from "../../src/plan/patch-plan.js";

const URL12 = "https://github.com/acme/widgets/issues/12";
const URL13 = "https://github.com/acme/widgets/issues/13";

function plan(rows: string[], extra = ""): string {
  return [
    "# Widgets - Implementation Plan",
    "",
    "## Document Control",
    "**Feature Name:** Widgets  ",
    "**Date:** 2025-01-01  ",
    "",
    "### 1. Data Repository (`/data`)",
    "",
    "#### Implementation Tasks",
    ...rows,
    "",
    extra,
  ].join("\n");
}

const TABLE = [
  "| Task ID | Description | Acceptance Criteria | Effort |",
  "|---------|-------------|-------------------|--------|",
  "| [ ] DATA1 | Build the table | Table exists | 2h |",
  "| [x] DATA2 | Load it | Rows loaded | 3h |",
  "| DATA3   | No box yet | Works | 1h |",
];

function patches(entries: Record<string, TaskPatch>): Map<string, TaskPatch> {
  return new Map(Object.entries(entries));
}

function done(text: string): Record<string, boolean> {
  return Object.fromEntries(parsePlan(text, "plan.md").tasks.map((t) => [t.id, t.done]));
}

describe("patchPlan: task state", () => {
  it("ticks a task by changing the one character inside its checkbox", () => {
    const text = plan(TABLE);
    const out = patchPlan(text, "plan.md", patches({ DATA1: { done: true } }));
    expect(out).toBe(text.replace("| [ ] DATA1 |", "| [x] DATA1 |"));
    expect(done(out)).toEqual({ DATA1: true, DATA2: true, DATA3: false });
  });

  it("unticks a task", () => {
    const text = plan(TABLE);
    const out = patchPlan(text, "plan.md", patches({ DATA2: { done: false } }));
    expect(out).toBe(text.replace("| [x] DATA2 |", "| [ ] DATA2 |"));
    expect(done(out).DATA2).toBe(false);
  });

  it("leaves an upper-case [X] alone when the task is already done", () => {
    const text = plan(TABLE.map((r) => r.replace("[x] DATA2", "[X] DATA2")));
    expect(patchPlan(text, "plan.md", patches({ DATA2: { done: true } }))).toBe(text);
  });

  it("inserts a checkbox at the start of an ID cell that has none, keeping the padding", () => {
    const text = plan(TABLE);
    const out = patchPlan(text, "plan.md", patches({ DATA3: { done: true } }));
    expect(out).toBe(text.replace("| DATA3   |", "| [x] DATA3   |"));
    expect(done(out).DATA3).toBe(true);
  });

  it("does not add a checkbox just to untick a task that was never ticked", () => {
    const text = plan(TABLE);
    expect(patchPlan(text, "plan.md", patches({ DATA3: { done: false } }))).toBe(text);
  });

  it("returns the very same string when nothing changes", () => {
    const text = plan(TABLE);
    const same = patchPlan(text, "plan.md", patches({ DATA1: { done: false }, DATA2: { done: true } }));
    expect(same).toBe(text);
  });

  it("ticks the Status cell when the table has a Status column", () => {
    const text = plan([
      "| Task ID | Description | Acceptance Criteria | Effort | Status |",
      "|---|---|---|---|---|",
      "| DATA1 | Build | Exists | 2h | [ ] in progress |",
      "| DATA2 | Load | Loaded | 3h | Not started |",
      "| DATA3 | Index | Fast | 1h |  |",
    ]);
    const out = patchPlan(
      text,
      "plan.md",
      patches({ DATA1: { done: true }, DATA2: { done: true }, DATA3: { done: true } }),
    );
    expect(out).toBe(
      text
        .replace("| [ ] in progress |", "| [x] in progress |")
        .replace("| Not started |", "| [x] Not started |")
        .replace("| 1h |  |", "| 1h | [x] |"),
    );
    expect(done(out)).toEqual({ DATA1: true, DATA2: true, DATA3: true });
    // The ID cells are not where state lives in such a table.
    expect(out).toContain("| DATA1 | Build |");
  });
});

describe("patchPlan: issue links", () => {
  it("writes the link right after the ID, one space then ([#n](url))", () => {
    const text = plan(TABLE);
    const out = patchPlan(text, "plan.md", patches({ DATA1: { issue: { number: 12, url: URL12 } } }));
    expect(out).toBe(text.replace("| [ ] DATA1 |", `| [ ] DATA1 ([#12](${URL12})) |`));
    expect(parsePlan(out, "plan.md").tasks[0]?.issueLink).toMatchObject({ number: 12, url: URL12 });
  });

  it("replaces a link to another issue and leaves an identical one alone", () => {
    const text = plan(TABLE.map((r) => r.replace("DATA1 |", `DATA1  ([#12](${URL12})) |`)));
    expect(patchPlan(text, "plan.md", patches({ DATA1: { issue: { number: 12, url: URL12 } } }))).toBe(text);
    const out = patchPlan(text, "plan.md", patches({ DATA1: { issue: { number: 13, url: URL13 } } }));
    // The user's double space before the link survives; only the link itself changes.
    expect(out).toBe(text.replace(`DATA1  ([#12](${URL12}))`, `DATA1  ([#13](${URL13}))`));
  });

  it("ticks and links the same row in one patch", () => {
    const text = plan(TABLE);
    const out = patchPlan(text, "plan.md", patches({ DATA3: { done: true, issue: { number: 12, url: URL12 } } }));
    expect(out).toBe(text.replace("| DATA3   |", `| [x] DATA3 ([#12](${URL12}))   |`));
  });

  it("refuses a URL that would break the table", () => {
    const text = plan(TABLE);
    expect(() =>
      patchPlan(text, "plan.md", patches({ DATA1: { issue: { number: 12, url: "https://x/a|b" } } })),
    ).toThrow(InvalidIssueLinkError);
    expect(() => patchPlan(text, "plan.md", patches({ DATA1: { issue: { number: 0, url: URL12 } } }))).toThrow(
      InvalidIssueLinkError,
    );
  });
});

describe("patchPlan: bytes outside the edits", () => {
  it("keeps CRLF line endings, tabs and trailing spaces byte for byte", () => {
    const lf = plan(TABLE.map((r) => r.replace("| Load it |", "|\tLoad it\t|") + "  "));
    const text = lf.replace(/\n/g, "\r\n");
    const out = patchPlan(text, "plan.md", patches({ DATA1: { done: true }, DATA3: { done: true } }));
    const expected = text.replace("| [ ] DATA1 |", "| [x] DATA1 |").replace("| DATA3   |", "| [x] DATA3   |");
    expect(Buffer.from(out, "utf8").equals(Buffer.from(expected, "utf8"))).toBe(true);
    expect(out.split("\r\n").length).toBe(text.split("\r\n").length);
  });

  it("keeps a BOM and splices at the right place after it", () => {
    const text = "\uFEFF" + plan(TABLE);
    const out = patchPlan(text, "plan.md", patches({ DATA1: { done: true, issue: { number: 12, url: URL12 } } }));
    expect(Buffer.from(out, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(out).toBe(text.replace("| [ ] DATA1 |", `| [x] DATA1 ([#12](${URL12})) |`));
  });

  it("does not re-pad aligned columns and keeps non-ASCII text intact", () => {
    const text = plan([
      "| Task ID   | Description          | Acceptance Criteria | Effort |",
      "|-----------|----------------------|---------------------|--------|",
      "| [ ] DATA1 | Café 😀 naïve résumé | Ça marche           | 2h     |",
      "| [ ] DATA2 | 日本語のタスク       | ✓                   | 1h     |",
    ]);
    const out = patchPlan(text, "plan.md", patches({ DATA2: { done: true, issue: { number: 12, url: URL12 } } }));
    expect(out).toBe(text.replace("| [ ] DATA2 |", `| [x] DATA2 ([#12](${URL12})) |`));
  });
});

describe("patchPlan: tracked checklist items", () => {
  const checklist = [
    "## Definition of Done",
    "- [ ] DATA1: table built",
    "- [ ] DATA1, DATA2: everything loaded",
    "- [ ] Check DATA1 with the team",
    "",
  ].join("\n");

  it("ticks an item tracking one task when that task is done", () => {
    const text = plan(TABLE, checklist);
    const out = patchPlan(text, "plan.md", patches({ DATA1: { done: true } }));
    expect(out).toBe(
      text
        .replace("| [ ] DATA1 |", "| [x] DATA1 |")
        .replace("- [ ] DATA1: table", "- [x] DATA1: table")
        .replace("- [ ] DATA1, DATA2:", "- [x] DATA1, DATA2:"),
    );
    // An item that merely mentions an ID is the user's own business.
    expect(out).toContain("- [ ] Check DATA1 with the team");
    const items = parsePlan(out, "plan.md").checklists;
    expect(items.map((i) => i.checked)).toEqual([true, true, false]);
  });

  it("ticks a multi-ID item only when all its tasks are done, and unticks it when one is reopened", () => {
    const text = plan(
      TABLE.map((r) => r.replace("[x] DATA2", "[ ] DATA2")),
      checklist,
    );
    const one = patchPlan(text, "plan.md", patches({ DATA1: { done: true } }));
    expect(parsePlan(one, "plan.md").checklists.map((i) => i.checked)).toEqual([true, false, false]);
    const both = patchPlan(one, "plan.md", patches({ DATA2: { done: true } }));
    expect(parsePlan(both, "plan.md").checklists.map((i) => i.checked)).toEqual([true, true, false]);
    const reopened = patchPlan(both, "plan.md", patches({ DATA2: { done: false } }));
    expect(parsePlan(reopened, "plan.md").checklists.map((i) => i.checked)).toEqual([true, false, false]);
  });

  it("does not touch checklist items when only a link is written", () => {
    const text = plan(TABLE, checklist.replace("- [ ] DATA1: table", "- [x] DATA1: table"));
    const out = patchPlan(text, "plan.md", patches({ DATA1: { issue: { number: 12, url: URL12 } } }));
    expect(out).toContain("- [x] DATA1: table built");
  });
});

describe("patchPlan: refusals", () => {
  it("throws UnknownTaskError for a task the plan does not have", () => {
    expect(() => patchPlan(plan(TABLE), "plan.md", patches({ DATA9: { done: true } }))).toThrow(UnknownTaskError);
  });

  it("refuses to patch a plan with errors", () => {
    const text = plan([...TABLE, "| DATA1 | Duplicate | Again | 1h |"]);
    expect(parsePlan(text, "plan.md").diagnostics.some((d) => d.severity === "error")).toBe(true);
    expect(() => patchPlan(text, "plan.md", patches({ DATA2: { done: false } }))).toThrow(PlanHasErrorsError);
  });

  it("reuses a parse the caller already has, and catches one that is not of this text", () => {
    const text = plan(TABLE);
    const parsed = parsePlan(text, "plan.md");
    expect(patchPlan(text, "plan.md", patches({ DATA1: { done: true } }), { parsed })).toBe(
      text.replace("| [ ] DATA1 |", "| [x] DATA1 |"),
    );
    // Offsets two characters off, as from a parse of an older version of the file.
    const stale = parsePlan(`\n\n${text}`, "plan.md");
    expect(() => patchPlan(text, "plan.md", patches({ DATA1: { done: true } }), { parsed: stale })).toThrow(
      PatchVerificationError,
    );
  });

  it("rejects a patched text that does not read back as intended, naming the task", () => {
    // The splice itself is proven by the other tests; here the re-parse check
    // is fed a result that disagrees with the intent, as an offset bug would.
    const before = parsePlan(plan(TABLE), "plan.md");
    const after = parsePlan(plan(TABLE.slice(0, 4)), "plan.md");
    const intent = { taskDone: new Map([["DATA1", true]]), checklistChecked: [], links: new Map() };
    expect(() => verifyPatchedPlan(before, after, intent)).toThrow(PatchVerificationError);
    expect(() => verifyPatchedPlan(before, after, intent)).toThrow(
      /task IDs changed[\s\S]*DATA1 reads back as not done, expected done/,
    );
  });
});
