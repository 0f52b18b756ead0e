import type { Diagnostic, Plan, Task } from "../../src/plan/types.js";

/**
 * Plans built directly, without the parser, so sync and render tests state
 * exactly the model they exercise. Spans are plausible but not tied to any text.
 */
export function makeTask(id: string, overrides: Partial<Task> = {}): Task {
  const line = overrides.line ?? 10;
  return {
    id,
    area: (/^[A-Za-z]+/.exec(id)?.[0] ?? "").toUpperCase(),
    description: `Do ${id}`,
    acceptanceCriteria: [`${id} works`],
    effort: "2h",
    done: false,
    headingPath: ["1. Data Repository (`/data`)", "Implementation Tasks"],
    extra: {},
    issueLink: null,
    line,
    row: { start: line * 100, end: line * 100 + 50 },
    idSpan: { start: line * 100 + 2, end: line * 100 + 2 + id.length },
    stateCell: { start: line * 100 + 2, end: line * 100 + 2 + id.length },
    checkbox: null,
    ...overrides,
  };
}

export function makePlan(tasks: Array<Task | string>, overrides: Partial<Plan> = {}): Plan {
  return {
    path: "docs/plan.md",
    featureName: "Feature",
    date: null,
    tasks: tasks.map((t, i) => (typeof t === "string" ? makeTask(t, { line: 10 + i }) : t)),
    checklists: [],
    diagnostics: [],
    ...overrides,
  };
}

export function makeError(path = "docs/plan.md", line = 12): Diagnostic {
  return { path, line, column: 3, severity: "error", code: "duplicate-id", message: "DATA1 is used twice" };
}
