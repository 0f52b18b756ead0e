import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRealServer, type RealServer } from "./support/app-against-fake.js";
import { SEARCH_PLAN_PATH as PLAN_PATH, SMALL_SEARCH_PLAN as PLAN } from "../support/search-plan.js";
import { waitUntil } from "./support/wait-until.js";

/**
 * A pull request's plan comes from whoever opened it. On the real server
 * (`node lib/main.js`), a plan that would keep remark busy for minutes is
 * parsed on a worker thread and ended at its budget: the PR gets a failing
 * check with the positioned error, and meanwhile the server answers webhooks
 * and syncs a push to main.
 */
const STATUS_MARKER = "<!-- plan-sync:pr-status v1 -->";
/**
 * 24 paragraphs of 3,600 emphasis markers, 600 per line: under the pre-scan's limits per line and per paragraph
 * (so only the parse budget can stop it), seconds of remark each.
 */
const BOMB = `${`${"*a_".repeat(300)}\n`.repeat(6)}\n`.repeat(24);

let server: RealServer;

beforeAll(async () => {
  server = await startRealServer({
    env: { PLAN_SYNC_PARSE_TIMEOUT_MS: "2000", PLAN_SYNC_WRITE_BACK_WINDOW_MS: "200" },
  });
});

afterAll(async () => {
  await server?.stop();
});

const until = <T>(what: string, probe: () => T | undefined | false) =>
  waitUntil(what, probe, { timeoutMs: 60_000, output: () => server.app.output });

describe("a hostile plan in a pull request (real server)", () => {
  it("fails the PR's check at the bomb's line, while webhooks are answered and a push to main is synced", async () => {
    const { github } = server;
    const repo = github.createRepo("acme/hostile", { installationId: 7, files: { "README.md": "# plans\n" } });

    // The pull request carrying the bomb…
    const bombed = `${PLAN}\n${BOMB}`;
    const bombLine = bombed.slice(0, bombed.indexOf("*a_")).split("\n").length;
    github.createBranch(repo, "plan/bomb");
    const head = github.commit(repo, "plan/bomb", { [PLAN_PATH]: bombed }, "Add a plan", "mallory");
    const pr = github.openPullRequest(repo, { head: "plan/bomb", title: "Plan", user: "mallory" }).number;
    expect((await server.send("pull_request", github.pullRequestPayload(repo, pr, "opened"))).status).toBe(200);

    // …and right after it, a push of an honest plan to main, and a health probe.
    const pushed = github.commit(repo, "main", { [PLAN_PATH]: PLAN }, "Add the search plan", "ada");
    expect((await server.send("push", github.pushPayload(repo))).status).toBe(200);
    expect((await server.app.get("/healthz")).status).toBe(200);

    const pushRun = await until("the push's check run completes", () =>
      github.checkRuns(repo).find((r) => r.headSha === pushed && r.status === "completed"),
    );
    expect(pushRun.conclusion).toBe("success");
    expect(github.issues(repo).filter((i) => i.user.login === github.botLogin).length).toBeGreaterThan(0);

    const prRun = await until("the PR head's check run completes", () =>
      github.checkRuns(repo).find((r) => r.headSha === head && r.status === "completed"),
    );
    expect(prRun.conclusion).toBe("failure");
    expect(prRun.output.annotations).toEqual([
      expect.objectContaining({
        path: PLAN_PATH,
        start_line: bombLine,
        annotation_level: "failure",
        message: expect.stringContaining(
          "Reading this plan ran past plan-sync's limit of 2 s of processor time (8 s in all on a busy machine) and was stopped",
        ),
      }),
    ]);
    const comment = await until("the status comment says why", () =>
      github.comments(repo, pr).find((c) => c.user.login === github.botLogin && c.body.startsWith(STATUS_MARKER)),
    );
    expect(comment.body).toContain("`plan-too-complex`");
    expect(comment.body).toContain("plan-sync will not sync this plan until it is fixed");
    // The preview synced nothing from the bomb: the only issues are the pushed plan's.
    github.assertNoUnexpected();
  }, 120_000);
});
