import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RepoRef } from "../support/fake-github/index.js";
import { appKeyPair } from "../support/probot-app.js";
import { startRealServer, WEBHOOK_SECRET, type RealServer } from "./support/app-against-fake.js";
import { SEARCH_PLAN_PATH as E2E_PLAN_PATH, SMALL_SEARCH_PLAN as E2E_PLAN } from "../support/search-plan.js";
import { jsonLogLines } from "./support/json-log.js";
import { waitUntil } from "./support/wait-until.js";
import { isTaskIssue, isTrackingIssue } from "../support/tracking-issues.js";

/**
 * What the operator of the real server (`npm start`) relies on: GitHub's
 * secondary rate limit does not break a sync, and the logs (JSON, as in
 * production) say what each sync did without ever printing a credential.
 */

let server: RealServer;
let repos = 0;

beforeAll(async () => {
  // debug: the most the server ever prints (every GitHub request), so the secrets check below is at its strictest.
  server = await startRealServer({
    env: { LOG_FORMAT: "json", LOG_LEVEL: "debug", PLAN_SYNC_WRITE_BACK_WINDOW_MS: "200" },
  });
});

afterAll(async () => {
  await server?.stop();
});

function newRepo(installationId = 7): RepoRef {
  return server.github.createRepo(`acme/ops-${++repos}`, { installationId, files: { "README.md": "# ops\n" } });
}

/** Task issues (the plan's tracking issue, on by default, apart). */
const appIssues = (repo: RepoRef) =>
  server.github.issues(repo).filter((i) => i.user.login === server.github.botLogin && isTaskIssue(i));

async function pushAndSync(repo: RepoRef, files: Record<string, string | null>): Promise<string> {
  const { github } = server;
  const sha = github.commit(repo, "main", files, "Add the search plan", "ada");
  expect((await server.send("push", github.pushPayload(repo))).status).toBe(200);
  await waitUntil(
    `the check run on ${sha.slice(0, 7)} completes`,
    () => github.checkRuns(repo).find((r) => r.headSha === sha && r.status === "completed"),
    {
      timeoutMs: 30_000,
      output: () => server.app.output,
    },
  );
  return sha;
}

describe("GitHub's secondary rate limit during a push sync (real server)", () => {
  // Probot's own runner (`probot run ./lib/index.js`) only logs a secondary limit and fails the request
  // (probot/lib/octokit/get-octokit-throttle-options.js): there this test fails at the first assertion,
  // which is how it proves `npm start` hands Probot plan-sync's Octokit.
  it("a 403 with retry-after in the middle of the sync is waited out and retried: the same issues, none twice", async () => {
    const { github } = server;
    // An installation of its own: after the refusal its writes go at the reduced rate (the adaptive pacer) for
    // minutes, which the other tests' installation must not inherit.
    const repo = newRepo(8);
    const issuesPath = `/repos/${repo.owner}/${repo.repo}/issues`;
    let creates = 0;
    // Armed on the second issue creation itself, so the limit lands mid-sync, after writes that succeeded.
    const stop = github.onRequest((r) => {
      if (r.method === "POST" && r.path === issuesPath && ++creates === 2)
        github.failNextWithSecondaryLimit({ method: "POST", path: issuesPath, retryAfter: 1 });
    });
    try {
      await pushAndSync(repo, { [E2E_PLAN_PATH]: E2E_PLAN });
    } finally {
      stop();
    }

    const creations = github.requests.filter((r) => r.method === "POST" && r.path === issuesPath);
    // Three task issues, the second refused once and retried, then the plan's tracking issue (on by default).
    expect(creations.map((r) => r.status)).toEqual([201, 403, 201, 201, 201]);
    // The retry waited for retry-after (1 s), as GitHub asks.
    expect(creations[2]!.at - creations[1]!.at).toBeGreaterThanOrEqual(900);
    expect(appIssues(repo).map((i) => [i.title, i.state])).toEqual([
      ["DATA1: Embeddings table", "closed"],
      ["DATA2: Nightly embedding ETL", "open"],
      ["GAIN1: Search API", "open"],
    ]);
    expect(github.issues(repo).filter(isTaskIssue)).toHaveLength(3);
    expect(github.issues(repo).filter(isTrackingIssue)).toHaveLength(1);
    expect(github.checkRuns(repo)).toEqual([expect.objectContaining({ status: "completed", conclusion: "success" })]);
    expect(github.file(repo, E2E_PLAN_PATH)).toMatch(/^\| GAIN1 \(\[#3\]/m);
    github.assertNoUnexpected();
  });
});

describe("logs (LOG_FORMAT=json)", () => {
  it("one line per push sync with the repository, the plan, its counts and the duration", async () => {
    const repo = newRepo();
    const sha = await pushAndSync(repo, { [E2E_PLAN_PATH]: E2E_PLAN });
    const fullName = `${repo.owner}/${repo.repo}`;

    const line = await waitUntil(
      "the sync's log line is printed",
      () => {
        const lines = jsonLogLines(server.app.output).filter((l) => l.repository === fullName && "durationMs" in l);
        return lines.length > 0 && lines;
      },
      { timeoutMs: 5_000, output: () => server.app.output },
    );
    expect(line).toHaveLength(1);
    expect(line[0]).toMatchObject({
      level: 30,
      repository: fullName,
      after: sha,
      outcome: "synced",
      plans: [
        expect.objectContaining({
          path: E2E_PLAN_PATH,
          create: 3,
          update: 0,
          close: expect.any(Number),
          reopen: 0,
          errors: 0,
          warnings: 0,
        }),
      ],
      durationMs: expect.any(Number),
    });
    expect(String(line[0]!.msg)).toContain(fullName);
  });

  it("never prints the installation token, the App's private key, a signed JWT or the webhook secret, not even when a request fails", async () => {
    const { github } = server;
    const repo = newRepo();
    await pushAndSync(repo, { [E2E_PLAN_PATH]: E2E_PLAN });
    // A write-back whose commit GitHub refuses: the error, with the request it came from, is logged.
    const data2 = appIssues(repo).find((i) => i.title.startsWith("DATA2:"))!.number;
    github.failNext({
      method: "PUT",
      path: `/repos/${repo.owner}/${repo.repo}/contents/${E2E_PLAN_PATH}`,
      status: 403,
      body: { message: "Resource not accessible by integration" },
    });
    github.updateIssue(repo, data2, { state: "closed" }, "grace");
    expect((await server.send("issues", github.issuesPayload(repo, data2, "closed"))).status).toBe(200);
    await server.app.waitForOutput(/write-back[^"]*failed/, 20_000);

    const output = server.app.output;
    const tokens = [...github.model.tokens.entries()].filter(([, t]) => t.installationToken).map(([token]) => token);
    expect(tokens.length).toBeGreaterThan(0);
    for (const token of tokens) expect(output).not.toContain(token);
    // The key's base64 body, line by line: a log would print it with \n escaped, or re-wrapped.
    const keyLines = appKeyPair()
      .privateKey.split("\n")
      .filter((l) => l.length > 0 && !l.startsWith("-----"));
    expect(keyLines.length).toBeGreaterThan(10);
    for (const keyLine of keyLines) expect(output).not.toContain(keyLine);
    expect(output).not.toMatch(/eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/);
    expect(output).not.toContain(WEBHOOK_SECRET);
    // The check is about the output the server did print: it logged requests and the failure.
    expect(output).toMatch(/"msg":"[^"]*write-back[^"]*failed/);
    // Its own waits (the sync, then the write-back) add up to 50 s: the default 30 s test timeout cut them short.
  }, 60_000);
});
