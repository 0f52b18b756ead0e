import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/parse-plan.js";

// The feature name and date a plan's Document Control block (or its title) gives the issues plan-sync creates.
const read = (text: string): { featureName: string | null; date: string | null } => {
  const { featureName, date } = parsePlan(text, "docs/plan.md");
  return { featureName, date };
};

describe("feature name and date from the Document Control block", () => {
  it("drops the hard-break backslash that ends a field line, keeping the rest of the value", () => {
    const text = ["# Plan", "", "**Feature Name:** Billing\\", "**Date:** 2026-01-05", ""].join("\n");
    expect(read(text)).toEqual({ featureName: "Billing", date: "2026-01-05" });
  });

  it("keeps a backslash inside a value: only a trailing one is a line break", () => {
    const text = ["# Plan", "", "**Feature Name:** C:\\tools import", ""].join("\n");
    expect(read(text).featureName).toBe("C:\\tools import");
  });

  it("reads an empty field as no value: the name comes from the title, the date stays unknown", () => {
    const text = ["# Billing - Implementation Plan", "", "**Feature Name:**   ", "**Date:**", ""].join("\n");
    expect(read(text)).toEqual({ featureName: "Billing", date: null });
  });

  it("reads the template's bracketed text as no value", () => {
    const text = [
      "# Billing - Implementation Plan",
      "",
      "**Feature Name:** [Feature Name]",
      "",
      "**Date:** [YYYY-MM-DD]",
      "",
    ].join("\n");
    expect(read(text)).toEqual({ featureName: "Billing", date: null });
  });

  it("keeps an empty pair of brackets as a value: `[]` is a bare checkbox, not template text", () => {
    const text = ["# Plan", "", "**Feature Name:** []", ""].join("\n");
    expect(read(text).featureName).toBe("[]");
  });
});

describe("feature name from the title when the block has none", () => {
  it.each([
    ["# Billing - Implementation Plan", "Billing"],
    ["# Billing — implementation plan", "Billing"],
    ["# Billing  -  Implementation Plan", "Billing"],
    ["# Billing -\tImplementation   Plan", "Billing -\tImplementation   Plan"],
    ["# Billing -  Implementation Plan", "Billing"],
    ["# Billing - Implementation Plans", "Billing - Implementation Plans"],
    ["# Billing - Implementation Plan for Q3", "Billing - Implementation Plan for Q3"],
    ["# Billing-Implementation Plan", "Billing-Implementation Plan"],
    ["# [Feature Name] - Implementation Plan", null],
  ])("%s → %s", (title, featureName) => {
    expect(read(`${title}\n\nSome text.\n`).featureName).toBe(featureName);
  });
});
