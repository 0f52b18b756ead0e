import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeGitHub, blobSha } from "../support/fake-github/index.js";
import { startFakeWithOctokit } from "../support/fake-octokit.js";
import { quiet } from "../support/quiet-log.js";

const REPO = { owner: "acme", repo: "plans" };

let fake: FakeGitHub;
let octokit: Octokit;

beforeEach(async () => {
  ({ fake, octokit } = await startFakeWithOctokit({ repo: { files: { "docs/plan.md": "# Plan\n\n| Task ID |\n" } } }));
});

afterEach(async () => {
  fake.assertNoUnexpected();
  await fake.stop();
});

function status(error: unknown): number | undefined {
  return (error as { status?: number }).status;
}

describe("issues", () => {
  it("lists more than 100 issues across pages with a Link header, pull requests included", async () => {
    for (let i = 1; i <= 230; i++)
      fake.createIssue("acme/plans", { title: `Task ${i}`, user: i % 2 ? "plan-sync[bot]" : "alice" });
    fake.commit("acme/plans", "feature", { "b.md": "b\n" }, "b");
    const pull = fake.openPullRequest("acme/plans", { head: "feature", title: "A change", user: "alice" });

    const first = await octokit.rest.issues.listForRepo({ ...REPO, per_page: 100 });
    expect(first.data).toHaveLength(100);
    expect(first.headers.link).toContain('rel="next"');
    expect(first.headers.link).toMatch(/page=3[^>]*>; rel="last"/);

    const all = await octokit.paginate(octokit.rest.issues.listForRepo, { ...REPO, per_page: 100 });
    expect(all).toHaveLength(231);
    expect(new Set(all.map((i) => i.number)).size).toBe(231);
    // Newest first, as GitHub sorts by default.
    expect(all[0]!.number).toBe(pull.number);
    expect(all[0]!.pull_request?.url).toContain(`/pulls/${pull.number}`);
    expect(all.filter((i) => i.pull_request)).toHaveLength(1);
  });

  it("caps per_page at 100", async () => {
    for (let i = 1; i <= 120; i++) fake.createIssue("acme/plans", { title: `T${i}` });
    const page = await octokit.rest.issues.listForRepo({ ...REPO, per_page: 500 });
    expect(page.data).toHaveLength(100);
  });

  it("filters by creator, state and labels", async () => {
    fake.createIssue("acme/plans", { title: "bot open", user: "plan-sync[bot]", labels: ["plan-sync", "area:DATA"] });
    fake.createIssue("acme/plans", {
      title: "bot closed",
      user: "plan-sync[bot]",
      labels: ["plan-sync"],
      state: "closed",
      stateReason: "not_planned",
    });
    fake.createIssue("acme/plans", { title: "human", user: "mallory", labels: ["plan-sync"] });

    const botAll = await octokit.rest.issues.listForRepo({ ...REPO, creator: "plan-sync[bot]", state: "all" });
    expect(botAll.data.map((i) => i.title).sort()).toEqual(["bot closed", "bot open"]);
    expect(botAll.data.find((i) => i.title === "bot closed")).toMatchObject({
      state: "closed",
      state_reason: "not_planned",
    });
    expect(botAll.data[0]!.user).toMatchObject({ login: "plan-sync[bot]", type: "Bot" });

    const openOnly = await octokit.rest.issues.listForRepo({ ...REPO, creator: "plan-sync[bot]" });
    expect(openOnly.data.map((i) => i.title)).toEqual(["bot open"]);

    const labelled = await octokit.rest.issues.listForRepo({ ...REPO, labels: "plan-sync,AREA:data", state: "all" });
    expect(labelled.data.map((i) => i.title)).toEqual(["bot open"]);
  });

  it("answers 304 to a matching If-None-Match and a fresh ETag after a change", async () => {
    fake.createIssue("acme/plans", { title: "one" });
    const first = await octokit.rest.issues.listForRepo(REPO);
    const etag = first.headers.etag!;
    expect(etag).toBeTruthy();

    const notModified = await octokit.rest.issues
      .listForRepo({ ...REPO, headers: { "if-none-match": etag } })
      .catch((e: unknown) => e);
    expect(status(notModified)).toBe(304);

    await octokit.rest.issues.update({ ...REPO, issue_number: 1, title: "renamed" });
    const changed = await octokit.rest.issues.listForRepo({ ...REPO, headers: { "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    // The log shows what the client got, so tests can count the free 304s.
    expect(fake.requests.filter((r) => r.method === "GET").map((r) => r.status)).toEqual([200, 304, 200]);
  });

  it("creates issues as the caller and closes them with a reason", async () => {
    const created = await octokit.rest.issues.create({
      ...REPO,
      title: "From the CLI",
      body: "x",
      labels: ["plan-sync"],
    });
    expect(created.status).toBe(201);
    expect(created.data.user?.login).toBe("alice");
    expect(created.data.html_url).toBe(`https://github.com/acme/plans/issues/${created.data.number}`);

    const closed = await octokit.rest.issues.update({
      ...REPO,
      issue_number: created.data.number,
      state: "closed",
      state_reason: "not_planned",
    });
    expect(closed.data).toMatchObject({ state: "closed", state_reason: "not_planned" });
    expect(closed.data.closed_at).toBeTruthy();
    const reopened = await octokit.rest.issues.update({ ...REPO, issue_number: created.data.number, state: "open" });
    expect(reopened.data).toMatchObject({ state: "open", state_reason: "reopened", closed_at: null });

    const missingTitle = await octokit.rest.issues.create({ ...REPO, title: "" }).catch((e: unknown) => e);
    expect(status(missingTitle)).toBe(422);
  });

  it("keeps comments per issue, paginated, editable in place", async () => {
    const issue = fake.createIssue("acme/plans", { title: "t" });
    for (let i = 0; i < 105; i++) fake.addComment("acme/plans", issue.number, `c${i}`, "bob");
    const mine = await octokit.rest.issues.createComment({ ...REPO, issue_number: issue.number, body: "status" });
    await octokit.rest.issues.updateComment({ ...REPO, comment_id: mine.data.id, body: "status v2" });

    const all = await octokit.paginate(octokit.rest.issues.listComments, {
      ...REPO,
      issue_number: issue.number,
      per_page: 100,
    });
    expect(all).toHaveLength(106);
    expect(all.at(-1)).toMatchObject({ id: mine.data.id, body: "status v2", user: { login: "alice" } });
  });

  it("refuses a duplicate label and lists labels across pages", async () => {
    await octokit.rest.issues.createLabel({ ...REPO, name: "plan-sync", color: "0e8a16" });
    const dup = await octokit.rest.issues
      .createLabel({ ...REPO, name: "Plan-Sync", color: "0e8a16" })
      .catch((e: unknown) => e);
    expect(status(dup)).toBe(422);
    for (let i = 0; i < 40; i++) fake.createLabel("acme/plans", { name: `l${i}` });
    const labels = await octokit.paginate(octokit.rest.issues.listLabelsForRepo, { ...REPO, per_page: 30 });
    expect(labels).toHaveLength(41);
  });
});

describe("contents", () => {
  it("round-trips a file with the blob SHA as precondition", async () => {
    const got = await octokit.rest.repos.getContent({ ...REPO, path: "docs/plan.md" });
    const file = got.data as { content: string; sha: string; encoding: string };
    expect(file.encoding).toBe("base64");
    expect(Buffer.from(file.content, "base64").toString("utf8")).toBe("# Plan\n\n| Task ID |\n");
    expect(file.sha).toBe(blobSha("# Plan\n\n| Task ID |\n"));

    const put = await octokit.rest.repos.createOrUpdateFileContents({
      ...REPO,
      path: "docs/plan.md",
      message: "tick",
      content: Buffer.from("# Plan v2\n").toString("base64"),
      sha: file.sha,
      branch: "main",
    });
    expect(put.status).toBe(200);
    expect(put.data.content?.sha).toBe(blobSha("# Plan v2\n"));
    expect(fake.branchHead("acme/plans")).toBe(put.data.commit.sha);
    expect(fake.file("acme/plans", "docs/plan.md")).toBe("# Plan v2\n");

    const stale = await octokit.rest.repos
      .createOrUpdateFileContents({
        ...REPO,
        path: "docs/plan.md",
        message: "again",
        content: Buffer.from("x").toString("base64"),
        sha: file.sha,
      })
      .catch((e: unknown) => e);
    expect(status(stale)).toBe(409);

    const noSha = await octokit.rest.repos
      .createOrUpdateFileContents({
        ...REPO,
        path: "docs/plan.md",
        message: "again",
        content: Buffer.from("x").toString("base64"),
      })
      .catch((e: unknown) => e);
    expect(status(noSha)).toBe(422);
    expect(fake.file("acme/plans", "docs/plan.md")).toBe("# Plan v2\n");

    const created = await octokit.rest.repos.createOrUpdateFileContents({
      ...REPO,
      path: "new.md",
      message: "add",
      content: Buffer.from("n\n").toString("base64"),
    });
    expect(created.status).toBe(201);
    expect(fake.log("acme/plans")[0]!.authorLogin).toBe("alice");
  });

  it("404s a missing file, reads at a ref, serves raw and the /api/v3 layout", async () => {
    const before = fake.branchHead("acme/plans");
    fake.commit("acme/plans", "main", { "docs/plan.md": "changed\n" }, "edit");

    const missing = await octokit.rest.repos.getContent({ ...REPO, path: "nope.md" }).catch((e: unknown) => e);
    expect(status(missing)).toBe(404);

    const old = await octokit.rest.repos.getContent({ ...REPO, path: "docs/plan.md", ref: before });
    expect(Buffer.from((old.data as { content: string }).content, "base64").toString()).toBe("# Plan\n\n| Task ID |\n");

    const ghe = new Octokit({ auth: "alice-token", baseUrl: `${fake.url}/api/v3`, log: quiet });
    const raw = await ghe.rest.repos.getContent({ ...REPO, path: "docs/plan.md", mediaType: { format: "raw" } });
    expect(raw.data).toBe("changed\n");
    expect(fake.requests.at(-1)!.path).toBe("/repos/acme/plans/contents/docs/plan.md");
  });

  it("refuses writes to a protected branch as GitHub does", async () => {
    fake.protectBranch("acme/plans", "main");
    const head = fake.branchHead("acme/plans");
    const refused = await octokit.rest.repos
      .createOrUpdateFileContents({
        ...REPO,
        path: "docs/plan.md",
        message: "tick",
        content: "eA==",
        sha: fake.fileSha("acme/plans", "docs/plan.md")!,
      })
      .catch((e: unknown) => e);
    expect(status(refused)).toBe(409);
    expect((refused as Error).message).toContain("Changes must be made through a pull request");
    expect(fake.branchHead("acme/plans")).toBe(head);
  });
});

describe("git", () => {
  it("compares two refs with renames, additions, removals and the commits between", async () => {
    const base = fake.branchHead("acme/plans");
    const planText = Array.from({ length: 20 }, (_, i) => `| DATA${i} | task ${i} |`).join("\n") + "\n";
    fake.commit("acme/plans", "main", { "docs/plan.md": planText, "old.md": "old\n" }, "setup");
    const from = fake.branchHead("acme/plans");
    fake.commit(
      "acme/plans",
      "main",
      { "docs/plan.md": null, "plans/q3.md": planText.replace("task 3", "task three"), "old.md": "old v2\n" },
      "move",
    );
    fake.commit("acme/plans", "main", { "new.md": "hi\n" }, "add");

    const cmp = await octokit.rest.repos.compareCommitsWithBasehead({ ...REPO, basehead: `${from}...main` });
    expect(cmp.data.status).toBe("ahead");
    expect(cmp.data.ahead_by).toBe(2);
    expect(cmp.data.commits.map((c) => c.commit.message)).toEqual(["move", "add"]);
    const files = Object.fromEntries((cmp.data.files ?? []).map((f) => [f.filename, f]));
    expect(files["plans/q3.md"]).toMatchObject({
      status: "renamed",
      previous_filename: "docs/plan.md",
      additions: 1,
      deletions: 1,
    });
    expect(files["old.md"]).toMatchObject({ status: "modified" });
    expect(files["new.md"]).toMatchObject({ status: "added" });
    expect(files["docs/plan.md"]).toBeUndefined();

    const single = await octokit.rest.repos.getCommit({ ...REPO, ref: "main" });
    expect(single.data.files?.map((f) => f.filename)).toEqual(["new.md"]);
    expect(single.data.parents).toHaveLength(1);
    expect(base).not.toBe(from);
  });

  it("creates and moves branch refs, refusing non-fast-forwards", async () => {
    const head = fake.branchHead("acme/plans");
    await octokit.rest.git.createRef({ ...REPO, ref: "refs/heads/plan-sync/tick", sha: head });
    const dup = await octokit.rest.git
      .createRef({ ...REPO, ref: "refs/heads/plan-sync/tick", sha: head })
      .catch((e: unknown) => e);
    expect(status(dup)).toBe(422);
    const next = fake.commit("acme/plans", "other", { "x.md": "x" }, "x");
    await octokit.rest.git.updateRef({ ...REPO, ref: "heads/plan-sync/tick", sha: next });
    const ref = await octokit.rest.git.getRef({ ...REPO, ref: "heads/plan-sync/tick" });
    expect(ref.data.object.sha).toBe(next);
    const back = await octokit.rest.git
      .updateRef({ ...REPO, ref: "heads/plan-sync/tick", sha: head })
      .catch((e: unknown) => e);
    expect(status(back)).toBe(422);
  });
});

describe("pull requests", () => {
  it("opens one pull request per head/base and lists its files from the git model", async () => {
    fake.commit(
      "acme/plans",
      "feature",
      { "docs/plan.md": "# Plan\n\n| Task ID |\n| DATA1 |\n", "extra.md": "e\n" },
      "edit plan",
    );
    const pr = await octokit.rest.pulls.create({ ...REPO, head: "feature", base: "main", title: "Plan" });
    expect(pr.data.head).toMatchObject({ ref: "feature", sha: fake.branchHead("acme/plans", "feature") });
    const dup = await octokit.rest.pulls
      .create({ ...REPO, head: "feature", base: "main", title: "Again" })
      .catch((e: unknown) => e);
    expect(status(dup)).toBe(422);

    // A later commit on main must not show up in the pull request's files.
    fake.commit("acme/plans", "main", { "unrelated.md": "u\n" }, "main moves on");
    const files = await octokit.paginate(octokit.rest.pulls.listFiles, { ...REPO, pull_number: pr.data.number });
    expect(files.map((f) => [f.filename, f.status, f.additions])).toEqual([
      ["docs/plan.md", "modified", 1],
      ["extra.md", "added", 1],
    ]);
  });
});

describe("check runs", () => {
  it("are for Apps only", async () => {
    const refused = await octokit.rest.checks
      .create({ ...REPO, name: "plan-sync", head_sha: fake.branchHead("acme/plans") })
      .catch((e: unknown) => e);
    expect(status(refused)).toBe(403);
  });
});
