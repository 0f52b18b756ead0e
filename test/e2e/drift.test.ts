import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RepoRef } from "../support/fake-github/index.js";
import { parseMarker } from "../../src/render/marker.js";
import { startRealServer, type RealServer } from "./support/app-against-fake.js";
import { SEARCH_PLAN_PATH as PLAN_PATH, SMALL_SEARCH_PLAN as PLAN } from "../support/search-plan.js";
import { quietPeriod, waitUntil } from "./support/wait-until.js";
import { isTaskIssue, isTrackingIssue } from "../support/tracking-issues.js";

/**
 * The real server (`node lib/main.js`) against the fake GitHub: an issue is
 * closed and its webhook is never sent; the plan's next push, which changes
 * only prose, ticks the task by a write-back commit, and nothing is
 * duplicated. At start the server also looks for failed deliveries (there
 * are none here) without a word in its warnings.
 */

let server: RealServer;

beforeAll(async () => {
  server = await startRealServer();
});

afterAll(async () => {
  await server?.stop();
});

/** Task issues (the plan's tracking issue, on by default, apart). */
const appIssues = (repo: RepoRef) =>
  server.github.issues(repo).filter((i) => i.user.login === server.github.botLogin && isTaskIssue(i));
const issueOf = (repo: RepoRef, taskId: string) => appIssues(repo).find((i) => i.title.startsWith(`${taskId}:`));
const until = <T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000) =>
  waitUntil(what, probe, { timeoutMs, output: () => server.app.output });

async function pushAndSync(repo: RepoRef, files: Record<string, string>, message: string): Promise<string> {
  const { github } = server;
  const sha = github.commit(repo, "main", files, message, "ada");
  expect((await server.send("push", github.pushPayload(repo))).status).toBe(200);
  await until(`the check run on ${sha.slice(0, 7)} completes`, () =>
    github.checkRuns(repo).find((r) => r.headSha === sha && r.status === "completed"),
  );
  return sha;
}

describe("drift heals on the real server", () => {
  it("a close whose webhook is never sent, then a push that changes only prose: the row is ticked by a write-back commit, nothing duplicated", async () => {
    const { github } = server;
    const repo = github.createRepo("acme/drift", { installationId: 7, files: { "README.md": "# plans\n" } });
    await until("the start-up look for failed deliveries", () =>
      github.requests.some((r) => r.method === "GET" && r.path === "/app/hook/deliveries"),
    );
    await pushAndSync(repo, { [PLAN_PATH]: PLAN }, "Add the search plan");
    // The link commit's own push: it syncs nothing.
    expect((await server.send("push", github.pushPayload(repo))).status).toBe(200);
    await quietPeriod(1000);

    const data2 = issueOf(repo, "DATA2")!;
    github.updateIssue(repo, data2.number, { state: "closed", stateReason: "completed" }, "grace"); // no webhook
    const linked = github.file(repo, PLAN_PATH)!;
    expect(linked).toMatch(/^\| DATA2 \(/m);

    const withProse = linked.replace("## Repository Changes", "## Repository Changes\n\nRanked by cosine similarity.");
    const sha = await pushAndSync(repo, { [PLAN_PATH]: withProse }, "Explain the ranking");
    const ticked = await until("DATA2 is ticked in the plan", () => {
      const text = github.file(repo, PLAN_PATH);
      return text !== withProse && text;
    });
    // The person's prose stays; one checkbox added, nothing else touched.
    expect(ticked).toBe(withProse.replace(/^\| DATA2 \(/m, "| [x] DATA2 ("));
    const tick = github.log(repo)[0]!;
    expect(tick.authorLogin).toBe(github.botLogin);
    expect(tick.message.split("\n")[0]).toBe("plan-sync: mark DATA2 done");
    expect(github.checkRuns(repo).find((r) => r.headSha === sha)?.output.summary).toContain(
      `#${data2.number} was closed on GitHub since the last sync, so DATA2 is ticked`,
    );
    expect(parseMarker(issueOf(repo, "DATA2")!.body ?? "")?.done).toBe(true);

    // Nothing duplicated: three task issues and the tracking issue, and the tick's own push writes nothing.
    expect(github.issues(repo).filter(isTaskIssue)).toHaveLength(3);
    expect(github.issues(repo).filter(isTrackingIssue)).toHaveLength(1);
    github.resetCounters();
    expect((await server.send("push", github.pushPayload(repo))).status).toBe(200);
    await quietPeriod(1000);
    expect(github.writes()).toEqual([]);
    expect(github.file(repo, PLAN_PATH)).toBe(ticked);
    github.assertNoUnexpected();
    expect(server.app.output).not.toMatch(/could not look for failed webhook deliveries/);
  });
});
