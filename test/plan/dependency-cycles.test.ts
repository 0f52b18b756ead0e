import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/parse-plan.js";

/**
 * A `Depends on` cell that goes round in a circle blocks the sync (GitHub would
 * accept each link, leaving issues that wait for each other forever). What the
 * author reads: one error per circle, at the ID that closes it, naming only the
 * tasks of the circle.
 */
const plan = (rows: string[]) =>
  [
    "# Plan",
    "",
    "## Implementation Tasks",
    "",
    "| Task ID | Description | Depends on |",
    "|---|---|---|",
    ...rows,
    "",
  ].join("\n");
const cycles = (rows: string[]) =>
  parsePlan(plan(rows), "docs/plan.md").diagnostics.map(
    (d) => `${d.path}:${d.line}:${d.column} ${d.code}: ${d.message}`,
  );
const circle = (path: string) =>
  `Dependencies go round in a circle: ${path}. A task cannot wait for itself; remove one of these dependencies.`;

describe("a dependency cycle", () => {
  it("names only the tasks of the circle, not the task leading into it", () => {
    // DATA1 waits for the circle but is not part of it.
    expect(cycles(["| DATA1 | One | DATA2 |", "| DATA2 | Two | DATA3 |", "| DATA3 | Three | DATA2 |"])).toEqual([
      `docs/plan.md:9:19 dependency-cycle: ${circle("DATA2 → DATA3 → DATA2")}`,
    ]);
  });

  it("is reported at the ID that closes it, not at another ID in the same cell", () => {
    // DATA2's cell names DATA3 first; the circle closes at its DATA1.
    expect(cycles(["| DATA1 | One | DATA2 |", "| DATA2 | Two | DATA3, DATA1 |", "| DATA3 | Three | |"])).toEqual([
      `docs/plan.md:8:24 dependency-cycle: ${circle("DATA1 → DATA2 → DATA1")}`,
    ]);
  });

  it("is reported once, as first met from the first task, however many ways lead into it", () => {
    // DATA1 → DATA3 → DATA1 is met again through DATA1's second dependency and from DATA2 and DATA3 as starting points.
    expect(cycles(["| DATA1 | One | DATA2, DATA3 |", "| DATA2 | Two | DATA3 |", "| DATA3 | Three | DATA1 |"])).toEqual([
      `docs/plan.md:9:19 dependency-cycle: ${circle("DATA1 → DATA2 → DATA3 → DATA1")}`,
    ]);
  });

  it("is reported for each circle, even when their IDs written together read the same", () => {
    // T1 ↔ T2 and T1T2 waiting for itself: two circles, two errors.
    expect(cycles(["| T1 | One | T2 |", "| T2 | Two | T1 |", "| T1T2 | Three | T1T2 |"])).toEqual([
      `docs/plan.md:8:14 dependency-cycle: ${circle("T1 → T2 → T1")}`,
      `docs/plan.md:9:18 dependency-cycle: ${circle("T1T2 → T1T2")}`,
    ]);
  });
});
