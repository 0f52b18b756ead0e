import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { PlanSchema, type Plan } from "../../src/plan/types.js";
import { planProblem, validatePlan } from "../../src/plan/validate-plan.js";

/**
 * validatePlan checks the parser's output by hand (zod costs `plan-sync check`
 * its load and a walk of every task); PlanSchema stays the model's definition.
 * Every field of plans that use every optional field is replaced by values
 * that break or keep the model, and the two must agree each time: a plan the
 * schema refuses comes back with no tasks and an `invalid-plan-model` error,
 * one it accepts comes back as it was.
 */
const fixture = (name: string, path = "plan.md"): Plan =>
  parsePlan(readFileSync(new URL(`../../fixtures/plans/${name}/plan.md`, import.meta.url), "utf8"), path);

const NAMES = [
  "realistic",
  "table-status-words",
  "dependencies",
  "heading-tasks",
  "checklist-no-ids",
  "restarting-ids",
  "table-formatted-ids",
  "diagnostics-ids",
];
const plans: Plan[] = NAMES.map((name) => fixture(name, name === "checklist-no-ids" ? "TODO.md" : "plan.md"));

const REPLACEMENTS: unknown[] = [undefined, null, "", "x", 0, 1, -1, 1.5, Number.NaN, true, [], [1], {}, { a: 1 }];

/** Every path to a value in the plan (arrays: their first element only, which is where a mismatch would show). */
function paths(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [at];
  if (Array.isArray(value)) {
    if (value.length > 0) out.push(...paths(value[0], [...at, 0]));
  } else if (typeof value === "object" && value !== null) {
    for (const [key, child] of Object.entries(value)) out.push(...paths(child, [...at, key]));
  }
  return out;
}

function replaced(plan: Plan, at: Array<string | number>, value: unknown): Plan {
  const copy = structuredClone(plan) as unknown as Record<string | number, unknown>;
  let node = copy;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = at.at(-1);
  if (last === undefined) return value as Plan;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy as unknown as Plan;
}

describe("validatePlan agrees with PlanSchema", () => {
  it("uses every optional field of the model in these plans", () => {
    const tasks = plans.flatMap((p) => p.tasks);
    for (const field of ["linkAt", "stateWords", "dependsOn", "source", "idFrom"] as const)
      expect(tasks.some((t) => t[field] !== undefined)).toBe(true);
    expect(tasks.some((t) => t.issueLink !== null && t.checkbox !== null)).toBe(true);
    expect(plans.some((p) => p.checklists.length > 0)).toBe(true);
    expect(plans.some((p) => p.diagnostics.length > 0)).toBe(true);
  });

  it("returns every parsed plan unchanged", () => {
    for (const plan of plans) expect(validatePlan(plan)).toBe(plan);
  });

  // One test per plan: together they run ~10,000 clone-validate-parse rounds, over vitest's 8 s in one test at load 20.
  plans.forEach((plan, n) => {
    it(`refuses exactly what the schema refuses, field by field: ${NAMES[n]}`, () => {
      let refused = 0;
      let checked = 0;
      const withLink = plan.tasks.findIndex((t) => t.issueLink !== null);
      // paths() follows only first elements, so the plan is cut to them: the rest of a 30-task plan would only be
      // cloned and validated again for every replacement.
      const first = {
        ...plan,
        tasks: plan.tasks.slice(0, 1),
        checklists: plan.checklists.slice(0, 1),
        diagnostics: plan.diagnostics.slice(0, 1),
      };
      // The first task of the plan, and one with an issue link.
      const variants = withLink > 0 ? [first, { ...first, tasks: [plan.tasks[withLink]!] }] : [first];
      for (const base of variants)
        for (const at of paths(base).filter((p) => p.length > 0))
          for (const value of REPLACEMENTS) {
            const bad = replaced(base, at, value);
            const schemaOk = PlanSchema.safeParse(bad).success;
            const result = validatePlan(bad);
            checked++;
            if (schemaOk) {
              expect(result, `${at.join(".")} = ${JSON.stringify(value)}`).toBe(bad);
            } else {
              refused++;
              expect(result.tasks, `${at.join(".")} = ${JSON.stringify(value)}`).toEqual([]);
              expect(result.diagnostics.at(-1)?.code).toBe("invalid-plan-model");
              expect(result.diagnostics.at(-1)?.message).toContain(String(at[0]));
            }
          }
      // Both outcomes happen many times: the comparison is not vacuous.
      expect(refused).toBeGreaterThan(100);
      expect(checked - refused).toBeGreaterThan(20);
    });
  });

  it("keeps the plan's own diagnostics that are well-formed and drops the broken one", () => {
    const plan = plans.find((p) => p.diagnostics.length > 0)!;
    const broken = { ...plan, diagnostics: [...plan.diagnostics, { ...plan.diagnostics[0]!, line: 0 }] };
    const result = validatePlan(broken);
    expect(result.diagnostics.slice(0, -1)).toEqual(plan.diagnostics);
    expect(result.diagnostics.at(-1)?.message).toContain(`diagnostics.${plan.diagnostics.length}.line`);
  });

  it("names the field that breaks the model and what it should hold", () => {
    const plan = plans[0]!;
    const task = plan.tasks[0]!;
    const message = (bad: unknown) => validatePlan(bad as Plan).diagnostics.at(-1)?.message;
    expect(message([])).toBe(
      "plan-sync read this plan into data that fails its own checks (plan: expected an object), so nothing in it is synced. This is a bug in plan-sync, not in the plan: please report it with the file.",
    );
    expect(planProblem(null as unknown as Plan)).toBe("plan: expected an object");
    expect(message({ ...plan, tasks: [{ ...task, line: 0 }] })).toContain(
      "(tasks.0.line: expected a positive integer)",
    );
    expect(message({ ...plan, tasks: [{ ...task, row: { start: -1, end: 0 } }] })).toContain(
      "(tasks.0.row.start: expected a non-negative integer)",
    );
    expect(message({ ...plan, tasks: [{ ...task, source: "list" }] })).toContain(
      "(tasks.0.source: expected one of table, checklist, heading)",
    );
  });
});
