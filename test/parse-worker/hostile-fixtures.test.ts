import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PlanParser } from "../../src/parse-worker/plan-parser.js";
import { decodePlanBytes } from "../../src/plan/decode-plan-bytes.js";
import {
  HOSTILE_ROOT,
  HOSTILE_TIMEOUT_MS,
  hostileCases,
  hostileExpectation,
  hostilePath,
  type HostileExpectation,
} from "../support/hostile-fixtures.js";

// `UPDATE_GOLDEN=1 npx vitest run test/parse-worker/hostile-fixtures.test.ts` rewrites
// each case's expected.json — review the diff before committing it.
const parser = new PlanParser({ timeoutMs: HOSTILE_TIMEOUT_MS, memoryMb: 256, threads: 2 });
afterAll(() => parser.close());

describe("hostile plans end with positioned diagnostics, never a hang or a crash", () => {
  it("has the issue's bombs and non-text files", () => {
    expect(hostileCases()).toEqual(
      expect.arrayContaining([
        "emphasis-run",
        "nested-quotes",
        "nested-list-inline",
        "latin1",
        "nul-bytes",
        "utf16-no-bom",
      ]),
    );
  });

  for (const name of hostileCases()) {
    it(
      name,
      async () => {
        const bytes = readFileSync(join(HOSTILE_ROOT, name, "plan.md"));
        const plan = await parser.parse(decodePlanBytes(bytes), hostilePath(name));
        const actual: HostileExpectation = {
          tasks: plan.tasks.map((t) => t.id),
          diagnostics: plan.diagnostics.map(({ line, column, severity, code, message }) => ({
            line,
            column,
            severity,
            code,
            message,
          })),
        };
        if (process.env.UPDATE_GOLDEN === "1" || process.env.UPDATE_FIXTURES)
          writeFileSync(join(HOSTILE_ROOT, name, "expected.json"), `${JSON.stringify(actual, null, 2)}\n`);
        expect(actual).toEqual(hostileExpectation(name));
      },
      60_000,
    );
  }
});
