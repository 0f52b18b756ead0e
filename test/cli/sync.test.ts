import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { answerTokenOwner, runSyncCommand, startCliFake, type SyncRunOptions } from "../support/cli-sync.js";
import type { FakeGitHub, RepoRef } from "../support/fake-github/index.js";
import { isTaskIssue } from "../support/tracking-issues.js";
import { SMALL_SEARCH_PLAN as PLAN, SEARCH_PLAN_PATH as PLAN_PATH } from "../support/search-plan.js";

/**
 * `plan-sync sync` against the in-memory GitHub over HTTP, through @octokit/rest
 * with the throttling and retry plugins. The command is the one main()
 * registers, built with the test's environment and a pacer on a fast clock.
 */

let fake: FakeGitHub;
let repo: RepoRef;

beforeEach(async () => {
  ({ fake, repo } = await startCliFake());
});

afterEach(async () => {
  fake.assertNoUnexpected();
  await fake.stop();
});

const tokenIs = (login: string, times = 1) => answerTokenOwner(fake, login, times);
const runSync = (argv: string[], opts?: SyncRunOptions) => runSyncCommand(fake, argv, opts);

const sync = (...args: string[]) => runSync([PLAN_PATH, "--repo", "acme/plans", ...args]);
const writes = () => fake.writes().filter((w) => w.status < 400);
/** The task issues; the plan's tracking issue (on by default) is checked in the first sync. */
const taskIssues = () => fake.issues(repo).filter(isTaskIssue);

describe("plan-sync sync", () => {
  it("first sync: one labelled issue per task, the ticked one closed, links written back in one commit", async () => {
    tokenIs("alice");
    const run = await sync();
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);

    expect(fake.issues(repo).map((i) => [i.title, i.state, i.user.login])).toEqual([
      ["DATA1: Embeddings table", "closed", "alice"],
      ["DATA2: Nightly embedding ETL", "open", "alice"],
      ["GAIN1: Search API", "open", "alice"],
      // The plan's tracking issue, as the App makes it: its sub-issues are the task issues.
      ["Semantic search (plan)", "open", "alice"],
    ]);
    const issues = taskIssues();
    expect(fake.subIssues(repo, 4)).toEqual(issues.map((i) => `acme/plans#${i.number}`));
    expect(issues[0]?.labels).toEqual(expect.arrayContaining(["DATA", "plan-sync"]));
    expect(
      fake
        .labels(repo)
        .map((l) => l.name)
        .sort(),
    ).toEqual(["DATA", "GAIN", "plan-sync"]);

    const commits = writes().filter((w) => w.method === "PUT" && w.path.includes("/contents/"));
    expect(commits).toHaveLength(1);
    const text = fake.file(repo, PLAN_PATH) ?? "";
    for (const issue of issues)
      expect(text).toContain(`([#${issue.number}](https://github.com/acme/plans/issues/${issue.number}))`);
    // Only the links were added: the rest of the plan is byte for byte the same.
    expect(text.replace(/ \(\[#\d+\]\([^)]*\)\)/g, "")).toBe(PLAN);

    expect(run.stdout).toContain("Synced acme/plans at main");
    expect(run.stdout).toMatch(
      /docs\/plans\/search\.md\s+3\s+3\s+0\s+0\s+0\s+committed [0-9a-f]{7}: link DATA1, DATA2, GAIN1/,
    );
  });

  it("a re-run writes nothing", async () => {
    tokenIs("alice", 2);
    expect((await sync()).code).toBe(0);
    fake.resetCounters();

    const again = await sync();
    expect(again.code).toBe(0);
    expect(fake.writes()).toEqual([]);
    expect(again.stdout).toMatch(/search\.md\s+3\s+0\s+0\s+0\s+0\s+up to date/);
  });

  it("--dry-run prints every action, the write-back included, and writes nothing", async () => {
    tokenIs("alice");
    const run = await sync("--dry-run");
    expect(run.code).toBe(0);
    expect(fake.writes()).toEqual([]);
    expect(run.stdout).toContain("nothing is written");
    expect(run.stdout).toContain("  create label  DATA");
    expect(run.stdout).toContain("  create issue  DATA1: Embeddings table  [DATA, plan-sync]  (then close: ticked)");
    expect(run.stdout).toContain("  write back    link DATA1, DATA2, GAIN1 in docs/plans/search.md (one commit)");
  });

  it("--json: the documented shape, with what was done", async () => {
    tokenIs("alice");
    const run = await sync("--json");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      version: 1,
      repository: "acme/plans",
      ref: "main",
      identity: "alice",
      dryRun: false,
      error: null,
      labels: ["DATA", "plan-sync", "GAIN"],
      plans: [
        {
          path: PLAN_PATH,
          tasks: 3,
          counts: { create: 3, update: 0, close: 0, reopen: 0 },
          writeBack: { status: "committed", linked: ["DATA1", "DATA2", "GAIN1"], done: [], reopened: [] },
        },
      ],
    });
    expect((json.plans as Array<{ actions: unknown[] }>)[0]?.actions[0]).toEqual({
      type: "create-issue",
      taskId: "DATA1",
      issue: null,
      title: "DATA1: Embeddings table",
      labels: ["DATA", "plan-sync"],
      closeAsCompleted: true,
    });
  });
});

const ISSUES_FORBIDDEN = {
  status: 403,
  body: {
    message: "Resource not accessible by personal access token",
    documentation_url: "https://docs.github.com/rest/issues/issues#create-an-issue",
  },
};

describe("plan-sync sync: when it cannot go on", () => {
  it("no token: exit 2, says how to give one, and makes no request", async () => {
    vi.stubEnv("GITHUB_TOKEN", "");
    vi.stubEnv("GH_TOKEN", "");
    try {
      let stderr = "";
      const code = await main(["sync", PLAN_PATH, "--repo", "acme/plans"], {
        stdout: () => {},
        stderr: (s) => void (stderr += s),
      });
      expect(code).toBe(2);
      expect(stderr).toContain("no GitHub token: set GITHUB_TOKEN");
      expect(fake.requests).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("an unknown repository: exit 1 and a message naming it", async () => {
    tokenIs("alice");
    const run = await runSync([PLAN_PATH, "--repo", "acme/nope", "--json"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("repository acme/nope not found, or the token cannot see it");
    expect(JSON.parse(run.stdout)).toMatchObject({
      version: 1,
      repository: "acme/nope",
      error: { code: "not-found" },
      plans: [],
      done: 0,
    });
    fake.clearFailures();
  });

  it.each([
    {
      what: "labels and issues",
      method: "POST",
      path: "/repos/acme/plans/labels",
      needs: "`issues: write`",
      step: "create labels",
    },
    {
      what: "the plan",
      method: "PUT",
      path: `/repos/acme/plans/contents/${PLAN_PATH}`,
      needs: "`contents: write`",
      step: "commit ticks and links into the plan",
    },
  ])(
    "a token that may not write $what: exit 1, naming the permission it lacks",
    async ({ method, path, needs, step }) => {
      tokenIs("alice");
      fake.failNext({ method, path, ...ISSUES_FORBIDDEN });
      const run = await sync();
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `plan-sync sync: error: the token may not ${step} in acme/plans (403): it needs ${needs}.`,
      );
      expect(run.stderr).toContain('GitHub said: "Resource not accessible by personal access token"');
    },
  );

  it("a plan with errors: the diagnostics exactly as `check` prints them, exit 1, nothing written", async () => {
    const broken = PLAN.replace("| GAIN1 | Search API |", "| DATA2 | Search API |");
    fake.commit(repo, "main", { [PLAN_PATH]: broken }, "Break the plan", "ada");
    fake.resetCounters();
    tokenIs("alice");
    const run = await sync();
    expect(run.code).toBe(1);
    expect(fake.writes()).toEqual([]);

    const dir = await mkdtemp(join(tmpdir(), "plan-sync-sync-"));
    await mkdir(join(dir, "docs/plans"), { recursive: true });
    await writeFile(join(dir, PLAN_PATH), broken);
    let checked = "";
    await main(["check", PLAN_PATH], { stdout: (s) => void (checked += s), stderr: () => {}, cwd: dir });
    const positioned = checked.split("\n").filter((l) => l.startsWith(`${PLAN_PATH}:`));
    expect(positioned.length).toBeGreaterThan(0);
    for (const line of positioned) expect(run.stderr).toContain(`${line}\n`);
    expect(run.stderr).toContain("nothing was synced or written");
  });

  it("a path that is not a plan: a positioned error, nothing written", async () => {
    tokenIs("alice");
    const run = await runSync([PLAN_PATH, "README.md", "--repo", "acme/plans"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("README.md:1:1: error: no task table");
    expect(fake.writes()).toEqual([]);
  });

  it("an invalid .github/plan-sync.yml: the key named, exit 1, nothing written", async () => {
    fake.commit(repo, "main", { ".github/plan-sync.yml": "linkz: false\n" }, "Configure", "ada");
    tokenIs("alice");
    const run = await sync();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(".github/plan-sync.yml: error: linkz: unknown key, did you mean `links`?");
    expect(fake.writes()).toEqual([]);
  });

  it("a spent rate limit with a far reset: stops at once with the time to retry", async () => {
    tokenIs("alice");
    const reset = Math.floor(Date.now() / 1000) + 3600;
    fake.failNext({
      method: "GET",
      path: "/repos/acme/plans/issues",
      status: 403,
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) },
      body: { message: "API rate limit exceeded for user ID 1." },
    });
    const run = await sync();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`rate limit is used up; it resets at ${new Date(reset * 1000).toISOString()}`);
    expect(fake.writes()).toEqual([]);
  });

  it("a spent rate limit that resets soon: waits, says so on stderr, and finishes", async () => {
    tokenIs("alice");
    fake.failNext({
      method: "GET",
      path: "/repos/acme/plans/issues",
      status: 403,
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 1) },
      body: { message: "API rate limit exceeded for user ID 1." },
    });
    const run = await runSync([PLAN_PATH, "--repo", "acme/plans"], { deps: { policy: { retryAfterBaseValue: 1 } } });
    expect(run.stderr).toMatch(/^plan-sync: Rate limit exhausted for GET \S*\/issues\S*; retrying in \d+ s/m);
    expect(run.code).toBe(0);
    expect(taskIssues()).toHaveLength(3);
  });
});

describe("plan-sync sync: issue state back into the plan", () => {
  it("an issue closed as completed on GitHub ticks its task, a reopened one unticks it, in one commit", async () => {
    tokenIs("alice", 2);
    await sync();
    const [data1, data2] = taskIssues();
    // What people did on GitHub meanwhile:
    await closeOrReopen(data2!.number, "closed");
    await closeOrReopen(data1!.number, "open");
    fake.resetCounters();

    const run = await sync("--before", fake.branchHead(repo));
    expect(run.code).toBe(0);
    const commits = fake.writes().filter((w) => w.method === "PUT");
    expect(commits).toHaveLength(1);
    const text = fake.file(repo, PLAN_PATH) ?? "";
    expect(text).toContain("| [ ] DATA1 ([#1]");
    expect(text).toContain("| [x] DATA2 ([#2]");
    // The issues were left as people set them: the plan followed, not the other way round.
    expect(taskIssues().map((i) => i.state)).toEqual(["open", "closed", "open"]);
    expect(run.stdout).toContain("mark DATA2 done; untick DATA1");
  });

  it("ticks come from the issue list already read: no request per issue, and a task removed from the plan is no bother", async () => {
    tokenIs("alice", 2);
    await sync();
    const [, data2] = taskIssues();
    await closeOrReopen(data2!.number, "closed");
    // GAIN1 leaves the plan: its issue is closed as not planned, and stays out of the write-back.
    fake.commit(
      repo,
      "main",
      { [PLAN_PATH]: (fake.file(repo, PLAN_PATH) ?? "").replace(/\| GAIN1 .*\n/, "") },
      "Drop GAIN1",
      "ada",
    );
    fake.resetCounters();

    const run = await sync();
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(fake.requests.filter((r) => r.method === "GET" && /\/issues\/\d+$/.test(r.path))).toEqual([]);
    expect(fake.file(repo, PLAN_PATH)).toContain("| [x] DATA2 ([#2]");
    expect(taskIssues().map((i) => [i.state, i.stateReason])).toEqual([
      ["closed", "completed"],
      ["closed", "completed"],
      ["closed", "not_planned"],
    ]);
  });

  it("with `writeBack: false` only links are written: an issue closed on GitHub leaves its task unticked", async () => {
    fake.commit(repo, "main", { ".github/plan-sync.yml": "writeBack: false\n" }, "Configure", "ada");
    tokenIs("alice", 2);
    await sync();
    expect(fake.file(repo, PLAN_PATH)).toContain("| DATA2 ([#2]");
    await closeOrReopen(2, "closed");
    fake.resetCounters();

    const run = await sync();
    expect(run.code).toBe(0);
    expect(fake.writes()).toEqual([]);
    expect(fake.file(repo, PLAN_PATH)).toContain("| DATA2 ([#2]");
    expect(run.stdout).toMatch(/search\.md\s+3\s+0\s+0\s+0\s+0\s+up to date/);
  });
});

describe("plan-sync sync: whose issues", () => {
  it("a workflow token manages github-actions[bot]'s issues", async () => {
    fake.addToken("workflow-token", "github-actions[bot]");
    fake.failNext({
      method: "GET",
      path: "/user",
      status: 403,
      body: { message: "Resource not accessible by integration" },
    });
    const run = await runSync([PLAN_PATH, "--repo", "acme/plans"], {
      env: { GITHUB_TOKEN: "workflow-token", GITHUB_ACTIONS: "true" },
    });
    expect(run.code).toBe(0);
    expect(taskIssues().map((i) => i.user.login)).toEqual([
      "github-actions[bot]",
      "github-actions[bot]",
      "github-actions[bot]",
    ]);
    expect(run.stdout).toContain("issues by github-actions[bot]");
  });

  it("switching identity (App's issues, then a personal token) refuses to duplicate them and writes nothing", async () => {
    fake.addToken("bot-token", fake.botLogin);
    tokenIs(fake.botLogin);
    expect((await runSync([PLAN_PATH, "--repo", "acme/plans"], { env: { GITHUB_TOKEN: "bot-token" } })).code).toBe(0);
    fake.resetCounters();

    tokenIs("alice");
    const run = await sync();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `these tasks already have plan-sync issues created by ${fake.botLogin}, not by alice: DATA1 (#1), DATA2 (#2), GAIN1 (#3)`,
    );
    expect(fake.writes()).toEqual([]);
  });

  it("--identity naming someone else still edits their issues, but will not create issues it could not find again", async () => {
    fake.addToken("bot-token", fake.botLogin);
    tokenIs(fake.botLogin);
    await runSync([PLAN_PATH, "--repo", "acme/plans"], { env: { GITHUB_TOKEN: "bot-token" } });
    fake.commit(
      repo,
      "main",
      { [PLAN_PATH]: (fake.file(repo, PLAN_PATH) ?? "").replace("Search API", "Search API v2") },
      "Rename",
      "ada",
    );
    fake.resetCounters();

    tokenIs("alice");
    const edit = await sync("--identity", fake.botLogin);
    expect(edit.code).toBe(0);
    expect(taskIssues().find((i) => i.number === 3)?.title).toBe("GAIN1: Search API v2");
    expect(taskIssues()).toHaveLength(3);

    const withNewTask = (fake.file(repo, PLAN_PATH) ?? "").replace(
      /(\| GAIN1 [^\n]*\n)/,
      "$1| GAIN2 | Ranking | Better hits first | 8 |\n",
    );
    fake.commit(repo, "main", { [PLAN_PATH]: withNewTask }, "Add GAIN2", "ada");
    fake.resetCounters();
    tokenIs("alice");
    const create = await sync("--identity", fake.botLogin);
    expect(create.code).toBe(1);
    expect(create.stderr).toContain(
      `--identity ${fake.botLogin} manages ${fake.botLogin}'s issues, but this token writes as alice`,
    );
    expect(fake.writes()).toEqual([]);
  });
});

describe("plan-sync sync: output", () => {
  it("draws a progress bar on a terminal for a long run, and plain lines at each tenth when piped (a CI log)", async () => {
    const rows = Array.from({ length: 12 }, (_, i) => `| DATA${i + 10} | Task ${i} | Done | 1 |`).join("\n");
    const longPlan = PLAN.replace(
      "| DATA2 | Nightly embedding ETL | Runs nightly | 5 |",
      `| DATA2 | Nightly embedding ETL | Runs nightly | 5 |\n${rows}`,
    );
    fake.commit(repo, "main", { [PLAN_PATH]: longPlan }, "More tasks", "ada");
    tokenIs("alice");
    const terminal = await runSync([PLAN_PATH, "--repo", "acme/plans"], { deps: { isTTY: true } });
    expect(terminal.code).toBe(0);
    // 3 labels and 15 issues.
    expect(terminal.stderr).toContain("\r[#-----------------------] 1/18");
    expect(terminal.stderr).toContain("\r[########################] 18/18\n");

    fake.commit(
      repo,
      "main",
      { [PLAN_PATH]: (fake.file(repo, PLAN_PATH) ?? "").replace(/\| Task (\d+) \|/g, "| Step $1 |") },
      "Reword",
      "ada",
    );
    fake.resetCounters();
    tokenIs("alice");
    // A stopped clock: only the tenths of the work print a line, never the 10 s heartbeat.
    const piped = await runSync([PLAN_PATH, "--repo", "acme/plans"], { deps: { now: () => 0 } });
    expect(piped.code).toBe(0);
    expect(fake.writes().filter((w) => w.method === "PATCH")).toHaveLength(12);
    expect(piped.stderr).toBe(
      [2, 3, 4, 5, 6, 8, 9, 10, 11, 12].map((done) => `plan-sync: ${done}/12 changes done\n`).join(""),
    );
  });
});

async function closeOrReopen(number: number, state: "open" | "closed"): Promise<void> {
  const res = await fetch(`${fake.url}/repos/acme/plans/issues/${number}`, {
    method: "PATCH",
    headers: { authorization: "token alice-token", "content-type": "application/json" },
    body: JSON.stringify(state === "closed" ? { state, state_reason: "completed" } : { state }),
  });
  expect(res.status).toBe(200);
}
