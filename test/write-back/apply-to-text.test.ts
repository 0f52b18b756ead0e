import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/parse-plan.js";
import type { TaskPatch } from "../../src/plan/patch-plan.js";
import { applyToText, refusal } from "../../src/write-back/apply-to-text.js";
import { scopePatches } from "../../src/write-back/plan-changes.js";
import { SAMPLE_PLAN } from "./support/sample-plan.js";

/**
 * One attempt of the write-back on the text as read now, in this thread (the App runs the same function on a parse
 * worker, from lib/): what would be committed, or why nothing is.
 */

const PATH = "docs/plan.md";
const url = (n: number) => `https://github.com/acme/plans/issues/${n}`;
const wish = (entries: Array<[string, TaskPatch]>) => new Map(entries);

function edit(text: string, from: string, to: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

/** A row short of a cell (a warning, before the errors) and two tasks whose IDs repeat earlier ones (two errors). */
const WARNED_AND_BROKEN = edit(
  edit(
    edit(
      SAMPLE_PLAN,
      "| DATA1 | Create the `search_docs` table | Table exists<br>Backfilled | 3 |",
      "| DATA1 | Create | Table exists | 3 | extra |",
    ),
    "| DATA2 | Nightly",
    "| DATA1 | Nightly",
  ),
  "| GAIN2 | Search box",
  "| GAIN1 | Search box",
);

describe("applyToText: the text to commit, or why nothing is written", () => {
  it("a plan with errors is refused, counting its errors (not its warnings) and naming the first at its line", () => {
    const parsed = parsePlan(WARNED_AND_BROKEN, PATH);
    const errors = parsed.diagnostics.filter((d) => d.severity === "error");
    expect(errors).toHaveLength(2);
    expect(parsed.diagnostics.some((d) => d.severity === "warning" && d.line < errors[0]!.line)).toBe(true);

    const outcome = applyToText(WARNED_AND_BROKEN, PATH, wish([["DATA3", { done: false }]]));
    expect(outcome).toEqual({
      kind: "refused",
      reason: `docs/plan.md has 2 errors (first: docs/plan.md:${errors[0]!.line} ${errors[0]!.message}); plan-sync does not write to a plan that does not parse cleanly`,
      missing: [],
      diagnostics: errors,
    });
  });

  it("one error is named in the singular", () => {
    const broken = edit(SAMPLE_PLAN, "| GAIN2 | Search box", "| GAIN1 | Search box");
    const outcome = applyToText(broken, PATH, wish([["DATA1", { done: true }]]));
    expect(outcome.kind === "refused" && outcome.reason).toMatch(
      /^docs\/plan\.md has 1 error \(first: docs\/plan\.md:\d+ .+\); plan-sync does not write/,
    );
  });

  it("a plan that already says what is wanted: unchanged, and the tasks it no longer has are named", () => {
    const outcome = applyToText(
      SAMPLE_PLAN,
      PATH,
      wish([
        ["DATA3", { done: true }],
        ["DATA9", { done: true }],
      ]),
    );
    expect(outcome).toEqual({ kind: "unchanged", missing: ["DATA9"] });
  });

  it("only tasks the plan no longer has: unchanged, each named", () => {
    const outcome = applyToText(
      SAMPLE_PLAN,
      PATH,
      wish([
        ["DATA8", { done: true }],
        ["DATA9", { done: false }],
      ]),
    );
    expect(outcome).toEqual({ kind: "unchanged", missing: ["DATA8", "DATA9"] });
  });

  it("a tick and a link: the patched text, the changes for the commit message, the missing tasks", () => {
    const outcome = applyToText(
      SAMPLE_PLAN,
      PATH,
      wish([
        ["GAIN1", { done: true }],
        ["DATA2", { issue: { number: 7, url: url(7) } }],
        ["EDH1", { done: true }],
      ]),
    );
    expect(outcome).toEqual({
      kind: "patched",
      text: edit(edit(SAMPLE_PLAN, "| GAIN1 |", "| [x] GAIN1 |"), "| DATA2 |", `| DATA2 ([#7](${url(7)})) |`),
      changes: { done: ["GAIN1"], reopened: [], linked: ["DATA2"] },
      missing: ["EDH1"],
    });
  });

  it("a link the patcher refuses: refused with the patcher's reason, the missing tasks kept", () => {
    const outcome = applyToText(
      SAMPLE_PLAN,
      PATH,
      wish([
        ["DATA2", { issue: { number: 7, url: "not a url" } }],
        ["EDH1", { done: true }],
      ]),
    );
    expect(outcome).toEqual({
      kind: "refused",
      reason: expect.stringMatching(/^cannot link DATA2 to issue #7 at "not a url"/),
      missing: ["EDH1"],
    });
    expect(Object.keys(outcome)).not.toContain("diagnostics");
  });
});

describe("refusal: the text's refusal as the write-back's", () => {
  it("keeps the plan's errors when that is why", () => {
    const diagnostics = parsePlan(WARNED_AND_BROKEN, PATH).diagnostics;
    expect(refusal({ kind: "refused", reason: "broken", missing: ["X1"], diagnostics })).toEqual({
      status: "refused",
      reason: "broken",
      missing: ["X1"],
      diagnostics,
    });
  });

  it("has no diagnostics field when the refusal had none", () => {
    const result = refusal({ kind: "refused", reason: "bad link", missing: [] });
    expect(result).toEqual({ status: "refused", reason: "bad link", missing: [] });
    expect("diagnostics" in result).toBe(false);
  });
});

describe("scopePatches: what applies to the plan as it is now, and the commit message's changes", () => {
  const plan = parsePlan(edit(SAMPLE_PLAN, "| GAIN2 | Search box", `| GAIN2 ([#7](${url(7)})) | Search box`), PATH);

  it("names ticks, unticks and new links; a task already in the wanted state is still patched but not named", () => {
    const scoped = scopePatches(
      plan,
      wish([
        ["DATA1", { done: true }],
        ["DATA3", { done: false }],
        ["DATA2", { done: false }],
        ["GAIN1", { issue: { number: 3, url: url(3) } }],
        ["OLD1", { done: true }],
      ]),
    );
    expect(scoped.changes).toEqual({ done: ["DATA1"], reopened: ["DATA3"], linked: ["GAIN1"] });
    expect([...scoped.patches.keys()]).toEqual(["DATA1", "DATA2", "DATA3", "GAIN1"]);
    expect(scoped.patches.get("DATA2")).toEqual({ done: false });
    expect(scoped.missing).toEqual(["OLD1"]);
  });

  it("a link already there is no change; the same number at another URL, or another number, is", () => {
    const same = scopePatches(plan, wish([["GAIN2", { issue: { number: 7, url: url(7) } }]]));
    expect(same.changes).toEqual({ done: [], reopened: [], linked: [] });
    expect(same.patches.size).toBe(1);
    const moved = scopePatches(
      plan,
      wish([["GAIN2", { issue: { number: 7, url: "https://github.com/acme/other/issues/7" } }]]),
    );
    expect(moved.changes.linked).toEqual(["GAIN2"]);
    const renumbered = scopePatches(plan, wish([["GAIN2", { issue: { number: 8, url: url(7) } }]]));
    expect(renumbered.changes.linked).toEqual(["GAIN2"]);
  });

  it("a state change is named as such even when a link comes with it", () => {
    const scoped = scopePatches(plan, wish([["GAIN1", { done: true, issue: { number: 3, url: url(3) } }]]));
    expect(scoped.changes).toEqual({ done: ["GAIN1"], reopened: [], linked: [] });
  });

  it("a wish for a link on a task with none at all is a change", () => {
    const scoped = scopePatches(plan, wish([["DATA1", { done: false, issue: { number: 9, url: url(9) } }]]));
    expect(scoped.changes).toEqual({ done: [], reopened: [], linked: ["DATA1"] });
  });
});
