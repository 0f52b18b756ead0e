import { afterEach, describe, expect, it } from "vitest";
import { createSyncCommand } from "../../src/cli/sync-command.js";
import type { ActionJson, SyncJson } from "../../src/cli/sync/sync-report.js";
import { WritePacer } from "../../src/github/write-pacer.js";
import type { RecordedRequest } from "../support/fake-github/index.js";
import { isTrackingIssue } from "../support/tracking-issues.js";
import { PLAN, PLAN_PATH, startApp, type TestApp } from "../support/start-app.js";

/**
 * The App (push webhook → the real push handler) and `plan-sync sync` (over
 * an installation token of the same App, so both write as plan-sync[bot])
 * must want the same things for the same plan and issues.
 */

let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

type Step = Pick<ActionJson, "type" | "issue"> & { reason?: string; fields?: string[] };

/** The App's issue writes, read back as the actions they carry out (a close's comment belongs to the close). */
function actionsFromWrites(writes: RecordedRequest[]): Step[] {
  const steps: Step[] = [];
  for (const w of writes) {
    const number = /\/issues\/(\d+)$/.exec(w.path)?.[1];
    const body = (w.body ?? {}) as Record<string, unknown>;
    if (w.method === "POST" && /\/issues$/.test(w.path)) steps.push({ type: "create-issue", issue: null });
    if (w.method !== "PATCH" || number === undefined) continue;
    const issue = Number(number);
    if (body.state === "closed") {
      const previous = steps[steps.length - 1];
      // A ticked task's new issue is created, then closed: one action.
      if (previous?.type === "create-issue" && previous.issue === null && body.state_reason === "completed") continue;
      steps.push({ type: "close-issue", issue, reason: String(body.state_reason) });
    } else if (body.state === "open") {
      steps.push({ type: "reopen-issue", issue });
    } else {
      steps.push({ type: "update-issue", issue, fields: ["title", "body", "labels"].filter((f) => f in body) });
    }
  }
  return steps;
}

describe("the App and plan-sync sync", () => {
  it("want the same actions for the same push of the same plan and issues", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: PLAN });
    await h.deliverPush(); // the App's link commit: nothing to do
    await h.settle();
    const before = h.github.branchHead(h.repo);

    // A person ticks GAIN1, rewords DATA2, drops GAIN2 and adds GAIN3.
    const text = h.planText()!;
    const edited = text
      .replace("| GAIN1 ", "| [x] GAIN1 ")
      .replace("Nightly embedding ETL", "Hourly embedding ETL")
      .replace(/\| GAIN2 [^\n]*\n/, "| GAIN3 | Ranking | Better hits first | 8 |\n");
    expect(edited).not.toBe(text);
    h.commit({ [PLAN_PATH]: edited }, "Replan search");
    h.github.resetCounters();

    // The command first, as a dry run: it must write nothing.
    const token = h.github.model.mintToken(77);
    h.github.failNext({
      method: "GET",
      path: "/user",
      status: 403,
      body: { message: "Resource not accessible by integration" },
    });
    let stdout = "";
    const command = createSyncCommand({
      env: { GITHUB_TOKEN: token, GITHUB_API_URL: h.github.url },
      isTTY: false,
      pacer: () => new WritePacer({ timeScale: 10_000 }),
    });
    const code = await command.run(
      [PLAN_PATH, "--repo", "acme/plans", "--before", before, "--identity", h.github.botLogin, "--dry-run", "--json"],
      {
        stdout: (s) => void (stdout += s),
        stderr: () => {},
        cwd: "/",
      },
    );
    expect(code).toBe(0);
    expect(h.github.writes()).toEqual([]);
    const json = JSON.parse(stdout) as SyncJson;
    const fromCommand: Step[] = json.plans.flatMap((p) =>
      p.actions.map((a) => ({
        type: a.type,
        issue: a.issue,
        ...(a.reason ? { reason: a.reason } : {}),
        ...(a.fields ? { fields: a.fields } : {}),
      })),
    );

    // Then the App, for real, on the same state.
    await h.deliverPush({ before });
    await h.settle();
    // The plan's tracking issue is no task action: the App updates its progress and links the new task as its sub-issue.
    const tracking = h.github.issues(h.repo).find(isTrackingIssue)!;
    const isTracking = (w: RecordedRequest) => w.path.startsWith(`/repos/acme/plans/issues/${tracking.number}`);
    expect(
      h.github
        .writes()
        .filter(isTracking)
        .map((w) => `${w.method} ${w.path}`),
    ).toEqual([
      `PATCH /repos/acme/plans/issues/${tracking.number}`,
      `POST /repos/acme/plans/issues/${tracking.number}/sub_issues`,
    ]);
    const fromApp = actionsFromWrites(
      h.github
        .writes()
        .filter(
          (w) => w.path.startsWith("/repos/acme/plans/issues") && !w.path.endsWith("/comments") && !isTracking(w),
        ),
    );

    expect(fromCommand.map((a) => a.type).sort()).toEqual([
      "close-issue",
      "close-issue",
      "create-issue",
      "update-issue",
    ]);
    expect(fromCommand).toEqual(fromApp);
  });
});
