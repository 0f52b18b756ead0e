import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PlanParser } from "../../src/parse-worker/plan-parser.js";
import { generatePlan } from "../support/generate-plan.js";
import { HOSTILE_ROOT } from "../support/hostile-fixtures.js";

/**
 * The parse budget is processor time, so a saturated machine (CPU time
 * growing far slower than the wall clock) does not turn an honest plan into
 * `plan-too-complex`, while a bomb is still ended: by processor time when it
 * gets the CPU, by the wall-clock ceiling (a multiple of the budget) when it
 * does not. The machine's saturation is played by the parser's CPU clock.
 */
const BOMB = readFileSync(join(HOSTILE_ROOT, "emphasis-paragraphs", "plan.md"), "utf8");
/** ~800 tasks, ~160 kB: hundreds of milliseconds of remark even on a fast machine, past a 100 ms budget. */
const HONEST = generatePlan(800, { linkIssues: true, doneEvery: 3 });
const frozenCpu = (): number => 0;

let parser: PlanParser | undefined;
afterEach(async () => {
  await parser?.close();
  parser = undefined;
});

describe("the parse budget counts processor time", () => {
  it("an honest plan that runs past the budget in wall time while the machine gives it no CPU is still read", async () => {
    parser = new PlanParser({ timeoutMs: 100, memoryMb: 256, threads: 1 }, { cpuMs: frozenCpu, wallFactor: 1000 });
    const plan = await parser.parse(HONEST, "docs/plan.md");
    expect(plan.diagnostics).toEqual([]);
    expect(plan.tasks).toHaveLength(800);
  }, 120_000);

  it("a bomb that gets the CPU is ended once it has used the budget, and the error says processor time", async () => {
    // A wall ceiling out of reach: only the processor-time budget can end it.
    parser = new PlanParser({ timeoutMs: 300, memoryMb: 256, threads: 1 }, { wallFactor: 1000 });
    const plan = await parser.parse(BOMB, "docs/bomb.md");
    expect(plan.tasks).toEqual([]);
    expect(plan.diagnostics).toEqual([
      expect.objectContaining({
        line: 9,
        column: 1,
        code: "plan-too-complex",
        message: expect.stringContaining(
          "Reading this plan ran past plan-sync's limit of 0.3 s of processor time (300 s in all on a busy machine) and was stopped",
        ),
      }),
    ]);
  }, 120_000);

  it("a bomb on a machine that gives it no CPU is ended at the wall-clock ceiling, with the same error", async () => {
    parser = new PlanParser({ timeoutMs: 200, memoryMb: 256, threads: 1 }, { cpuMs: frozenCpu, wallFactor: 5 });
    const plan = await parser.parse(BOMB, "docs/bomb.md");
    expect(plan.diagnostics).toEqual([
      expect.objectContaining({
        line: 9,
        code: "plan-too-complex",
        message: expect.stringContaining(
          "ran past plan-sync's limit of 0.2 s of processor time (1 s in all on a busy machine)",
        ),
      }),
    ]);
  }, 120_000);
});
