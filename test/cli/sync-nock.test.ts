import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSyncCommand } from "../../src/cli/sync-command.js";
import { WritePacer } from "../../src/github/write-pacer.js";

/**
 * `plan-sync sync` against GitHub's REST API as nock sees it: @octokit/rest
 * with the throttling and retry plugins, exactly as a workflow runs it.
 */
const API = "https://api.github.com";
const REPO = "/repos/acme/plans";
const PLAN_PATH = "docs/plan.md";
const PLAN = [
  "# Search - Implementation Plan",
  "",
  "| Task ID | Description | Acceptance Criteria | Effort |",
  "|---|---|---|---|",
  "| DATA1 | Embeddings table | Table exists | 3 |",
  "",
].join("\n");
const HEAD = "b".repeat(40);
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

let unmatched: string[];
const recordUnmatched = (req: Request) => unmatched.push(`${req.method} ${req.url}`);

beforeEach(() => {
  nock.disableNetConnect();
  unmatched = [];
  nock.emitter.on("no match", recordUnmatched);
});

afterEach(() => {
  nock.emitter.removeListener("no match", recordUnmatched);
  nock.cleanAll();
  nock.enableNetConnect();
});

async function runSync(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const command = createSyncCommand({
    env: { GITHUB_TOKEN: "ghp_test" },
    isTTY: false,
    pacer: () => new WritePacer({ timeScale: 10_000 }),
  });
  const code = await command.run([PLAN_PATH, "--repo", "acme/plans", ...args], {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    cwd: "/",
  });
  return { code, stdout, stderr };
}

/** Every read the command makes for this plan; no write is answered unless a test adds it. */
function githubReads(): void {
  nock(API)
    .persist()
    .get("/user")
    .reply(200, { login: "ada", id: 1, type: "User" })
    .get(REPO)
    .reply(200, { full_name: "acme/plans", default_branch: "main", permissions: { push: true } })
    .get(`${REPO}/branches/main`)
    .reply(200, { name: "main", commit: { sha: HEAD } })
    .get(`${REPO}/git/ref/heads/main`)
    .reply(200, { object: { sha: HEAD } })
    .get(`${REPO}/contents/.github%2Fplan-sync.yml`)
    .query(true)
    .reply(404, { message: "Not Found" })
    .get("/repos/acme/.github/contents/.github%2Fplan-sync.yml")
    .query(true)
    .reply(404, { message: "Not Found" })
    .get(`${REPO}/contents/docs%2Fplan.md`)
    .query(true)
    .reply(200, { type: "file", path: PLAN_PATH, sha: "1".repeat(40), encoding: "base64", content: b64(PLAN) })
    .get(`${REPO}/contents/docs/plan.md`)
    .query(true)
    .reply(200, { type: "file", path: PLAN_PATH, sha: "1".repeat(40), encoding: "base64", content: b64(PLAN) })
    .get(`${REPO}/issues`)
    .query(true)
    .reply(200, [])
    .get(`${REPO}/labels`)
    .query(true)
    .reply(200, []);
}

describe("plan-sync sync over nock", () => {
  it("--dry-run lists the issue, labels and link it would write, and sends no write at all", async () => {
    githubReads();
    const run = await runSync("--dry-run");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("nothing is written");
    expect(run.stdout).toMatch(/create issue\s+DATA1: Embeddings table\s+\[DATA, plan-sync\]/);
    expect(run.stdout).toMatch(/write back\s+link DATA1 in docs\/plan\.md/);
    // The network is closed and only reads are answered: a write would show up here.
    expect(unmatched).toEqual([]);
  });

  it("a token without issues: write stops at the first refused write, says which permission is missing, exit 1", async () => {
    githubReads();
    nock(API).post(`${REPO}/labels`).reply(403, { message: "Resource not accessible by personal access token" });
    const run = await runSync();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("issues: write");
    expect(run.stdout).not.toContain("Synced");
    // Nothing after the refusal was attempted: no issue, no commit.
    expect(unmatched).toEqual([]);
  });
});
