import { afterEach, describe, expect, it } from "vitest";
import { PLAN, PLAN_PATH, startApp, type TestApp } from "../support/start-app.js";
import { isTaskIssue } from "../support/tracking-issues.js";

let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

/** Open task issues (the plan's tracking issue, open too, is not one). */
const openAppIssues = () =>
  h.github.issues(h.repo).filter((i) => i.user.login === h.github.botLogin && i.state === "open" && isTaskIssue(i));

describe("a plan whose task tables vanish but whose file stays", () => {
  it("a misspelt `Task ID` header closes nothing: the check fails at each header and says how to fix it", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: PLAN });
    const open = openAppIssues().length;
    expect(open).toBe(3);

    const typo = h.planText()!.replaceAll("| Task ID |", "| Task-ID |");
    h.github.resetCounters();
    const sha = await h.push({ [PLAN_PATH]: typo });

    expect(openAppIssues()).toHaveLength(open);
    expect(h.writes().filter((w) => w.path.includes("/issues"))).toEqual([]);
    const run = h.github.checkRuns(h.repo).find((r) => r.headSha === sha);
    expect(run).toMatchObject({ conclusion: "failure" });
    // Each table whose ID column lost its header is named at that header's line, with the fix.
    const tableLines = typo.split("\n").flatMap((line, i) => (line.includes("| Task-ID |") ? [i + 1] : []));
    expect(tableLines.length).toBeGreaterThan(0);
    expect(
      run?.output.annotations.map((a: { start_line: number; annotation_level: string; message: string }) => [
        a.start_line,
        a.annotation_level,
        a.message.includes('Rename the header cell "Task-ID" to "Task ID"'),
      ]),
    ).toEqual(tableLines.map((line) => [line, "failure", true]));
  });

  it("a plan whose tables were replaced by prose closes nothing: the check fails at the file and says what to do", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: PLAN });
    const open = openAppIssues().length;
    expect(open).toBe(3);

    h.github.resetCounters();
    const sha = await h.push({
      [PLAN_PATH]: "# Search\n\nWe are rethinking this feature; the tasks will come back.\n",
    });

    expect(openAppIssues()).toHaveLength(open);
    expect(h.writes().filter((w) => w.path.includes("/issues"))).toEqual([]);
    const run = h.github.checkRuns(h.repo).find((r) => r.headSha === sha);
    expect(run).toMatchObject({ conclusion: "failure" });
    expect(run?.output.annotations).toContainEqual(
      expect.objectContaining({
        path: PLAN_PATH,
        start_line: 1,
        annotation_level: "failure",
        message: expect.stringContaining("Is a `Task ID` header misspelt?"),
      }),
    );
  });

  it("deleting the file still retires the plan (its issues closed as not planned)", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: PLAN });
    await h.push({ [PLAN_PATH]: null });
    expect(openAppIssues()).toEqual([]);
  });
});
