import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/plan/types.js";
import { newWarnings, worthReporting } from "../../src/sync/plan-push.js";
import type { PushedPlan } from "../../src/sync/pushed-plan.js";
import type { PlanOutcome } from "../../src/sync/plan-outcome.js";

const PATH = "docs/plans/search.md";
const warning = (line: number, message: string, code = "placeholder-row"): Diagnostic => ({
  path: PATH,
  line,
  column: 1,
  severity: "warning",
  code,
  message,
});
const outcome = (diagnostics: Diagnostic[]): PlanOutcome => ({
  path: PATH,
  diagnostics,
  actions: [],
  blocked: null,
  notes: [],
});
const pushed = (before: Diagnostic[] | null): PushedPlan => ({
  path: PATH,
  change: before ? "modified" : "added",
  previousPath: null,
  plan: null,
  previousPlan: before
    ? { path: PATH, featureName: null, date: null, tasks: [], checklists: [], diagnostics: before }
    : null,
});

describe("newWarnings", () => {
  it("a warning that only moved to another line is not new; a second one with the same text is", () => {
    const before = [warning(12, 'Row GAIN3 is still template text ("[Task description]")')];
    expect(newWarnings([warning(15, 'Row GAIN3 is still template text ("[Task description]")')], before)).toEqual([]);
    const twice = [
      warning(15, 'Row GAIN3 is still template text ("[Task description]")'),
      warning(16, 'Row GAIN3 is still template text ("[Task description]")'),
    ];
    expect(newWarnings(twice, before)).toEqual([twice[1]]);
  });

  it("compares by code and message; line numbers inside the message do not count", () => {
    const before = [warning(3, "first at line 10", "x")];
    expect(newWarnings([warning(4, "first at line 11", "x")], before)).toEqual([]);
    expect(newWarnings([warning(4, "first at line 11", "y")], before)).toHaveLength(1);
  });
});

describe("worthReporting", () => {
  const old = warning(12, "Row GAIN3 is still template text");
  it("old warnings alone are not worth a check run; new ones and errors are", () => {
    expect(worthReporting([outcome([old])], [pushed([old])])).toBe(false);
    expect(worthReporting([outcome([old])], [pushed(null)])).toBe(true);
    expect(worthReporting([outcome([old, warning(13, "Row GAIN4 is still template text")])], [pushed([old])])).toBe(
      true,
    );
    expect(worthReporting([outcome([{ ...old, severity: "error" }])], [pushed([{ ...old, severity: "error" }])])).toBe(
      true,
    );
  });
});
