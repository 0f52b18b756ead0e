import { afterEach, describe, expect, it } from "vitest";
import { PLAN, PLAN_PATH, startApp, type TestApp } from "../support/start-app.js";
import { capturingLogger } from "../support/capture-log.js";

/** What an operator reads in the App's log after a push: one JSON line per sync that agrees with the check run. */

let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

const syncLines = (lines: Array<Record<string, unknown>>) => lines.filter((l) => "durationMs" in l && "after" in l);

describe("the push sync's log line", () => {
  it("counts a task created already done as created and closed, as the check run's title does", async () => {
    const { log, lines } = capturingLogger();
    h = await startApp({ probot: { log } });
    const sha = await h.push({ [PLAN_PATH]: PLAN });

    expect(h.github.checkRuns(h.repo)[0]?.output.title).toBe("Created 4 issues, closed 1");
    const synced = syncLines(lines);
    expect(synced).toHaveLength(1);
    expect(synced[0]).toMatchObject({
      level: 30,
      repository: "acme/plans",
      after: sha,
      outcome: "synced",
      plans: [{ path: PLAN_PATH, create: 4, update: 0, close: 1, reopen: 0, errors: 0, warnings: 0 }],
      allPlans: false,
      links: [{ path: PLAN_PATH, outcome: "committed", linked: 4 }],
      durationMs: expect.any(Number),
    });
  });

  it("says when a config push synced every plan of the repository", async () => {
    const { log, lines } = capturingLogger();
    h = await startApp({ probot: { log } });
    await h.push({ [PLAN_PATH]: PLAN });
    await h.push({ ".github/plan-sync.yml": "areas:\n  GAIN:\n    label: team-gain\n" }, "Name the GAIN area");

    const last = syncLines(lines).at(-1);
    expect(last).toMatchObject({
      allPlans: true,
      outcome: "synced",
      plans: [expect.objectContaining({ path: PLAN_PATH, update: 2, close: 0 })],
    });
  });

  it("never carries the installation token, not even at debug level where every request is logged", async () => {
    const { log, lines } = capturingLogger("debug");
    h = await startApp({ probot: { log } });
    await h.push({ [PLAN_PATH]: PLAN });
    const tokens = [...h.github.model.tokens.entries()].filter(([, t]) => t.installationToken).map(([token]) => token);
    expect(tokens.length).toBeGreaterThan(0);
    expect(lines.length).toBeGreaterThan(syncLines(lines).length);
    const output = JSON.stringify(lines);
    for (const token of tokens) expect(output).not.toContain(token);
  });
});
