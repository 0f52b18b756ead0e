import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeGitHub, ZERO_SHA, blobSha } from "../support/fake-github/index.js";
import { startFakeWithOctokit } from "../support/fake-octokit.js";
import { quiet } from "../support/quiet-log.js";

const REPO = { owner: "acme", repo: "plans" };

let fake: FakeGitHub;
let octokit: Octokit;

beforeEach(async () => {
  ({ fake, octokit } = await startFakeWithOctokit({
    repo: { files: { "docs/plan.md": "v1\n", "old.md": "o\n" }, installationId: 9 },
    token: "t",
  }));
});

afterEach(async () => {
  fake.assertNoUnexpected();
  await fake.stop();
});

describe("webhook payloads built from the state", () => {
  it("push: before/after, the commits between with their files, installation and repository", () => {
    const before = fake.branchHead("acme/plans");
    fake.commit("acme/plans", "main", { "docs/plan.md": "v2\n" }, "edit", "alice");
    const after = fake.commit("acme/plans", "main", { "old.md": null, "new.md": "n\n" }, "swap", "bob");

    const payload = fake.pushPayload("acme/plans", { before });
    expect(payload).toMatchObject({
      ref: "refs/heads/main",
      before,
      after,
      created: false,
      installation: { id: 9 },
      repository: { full_name: "acme/plans", default_branch: "main", owner: { login: "acme" } },
      sender: { login: "bob" },
      head_commit: { id: after, added: ["new.md"], removed: ["old.md"], modified: [] },
    });
    expect(
      (payload.commits as Array<{ message: string; modified: string[] }>).map((c) => [c.message, c.modified]),
    ).toEqual([
      ["edit", ["docs/plan.md"]],
      ["swap", []],
    ]);
    expect(payload.organization).toBeUndefined();

    const fresh = fake.pushPayload("acme/plans", {
      ref: "refs/heads/feature",
      after: fake.createBranch("acme/plans", "feature"),
      before: ZERO_SHA,
    });
    expect(fresh).toMatchObject({ created: true, ref: "refs/heads/feature" });
  });

  it("pull_request and issue_comment carry the live head SHA and a pull_request key only for pull requests", () => {
    fake.commit("acme/plans", "feature", { "docs/plan.md": "v2\n" }, "a", "alice");
    const pull = fake.openPullRequest("acme/plans", { head: "feature", title: "Plan v2", user: "alice" });
    const first = fake.branchHead("acme/plans", "feature");
    const second = fake.commit("acme/plans", "feature", { "docs/plan.md": "v3\n" }, "b", "alice");

    const sync = fake.pullRequestPayload("acme/plans", pull.number, "synchronize");
    expect(sync).toMatchObject({
      action: "synchronize",
      number: pull.number,
      before: first,
      after: second,
      installation: { id: 9 },
    });
    expect(sync.pull_request).toMatchObject({
      head: { ref: "feature", sha: second },
      base: { ref: "main" },
      user: { login: "alice" },
      assignees: [],
    });

    const onPull = fake.addComment("acme/plans", pull.number, "hello", "carol");
    const prComment = fake.issueCommentPayload("acme/plans", onPull.id, "created");
    expect(prComment).toMatchObject({
      comment: { id: onPull.id, body: "hello", user: { login: "carol" } },
      sender: { login: "carol" },
    });
    expect(prComment.issue).toHaveProperty("pull_request");

    const issue = fake.createIssue("acme/plans", { title: "plain" });
    const onIssue = fake.addComment("acme/plans", issue.number, "hi");
    expect(fake.issueCommentPayload("acme/plans", onIssue.id, "created").issue).not.toHaveProperty("pull_request");
  });
});

describe("issues.closed / issues.reopened senders", () => {
  it("default to the person who acted, not to the issue's author (the bot for the app's issues)", async () => {
    const issue = fake.createIssue("acme/plans", { title: "DATA1: x", user: fake.botLogin });
    fake.updateIssue("acme/plans", issue.number, { state: "closed" }, "carol");
    expect(fake.issuesPayload("acme/plans", issue.number, "closed").sender).toMatchObject({
      login: "carol",
      type: "User",
    });
    fake.updateIssue("acme/plans", issue.number, { state: "open" }, "dave");
    expect(fake.issuesPayload("acme/plans", issue.number, "reopened").sender).toMatchObject({ login: "dave" });
    // A helper call without `by` acts as the repository owner.
    fake.updateIssue("acme/plans", issue.number, { state: "closed" });
    expect(fake.issuesPayload("acme/plans", issue.number, "closed").sender).toMatchObject({ login: "acme" });
  });

  it("seeded as closed: the repository owner; `sender` overrides; an API close by the app is the app's", async () => {
    const seeded = fake.createIssue("acme/plans", { title: "DATA2: y", user: fake.botLogin, state: "closed" });
    expect(fake.issuesPayload("acme/plans", seeded.number, "closed").sender).toMatchObject({ login: "acme" });
    expect(fake.issuesPayload("acme/plans", seeded.number, "closed", { sender: "erin" }).sender).toMatchObject({
      login: "erin",
    });

    const own = fake.createIssue("acme/plans", { title: "DATA3: z", user: fake.botLogin });
    const bot = new Octokit({ auth: fake.model.mintToken(9), baseUrl: fake.url, log: quiet });
    await bot.rest.issues.update({
      owner: "acme",
      repo: "plans",
      issue_number: own.number,
      state: "closed",
      state_reason: "not_planned",
    });
    expect(fake.issuesPayload("acme/plans", own.number, "closed").sender).toMatchObject({
      login: fake.botLogin,
      type: "Bot",
    });
  });

  it("other actions keep the author as the default sender", () => {
    const issue = fake.createIssue("acme/plans", { title: "bug", user: "frank" });
    expect(fake.issuesPayload("acme/plans", issue.number, "opened").sender).toMatchObject({ login: "frank" });
  });
});

describe("reading and writing around the app", () => {
  it("serves files over 1 MB without content, and their text through the blobs API", async () => {
    const big = "x".repeat(1024 * 1024 + 10);
    fake.commit("acme/plans", "main", { "big.md": big }, "big");
    const meta = (await octokit.rest.repos.getContent({ ...REPO, path: "big.md" })).data as {
      encoding: string;
      content: string;
      sha: string;
    };
    expect(meta).toMatchObject({ encoding: "none", content: "", sha: blobSha(big) });
    const blob = await octokit.rest.git.getBlob({ ...REPO, file_sha: meta.sha });
    expect(Buffer.from(blob.data.content, "base64").toString("utf8")).toBe(big);
  });

  it("lets a test slip a human commit in before the app's write lands", async () => {
    const read = await octokit.rest.repos.getContent({ ...REPO, path: "docs/plan.md" });
    const stop = fake.onRequest((r) => {
      if (r.method === "PUT") fake.commit("acme/plans", "main", { "docs/plan.md": "human edit\n" }, "human", "dave");
    });
    const error = await octokit.rest.repos
      .createOrUpdateFileContents({
        ...REPO,
        path: "docs/plan.md",
        message: "bot",
        content: Buffer.from("bot\n").toString("base64"),
        sha: (read.data as { sha: string }).sha,
      })
      .then(
        () => null,
        (e: { status: number }) => e,
      );
    stop();
    expect(error?.status).toBe(409);
    expect(fake.file("acme/plans", "docs/plan.md")).toBe("human edit\n");
  });

  it("builds Link headers under /api/v3 when called there", async () => {
    for (let i = 0; i < 3; i++) fake.createIssue("acme/plans", { title: `t${i}` });
    const ghe = new Octokit({ auth: "t", baseUrl: `${fake.url}/api/v3`, log: quiet });
    const page = await ghe.rest.issues.listForRepo({ ...REPO, per_page: 2 });
    expect(page.headers.link).toContain(`${fake.url}/api/v3/repos/acme/plans/issues?`);
    expect(await ghe.paginate(ghe.rest.issues.listForRepo, { ...REPO, per_page: 2 })).toHaveLength(3);
  });

  it("limits an installation to its repositories: private ones hidden, public ones read-only", async () => {
    fake.createRepo("acme/secret", { private: true });
    fake.createRepo("acme/public-other");
    const bot = new Octokit({ auth: fake.model.mintToken(9), baseUrl: fake.url, log: quiet });
    expect((await bot.rest.issues.listForRepo(REPO)).status).toBe(200);
    const failure = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: { status: number }) => e.status,
      );
    expect(await failure(bot.rest.issues.listForRepo({ owner: "acme", repo: "secret" }))).toBe(404);
    expect((await bot.rest.issues.listForRepo({ owner: "acme", repo: "public-other" })).status).toBe(200);
    expect(await failure(bot.rest.issues.create({ owner: "acme", repo: "public-other", title: "x" }))).toBe(403);
  });
});
