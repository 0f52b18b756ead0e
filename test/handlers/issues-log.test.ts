import { afterEach, describe, expect, it } from "vitest";
import { capturingLogger } from "../support/capture-log.js";
import { SAMPLE_PLAN, SAMPLE_PLAN_PATH as PLAN_PATH } from "../write-back/support/sample-plan.js";
import { startApp, type TestApp } from "../support/start-app.js";

/** What an operator reads in the App's log after someone closes an issue: one JSON line per write-back. */

let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

const writeBackLines = (lines: Array<Record<string, unknown>>) =>
  lines.filter((l) => "outcome" in l && "durationMs" in l && "ticked" in l);

describe("the App's write-back log line", () => {
  it("a close that commits a tick logs one structured line: repository, plan, outcome, counts, duration", async () => {
    const { log, lines } = capturingLogger();
    h = await startApp({ files: { [PLAN_PATH]: SAMPLE_PLAN }, planPath: PLAN_PATH, config: "links: false\n", log });
    await h.closeIssue(h.taskIssue("DATA1"));
    await h.settle();

    const written = writeBackLines(lines);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      level: 30,
      repository: "acme/plans",
      path: PLAN_PATH,
      branch: "main",
      outcome: "committed",
      ticked: 1,
      unticked: 0,
      linked: 0,
      attempts: 1,
      durationMs: expect.any(Number),
      commit: h.appCommits()[0]?.sha,
    });
    expect(written[0]?.msg).toMatch(/^write-back acme\/plans docs\/plan\.md: committed \w{7} to main/);
  });

  it("a refused write-back is a structured line too, with the reason", async () => {
    const { log, lines } = capturingLogger();
    const broken = SAMPLE_PLAN.replace("| DATA2 |", "| DATA1 |");
    h = await startApp({ files: { [PLAN_PATH]: broken }, planPath: PLAN_PATH, config: "links: false\n", log });
    await h.closeIssue(h.taskIssue("GAIN1"));
    await h.settle();

    const written = writeBackLines(lines);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      repository: "acme/plans",
      path: PLAN_PATH,
      outcome: "refused",
      ticked: 0,
      reason: expect.stringContaining(`${PLAN_PATH} has 1 error`),
    });
  });
});
