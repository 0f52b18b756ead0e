import type { Diagnostic, Plan } from "./types.js";

/**
 * The parser's last step: its output must match the shared model, or every
 * layer after it (reconciler, patcher, renderers) works on data it cannot
 * trust. A mismatch is a plan-sync bug, not the author's; it is still shown
 * as a positioned error rather than a crash, and the plan comes back without
 * tasks or checklists, so a sync neither acts on bad data nor (the plan
 * having an error) closes anything.
 *
 * The check is written out by hand rather than run through `PlanSchema`
 * (types.ts): loading zod and walking a 2,000-task plan through it cost
 * `plan-sync check` ~5% of the Markdown parse. test/plan/validate-plan.test.ts
 * holds the two to the same verdicts, field by field.
 */
export function validatePlan(plan: Plan): Plan {
  const problem = planProblem(plan);
  if (problem === null) return plan;
  return {
    ...plan,
    tasks: [],
    checklists: [],
    diagnostics: [
      ...(Array.isArray(plan.diagnostics) ? plan.diagnostics : []).filter((d) => diagnosticProblem(d, "") === null),
      {
        path: plan.path,
        line: 1,
        column: 1,
        severity: "error",
        code: "invalid-plan-model",
        message: `plan-sync read this plan into data that fails its own checks (${problem}), so nothing in it is synced. This is a bug in plan-sync, not in the plan: please report it with the file.`,
      },
    ],
  };
}

type Problem = string | null;

/** The first field that breaks the model, as `tasks.3.line: expected a positive integer`; null when none does. */
export function planProblem(plan: Plan): Problem {
  if (!isObject(plan)) return "plan: expected an object";
  return (
    str(plan.path, "path") ??
    nullable(plan.featureName, "featureName", str) ??
    nullable(plan.date, "date", str) ??
    list(plan.tasks, "tasks", taskProblem) ??
    list(plan.checklists, "checklists", checklistProblem) ??
    list(plan.diagnostics, "diagnostics", diagnosticProblem)
  );
}

function taskProblem(t: unknown, at: string): Problem {
  if (!isObject(t)) return `${at}: expected an object`;
  return (
    str(t.id, `${at}.id`, 1) ??
    str(t.area, `${at}.area`) ??
    str(t.description, `${at}.description`) ??
    list(t.acceptanceCriteria, `${at}.acceptanceCriteria`, str) ??
    str(t.effort, `${at}.effort`) ??
    bool(t.done, `${at}.done`) ??
    list(t.headingPath, `${at}.headingPath`, str) ??
    record(t.extra, `${at}.extra`) ??
    nullable(t.issueLink, `${at}.issueLink`, issueLinkProblem) ??
    int(t.line, `${at}.line`, 1) ??
    span(t.row, `${at}.row`) ??
    span(t.idSpan, `${at}.idSpan`) ??
    span(t.stateCell, `${at}.stateCell`) ??
    nullable(t.checkbox, `${at}.checkbox`, span) ??
    optional(t.linkAt, `${at}.linkAt`, (v, p) => int(v, p, 0)) ??
    optional(t.stateWords, `${at}.stateWords`, (v, p) =>
      isObject(v) ? (str(v.done, `${p}.done`) ?? str(v.open, `${p}.open`)) : `${p}: expected an object`,
    ) ??
    optional(t.dependsOn, `${at}.dependsOn`, (v, p) => list(v, p, str)) ??
    optional(t.source, `${at}.source`, (v, p) => oneOf(v, p, ["table", "checklist", "heading"])) ??
    optional(t.idFrom, `${at}.idFrom`, (v, p) => oneOf(v, p, ["derived", "section"]))
  );
}

function checklistProblem(c: unknown, at: string): Problem {
  if (!isObject(c)) return `${at}: expected an object`;
  return (
    str(c.text, `${at}.text`) ??
    bool(c.checked, `${at}.checked`) ??
    int(c.line, `${at}.line`, 1) ??
    span(c.checkbox, `${at}.checkbox`) ??
    list(c.tracks, `${at}.tracks`, str)
  );
}

function diagnosticProblem(d: Diagnostic | unknown, at: string): Problem {
  if (!isObject(d)) return `${at}: expected an object`;
  return (
    str(d.path, `${at}.path`) ??
    int(d.line, `${at}.line`, 1) ??
    int(d.column, `${at}.column`, 1) ??
    oneOf(d.severity, `${at}.severity`, ["error", "warning"]) ??
    str(d.code, `${at}.code`) ??
    str(d.message, `${at}.message`)
  );
}

function issueLinkProblem(l: unknown, at: string): Problem {
  if (!isObject(l)) return `${at}: expected an object`;
  return int(l.number, `${at}.number`, 1) ?? str(l.url, `${at}.url`) ?? span(l.span, `${at}.span`);
}

function span(s: unknown, at: string): Problem {
  if (!isObject(s)) return `${at}: expected an object`;
  return int(s.start, `${at}.start`, 0) ?? int(s.end, `${at}.end`, 0);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown, at: string, min = 0): Problem {
  if (typeof v !== "string") return `${at}: expected a string`;
  return v.length < min ? `${at}: expected a non-empty string` : null;
}

function bool(v: unknown, at: string): Problem {
  return typeof v === "boolean" ? null : `${at}: expected true or false`;
}

function int(v: unknown, at: string, min: 0 | 1): Problem {
  if (typeof v !== "number" || !Number.isSafeInteger(v)) return `${at}: expected an integer`;
  return v < min ? `${at}: expected ${min === 1 ? "a positive" : "a non-negative"} integer` : null;
}

function oneOf(v: unknown, at: string, values: readonly string[]): Problem {
  return typeof v === "string" && values.includes(v) ? null : `${at}: expected one of ${values.join(", ")}`;
}

function list(v: unknown, at: string, each: (item: unknown, at: string) => Problem): Problem {
  if (!Array.isArray(v)) return `${at}: expected a list`;
  for (let i = 0; i < v.length; i++) {
    const problem = each(v[i], `${at}.${i}`);
    if (problem !== null) return problem;
  }
  return null;
}

function record(v: unknown, at: string): Problem {
  if (!isObject(v)) return `${at}: expected an object`;
  for (const [key, value] of Object.entries(v)) if (typeof value !== "string") return `${at}.${key}: expected a string`;
  return null;
}

function nullable(v: unknown, at: string, check: (v: unknown, at: string) => Problem): Problem {
  return v === null ? null : check(v, at);
}

function optional(v: unknown, at: string, check: (v: unknown, at: string) => Problem): Problem {
  return v === undefined ? null : check(v, at);
}
