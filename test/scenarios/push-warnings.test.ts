import { afterEach, describe, expect, it } from "vitest";
import { PLAN, PLAN_PATH, startApp, type TestApp } from "../support/start-app.js";

/** A plan filled in from the template, one of its rows still the template's text: a warning, not an error. */
const LEFTOVER = "| GAIN3 | [Task description] | [Criteria list] | [Hours/Points] |";
const WITH_LEFTOVER = PLAN.replace(/(\| GAIN2 [^\n]*\n)/, `$1${LEFTOVER}\n`);

let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

const prose = (text: string, words: string) =>
  text.replace("## Repository Changes", `## Repository Changes\n\n${words}`);
const checkRunWrites = () => h.writes().filter((w) => w.path.includes("/check-runs"));

describe("warnings on a push", () => {
  it("are posted when they appear, and not again on pushes that leave them as they were", async () => {
    h = await startApp();
    const first = await h.push({ [PLAN_PATH]: WITH_LEFTOVER }, "Add the plan");
    const run = h.github.checkRuns(h.repo).find((r) => r.headSha === first);
    expect(run?.output.title).toBe("Created 4 issues, closed 1 (1 warning)");
    expect(run?.output.annotations).toEqual([
      expect.objectContaining({ annotation_level: "warning", title: "placeholder-row" }),
    ]);
    await h.deliverPush(); // the link commit

    h.github.resetCounters();
    await h.push({ [PLAN_PATH]: prose(h.planText()!, "Some prose.") }, "Explain");
    expect(h.writes()).toEqual([]);
    // The compare, its issues (a push that changes a plan reads them: drift heals) and, as the plan has a
    // warning, the plan at both ends: only the one at `before` tells an old warning from a new one.
    expect(h.github.requests).toHaveLength(4);

    // Without the memory (a restart) the plan is reconciled in full, and the old warning still posts nothing.
    await h.restart();
    h.github.resetCounters();
    await h.push(
      { [PLAN_PATH]: prose(h.planText()!, "More prose, and the warning moved down a line.\n") },
      "Explain more",
    );
    expect(h.writes()).toEqual([]);
  });

  it("a warning new in this push gets a check run, with that warning", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: WITH_LEFTOVER }, "Add the plan");
    await h.deliverPush();

    h.github.resetCounters();
    const second = h
      .planText()!
      .replace(`${LEFTOVER}\n`, `${LEFTOVER}\n| GAIN4 | [Task description] | [Criteria list] | [Hours/Points] |\n`);
    const sha = await h.push({ [PLAN_PATH]: second }, "Another template row");
    expect(checkRunWrites()).toHaveLength(1);
    expect(h.writes().filter((w) => !w.path.includes("/check-runs"))).toEqual([]);
    const run = h.github.checkRuns(h.repo).find((r) => r.headSha === sha);
    expect(run?.output.summary).toContain("Row GAIN4 is still template text");
    expect(run?.output.title).toBe("Issues already in sync (2 warnings)");
  });
});
