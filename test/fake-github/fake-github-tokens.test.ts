import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeGitHub } from "../support/fake-github/index.js";
import { quiet } from "../support/quiet-log.js";

const REPO = { owner: "acme", repo: "plans" };

let fake: FakeGitHub;

beforeEach(async () => {
  fake = new FakeGitHub();
  await fake.start();
  fake.createRepo("acme/plans", { files: { "docs/plan.md": "v1\n" }, installationId: 9 });
});

afterEach(async () => {
  fake.assertNoUnexpected();
  await fake.stop();
});

const client = (token: string) => new Octokit({ auth: token, baseUrl: fake.url, log: quiet });

/** The HTTP status and GitHub's message of a refused request, or "ok". */
async function outcome(request: Promise<unknown>): Promise<string> {
  return request.then(
    () => "ok",
    (e: { status: number; response?: { data?: { message?: string } } }) =>
      `${e.status} ${e.response?.data?.message ?? ""}`.trim(),
  );
}

describe("GET /user: who a token is", () => {
  it("a personal token: its own account", async () => {
    fake.addToken("alice-token", "alice");
    const { data } = await client("alice-token").rest.users.getAuthenticated();
    expect(data).toMatchObject({ login: "alice", type: "User" });
  });

  it("an installation token (minted by the App, or a workflow's GITHUB_TOKEN): 403 Resource not accessible by integration", async () => {
    expect(await outcome(client(fake.model.mintToken(9)).rest.users.getAuthenticated())).toBe(
      "403 Resource not accessible by integration",
    );
    fake.addToken("workflow-token", "github-actions[bot]", { installationToken: true });
    expect(await outcome(client("workflow-token").rest.users.getAuthenticated())).toBe(
      "403 Resource not accessible by integration",
    );
  });

  it("no token: 401; an unknown one: 401 Bad credentials", async () => {
    expect(await outcome(new Octokit({ baseUrl: fake.url, log: quiet }).rest.users.getAuthenticated())).toBe(
      "401 Requires authentication",
    );
    expect(await outcome(client("nope").rest.users.getAuthenticated())).toBe("401 Bad credentials");
  });

  it("failNext still takes precedence, so a test can play any answer", async () => {
    fake.addToken("alice-token", "alice");
    fake.failNext({ method: "GET", path: "/user", status: 200, body: { login: "someone-else" } });
    expect((await client("alice-token").rest.users.getAuthenticated()).data.login).toBe("someone-else");
    expect((await client("alice-token").rest.users.getAuthenticated()).data.login).toBe("alice");
  });
});

describe("tokens with limited permissions", () => {
  it("issues: read → reads work, writes to issues get 403 and change nothing", async () => {
    fake.addToken("reader", "alice", { permissions: { issues: "read", contents: "write" } });
    fake.createIssue("acme/plans", { title: "existing", user: "bob" });
    const octokit = client("reader");
    expect((await octokit.rest.issues.listForRepo(REPO)).data).toHaveLength(1);
    expect(await outcome(octokit.rest.issues.create({ ...REPO, title: "new" }))).toBe(
      "403 Resource not accessible by personal access token",
    );
    expect(await outcome(octokit.rest.issues.update({ ...REPO, issue_number: 1, state: "closed" }))).toBe(
      "403 Resource not accessible by personal access token",
    );
    expect(await outcome(octokit.rest.issues.createComment({ ...REPO, issue_number: 1, body: "hi" }))).toMatch(/^403 /);
    expect(await outcome(octokit.rest.issues.createLabel({ ...REPO, name: "plan-sync" }))).toMatch(/^403 /);
    expect(fake.issues("acme/plans").map((i) => [i.title, i.state])).toEqual([["existing", "open"]]);

    // The write it was granted goes through.
    const file = (await octokit.rest.repos.getContent({ ...REPO, path: "docs/plan.md" })).data as { sha: string };
    const put = octokit.rest.repos.createOrUpdateFileContents({
      ...REPO,
      path: "docs/plan.md",
      message: "m",
      content: Buffer.from("v2\n").toString("base64"),
      sha: file.sha,
    });
    expect(await outcome(put)).toBe("ok");
  });

  it("a permission not granted at all refuses its writes too; an installation-style token says 'integration'", async () => {
    fake.addToken("issues-only", "github-actions[bot]", { installationToken: true, permissions: { issues: "write" } });
    const octokit = client("issues-only");
    expect(await outcome(octokit.rest.issues.create({ ...REPO, title: "new" }))).toBe("ok");
    const file = (await octokit.rest.repos.getContent({ ...REPO, path: "docs/plan.md" })).data as { sha: string };
    const put = octokit.rest.repos.createOrUpdateFileContents({
      ...REPO,
      path: "docs/plan.md",
      message: "m",
      content: Buffer.from("v2\n").toString("base64"),
      sha: file.sha,
    });
    expect(await outcome(put)).toBe("403 Resource not accessible by integration");
    expect(fake.file("acme/plans", "docs/plan.md")).toBe("v1\n");
  });
});
