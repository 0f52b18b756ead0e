import { describe, expect, it } from "vitest";
import { patchPlan, PlanHasErrorsError, type TaskPatch } from "../../src/plan/patch-plan.js";

/**
 * Write-back at its edges: what the commit changes in the user's plan when a
 * task is already in the wanted state, when its issue moved, when the box is
 * an in-progress `[-]` and words are configured, and when configured areas
 * reveal an error the plain read would miss.
 */
const URL12 = "https://github.com/acme/widgets/issues/12";
const MOVED12 = "https://github.com/acme/gadgets/issues/12";
const patches = (o: Record<string, TaskPatch>) => new Map(Object.entries(o));

describe("write-back", () => {
  it("leaves a Status word alone when the task is already done, even with other done words configured", () => {
    const text = [
      "## Tasks",
      "",
      "| Task ID | Description | Status |",
      "|---|---|---|",
      "| OPS-1 | Delete the bucket | **Complete** |",
      "| OPS-2 | Drop the table | ⬜ Pending |",
      "",
    ].join("\n");
    const out = patchPlan(text, "plan.md", patches({ "OPS-1": { done: true } }), {
      statusWords: { done: "Shipped" },
    });
    expect(out).toBe(text);
  });

  it("rewrites a link whose issue moved (same number, new address) and one whose number changed", () => {
    const text = ["## Tasks", "", `- [ ] T1 ([#12](${URL12})) One`, `- [ ] T2 ([#12](${URL12})) Two`, ""].join("\n");
    const out = patchPlan(
      text,
      "plan.md",
      patches({ T1: { issue: { number: 12, url: MOVED12 } }, T2: { issue: { number: 13, url: URL12 } } }),
    );
    expect(out).toBe(text.replace(`T1 ([#12](${URL12}))`, `T1 ([#12](${MOVED12}))`).replace(`T2 ([#12]`, "T2 ([#13]"));
  });

  it("ticks an in-progress `[-]` checklist box as `[x]`, not as the configured done word", () => {
    const text = ["## Tasks", "", "- [-] T1 Doing", "- [ ] T2 Two", ""].join("\n");
    const out = patchPlan(text, "plan.md", patches({ T1: { done: true } }), { statusWords: { done: "Shipped" } });
    expect(out).toBe(text.replace("- [-] T1", "- [x] T1"));
  });

  it("keeps an emoji state at the end of a heading an emoji, with Status words configured", () => {
    const text = ["# Plan", "", "### Task 1: Ship ✅", "", "### Task 2: Launch ⬜", ""].join("\n");
    const out = patchPlan(text, "plan.md", patches({ "1": { done: false }, "2": { done: true } }), {
      statusWords: { done: "Complete", open: "Todo" },
    });
    expect(out).toBe(text.replace("Ship ✅", "Ship").replace("Launch ⬜", "Launch ✅"));
  });

  it("refuses a plan whose configured area's IDs sit in a table without a Task ID column", () => {
    const text = [
      "## Tasks",
      "",
      "| Task ID | Description |",
      "|---|---|",
      "| DATA1 | One |",
      "",
      "| Ref | Description |",
      "|---|---|",
      "| PAY1 | Charge the card |",
      "",
    ].join("\n");
    expect(() => patchPlan(text, "plan.md", patches({ DATA1: { done: true } }))).not.toThrow();
    expect(() =>
      patchPlan(text, "plan.md", patches({ DATA1: { done: true } }), { areas: { PAY: "payments" } }),
    ).toThrow(PlanHasErrorsError);
  });
});
