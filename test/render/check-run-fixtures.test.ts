import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureCases } from "../support/fixture-cases.js";
import { parseCheckRunSummary, renderCheckRun, type CheckRunRenderInput } from "../../src/render/check-run.js";

const root = join(import.meta.dirname, "../../fixtures/render");
const cases = fixtureCases(root, { prefix: "check-run-", required: ["input.json"] }).map((c) => c.name);

// Each case: input.json → expected.md (the summary) and expected.json (conclusion, title, annotations).
describe.each(cases)("check run: %s", (name) => {
  const input = (JSON.parse(readFileSync(join(root, name, "input.json"), "utf8")) as { input: CheckRunRenderInput })
    .input;

  it("renders the expected summary", async () => {
    await expect(renderCheckRun(input).summary).toMatchFileSnapshot(join(root, name, "expected.md"));
  });

  it("renders the expected conclusion, title and annotations", async () => {
    const { conclusion, title, annotations } = renderCheckRun(input);
    await expect(JSON.stringify({ conclusion, title, annotations }, null, 2) + "\n").toMatchFileSnapshot(
      join(root, name, "expected.json"),
    );
  });

  it("reads its per-plan counts back from the summary", () => {
    const parsed = parseCheckRunSummary(renderCheckRun(input).summary);
    expect(parsed.map((c) => c.path)).toEqual(input.plans.map((p) => p.path).sort());
  });
});
