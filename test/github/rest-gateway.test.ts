import { describe, expect, it } from "vitest";
import { EtagCache } from "../../src/github/etag-cache.js";
import { AlreadyExistsError, ProtectedBranchError, StaleFileError } from "../../src/github/errors.js";
import type { CheckAnnotation } from "../../src/github/gateway.js";
import { createOctokitGateway, type GatewayOctokit } from "../../src/github/octokit-gateway.js";
import { ANNOTATIONS_PER_REQUEST } from "../../src/github/rest/checks.js";
import { stubOctokit, type StubReply } from "./stub-octokit.js";

/**
 * Each resource module of the Octokit gateway (src/github/rest/) against a scripted `request`: the exact requests a
 * call makes (method, URL, body) and what it makes of GitHub's answers.
 */
const B = "/repos/acme/app";
const BOT = "plan-sync[bot]";

function gateway(replies: Record<string, StubReply | StubReply[]>) {
  const stub = stubOctokit(replies);
  const g = createOctokitGateway(
    stub as unknown as GatewayOctokit,
    { owner: "acme", repo: "app" },
    { identity: "installation:1", etagCache: new EtagCache(50) },
  );
  return { stub, g };
}

const issue = (number: number, extra: Record<string, unknown> = {}) => ({
  number,
  title: `Task ${number}`,
  body: "b",
  state: "open",
  labels: [],
  user: { login: BOT },
  html_url: `https://github.com/acme/app/issues/${number}`,
  ...extra,
});

describe("issues", () => {
  it("lists the creator's issues of every state, encoded, without pull requests", async () => {
    const url = `${B}/issues?creator=plan-sync%5Bbot%5D&state=all&per_page=100`;
    const { stub, g } = gateway({
      [`GET ${url}`]: { data: [issue(1), issue(2, { pull_request: { url: "x" } }), issue(3, { pull_request: null })] },
    });
    expect((await g.listIssuesByCreator(BOT)).map((i) => i.number)).toEqual([1, 3]);
    expect(stub.lines()).toEqual([`GET ${url}`]);
  });

  it("lists issues with a label, encoded, of every state", async () => {
    const url = `${B}/issues?labels=plan%3Adocs%2Fp.md&state=all&per_page=100`;
    const { g } = gateway({ [`GET ${url}`]: { data: [issue(4), issue(5, { pull_request: {} })] } });
    expect((await g.listIssuesWithLabel("plan:docs/p.md")).map((i) => i.number)).toEqual([4]);
  });

  describe("listed since a time", () => {
    const url = `${B}/issues?creator=plan-sync%5Bbot%5D&state=all&per_page=100`;
    const since = `${url}&since=2026-12-07T10%3A00%3A00Z`;

    it("asks from `since`, across pages, and answers the first page's Date as the next `since`", async () => {
      const { stub, g } = gateway({
        [`GET ${since}`]: {
          data: [issue(1), issue(2, { pull_request: {} })],
          headers: { date: "Mon, 07 Dec 2026 10:05:00 GMT", link: '<https://api.github.com/p2>; rel="next"' },
        },
        "GET https://api.github.com/p2": { data: [issue(3)], headers: { date: "Mon, 07 Dec 2026 10:06:00 GMT" } },
      });
      const listing = await g.listIssuesSince!(BOT, "2026-12-07T10:00:00Z");
      expect(listing.issues.map((i) => i.number)).toEqual([1, 3]);
      expect(listing.listedAt).toBe("2026-12-07T10:05:00Z");
      expect(stub.requests.map((r) => r.params)).toEqual([{}, {}]);
    });

    it("asks for everything without `since`; no Date (or an unreadable one) gives no listing time", async () => {
      const { g } = gateway({
        [`GET ${url}`]: [{ data: [issue(1)] }, { data: [], headers: { date: "yesterday-ish" } }],
      });
      expect(await g.listIssuesSince!(BOT, null)).toEqual({
        issues: [expect.objectContaining({ number: 1 })],
        listedAt: null,
      });
      expect((await g.listIssuesSince!(BOT, null)).listedAt).toBeNull();
    });

    it("never sends If-None-Match (not through the ETag cache)", async () => {
      const { stub, g } = gateway({
        [`GET ${url}`]: [
          { data: [], headers: { etag: '"e"' } },
          { data: [], headers: { etag: '"e"' } },
        ],
      });
      await g.listIssuesSince!(BOT, null);
      await g.listIssuesSince!(BOT, null);
      expect(stub.requests.map((r) => r.params)).toEqual([{}, {}]);
    });

    it("refuses an answer that is not a list", async () => {
      const { g } = gateway({ [`GET ${url}`]: { data: { message: "odd" } } });
      await expect(g.listIssuesSince!(BOT, null)).rejects.toThrow(`GET ${url}: expected a list`);
    });
  });

  it("gets an issue, or null for a pull request or a missing one", async () => {
    const { g } = gateway({
      [`GET ${B}/issues/1`]: { data: issue(1) },
      [`GET ${B}/issues/2`]: { data: issue(2, { pull_request: {} }) },
      [`GET ${B}/issues/3`]: { status: 404 },
    });
    expect((await g.getIssue(1))?.number).toBe(1);
    expect(await g.getIssue(2)).toBeNull();
    expect(await g.getIssue(3)).toBeNull();
  });

  it("creates an issue with its title, body and labels, never retried", async () => {
    const { stub, g } = gateway({ [`POST ${B}/issues`]: { data: issue(8) } });
    expect((await g.createIssue({ title: "T", body: "B", labels: ["plan-sync"] })).number).toBe(8);
    expect(stub.requests[0]!.params).toEqual({
      title: "T",
      body: "B",
      labels: ["plan-sync"],
      request: { retries: 0 },
    });
  });

  it("updates only the fields it was given", async () => {
    const { stub, g } = gateway({ [`PATCH ${B}/issues/5`]: [{ data: issue(5) }, { data: issue(5) }] });
    await g.updateIssue(5, { title: "T", body: "B", labels: ["x"], state: "closed", stateReason: "not_planned" });
    await g.updateIssue(5, {});
    expect(stub.requests.map((r) => r.params)).toEqual([
      { title: "T", body: "B", labels: ["x"], state: "closed", state_reason: "not_planned" },
      {},
    ]);
  });
});

describe("issue links", () => {
  it("adds a sub-issue and a blocked-by link (never retried) and removes a link", async () => {
    const { stub, g } = gateway({
      [`POST ${B}/issues/1/sub_issues`]: { data: {} },
      [`POST ${B}/issues/2/dependencies/blocked_by`]: { data: {} },
      [`DELETE ${B}/issues/2/dependencies/blocked_by/77`]: { data: {} },
    });
    await g.addSubIssue!(1, 901);
    await g.addBlockedBy!(2, 77);
    await g.removeBlockedBy!(2, 77);
    expect(stub.requests.map((r) => [r.method, r.url, r.params])).toEqual([
      ["POST", `${B}/issues/1/sub_issues`, { sub_issue_id: 901, request: { retries: 0 } }],
      ["POST", `${B}/issues/2/dependencies/blocked_by`, { issue_id: 77, request: { retries: 0 } }],
      ["DELETE", `${B}/issues/2/dependencies/blocked_by/77`, {}],
    ]);
  });
});

describe("labels", () => {
  it("lists every label with its colour", async () => {
    const { g } = gateway({
      [`GET ${B}/labels?per_page=100`]: { data: [{ name: "a", color: "ffffff" }, { name: "b" }] },
    });
    expect(await g.listLabels()).toEqual([
      { name: "a", color: "ffffff" },
      { name: "b", color: "" },
    ]);
  });

  it("creates a label, with a description only when it has one", async () => {
    const { stub, g } = gateway({ [`POST ${B}/labels`]: [{ data: {} }, { data: {} }] });
    await g.createLabel({ name: "a", color: "ededed" });
    await g.createLabel({ name: "b", color: "ededed", description: "Plan area" });
    expect(stub.requests.map((r) => r.params)).toEqual([
      { name: "a", color: "ededed" },
      { name: "b", color: "ededed", description: "Plan area" },
    ]);
  });

  it("an existing label is AlreadyExistsError; another refusal is thrown as it came", async () => {
    const { g } = gateway({
      [`POST ${B}/labels`]: [
        { status: 422, data: { message: "Validation Failed", errors: [{ code: "already_exists", field: "name" }] } },
        { status: 422, data: { message: "Validation Failed", errors: [{ code: "invalid", field: "color" }] } },
      ],
    });
    const exists = g.createLabel({ name: "plan-sync", color: "ededed" });
    await expect(exists).rejects.toBeInstanceOf(AlreadyExistsError);
    await expect(exists).rejects.toThrow("label plan-sync already exists");
    await expect(g.createLabel({ name: "x", color: "zz" })).rejects.toMatchObject({ status: 422 });
  });
});

describe("comments", () => {
  it("lists, creates (never retried) and updates comments", async () => {
    const { stub, g } = gateway({
      [`GET ${B}/issues/4/comments?per_page=100`]: { data: [{ id: 1, body: "x", user: { login: "octocat" } }] },
      [`POST ${B}/issues/4/comments`]: { data: { id: 2, body: "new", user: { login: BOT } } },
      [`PATCH ${B}/issues/comments/2`]: { data: {} },
    });
    expect(await g.listComments(4)).toEqual([{ id: 1, body: "x", author: "octocat" }]);
    expect(await g.createComment(4, "new")).toEqual({ id: 2, body: "new", author: BOT });
    await g.updateComment(2, "newer");
    expect(stub.requests.map((r) => r.params).slice(1)).toEqual([
      { body: "new", request: { retries: 0 } },
      { body: "newer" },
    ]);
  });
});

describe("files", () => {
  const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

  it("reads a file at a ref, or on the default branch without one", async () => {
    const { stub, g } = gateway({
      [`GET ${B}/contents/docs/my%20plan.md?ref=plan%2Fx`]: {
        data: { type: "file", sha: "s1", content: b64("A"), encoding: "base64" },
      },
      [`GET ${B}/contents/docs/my%20plan.md`]: { data: { sha: "s2", content: b64("B"), encoding: "base64", size: 1 } },
    });
    expect(await g.getFile("docs/my plan.md", "plan/x")).toEqual({ path: "docs/my plan.md", text: "A", sha: "s1" });
    expect(await g.getFile("docs/my plan.md", "")).toEqual({ path: "docs/my plan.md", text: "B", sha: "s2" });
    expect(stub.unused()).toEqual([]);
  });

  it("a file GitHub does not have is null", async () => {
    const { g } = gateway({
      [`GET ${B}/contents/missing.md?ref=main`]: { status: 404, data: { message: "Not Found" } },
    });
    expect(await g.getFile("missing.md", "main")).toBeNull();
  });

  it("a refused commit is told apart: a stale blob, a protected branch, anything else as it came", async () => {
    const { g } = gateway({
      [`PUT ${B}/contents/p.md`]: [
        { status: 409, data: { message: "p.md does not match s1" } },
        { status: 409, data: { message: "Protected branch update failed for refs/heads/main." } },
        { status: 500, data: { message: "boom" } },
      ],
    });
    const put = () => g.putFile({ path: "p.md", branch: "main", text: "x", sha: "s1", message: "m" });
    await expect(put()).rejects.toBeInstanceOf(StaleFileError);
    await expect(put()).rejects.toBeInstanceOf(ProtectedBranchError);
    await expect(put()).rejects.toMatchObject({ status: 500 });
  });

  it("a folder, a symlink or a submodule is no file", async () => {
    const { g } = gateway({
      [`GET ${B}/contents/docs?ref=main`]: { data: [{ name: "a.md" }] },
      [`GET ${B}/contents/link?ref=main`]: { data: { type: "symlink", sha: "s", target: "x" } },
      [`GET ${B}/contents/sub?ref=main`]: { data: { type: "submodule", sha: "s" } },
    });
    expect(await g.getFile("docs", "main")).toBeNull();
    expect(await g.getFile("link", "main")).toBeNull();
    expect(await g.getFile("sub", "main")).toBeNull();
  });

  it("an empty file is read inline; content withheld (over 1 MB, or empty with a size) comes from the blob API", async () => {
    const { stub, g } = gateway({
      [`GET ${B}/contents/empty.md?ref=main`]: {
        data: { type: "file", sha: "e", content: "", encoding: "base64", size: 0 },
      },
      [`GET ${B}/contents/nosize.md?ref=main`]: { data: { type: "file", sha: "n", content: "", encoding: "base64" } },
      [`GET ${B}/contents/big.md?ref=main`]: {
        data: { type: "file", sha: "b1", content: "", encoding: "base64", size: 5 },
      },
      [`GET ${B}/contents/none.md?ref=main`]: {
        data: { type: "file", sha: "b2", content: b64("zzz"), encoding: "none" },
      },
      [`GET ${B}/contents/nocontent.md?ref=main`]: { data: { type: "file", sha: "b3", size: 5 } },
      [`GET ${B}/git/blobs/b1`]: { data: { content: b64("big"), encoding: "base64" } },
      [`GET ${B}/git/blobs/b2`]: { data: { content: "raw text", encoding: "utf-8" } },
      [`GET ${B}/git/blobs/b3`]: { data: { content: b64("three"), encoding: "base64" } },
    });
    expect((await g.getFile("empty.md", "main"))?.text).toBe("");
    expect((await g.getFile("nosize.md", "main"))?.text).toBe("");
    expect(await g.getFile("big.md", "main")).toEqual({ path: "big.md", text: "big", sha: "b1" });
    expect((await g.getFile("none.md", "main"))?.text).toBe("raw text");
    expect((await g.getFile("nocontent.md", "main"))?.text).toBe("three");
    expect(stub.unused()).toEqual([]);
  });

  it("commits a file with its blob SHA and branch and answers the commit SHA", async () => {
    const { stub, g } = gateway({ [`PUT ${B}/contents/docs/a%20b.md`]: { data: { commit: { sha: "c9" } } } });
    expect(await g.putFile({ path: "docs/a b.md", branch: "main", text: "✓\r\n", sha: "s1", message: "Tick" })).toBe(
      "c9",
    );
    expect(stub.requests[0]!.params).toEqual({ message: "Tick", content: b64("✓\r\n"), sha: "s1", branch: "main" });
  });

  it("compares two commits: the changed files, none when GitHub lists none", async () => {
    const { stub, g } = gateway({
      [`GET ${B}/compare/a%2Fb...c`]: [
        {
          data: {
            files: [
              { filename: "p.md", status: "modified" },
              { filename: "q.md", status: "unchanged" },
            ],
          },
        },
        { data: {} },
      ],
    });
    expect(await g.compareCommits("a/b", "c")).toEqual([{ path: "p.md", status: "modified" }]);
    expect(await g.compareCommits("a/b", "c")).toEqual([]);
    expect(stub.requests).toHaveLength(2);
  });
});

describe("branches", () => {
  it("reads a branch's head, or null for a missing branch", async () => {
    const { g } = gateway({
      [`GET ${B}/git/ref/heads/plan-sync/ticks%231`]: { data: { object: { sha: "h1" } } },
      [`GET ${B}/git/ref/heads/gone`]: { status: 404 },
    });
    expect(await g.getBranchSha("plan-sync/ticks#1")).toBe("h1");
    expect(await g.getBranchSha("gone")).toBeNull();
  });

  it("creates a branch; moves it by force only when GitHub says it already exists", async () => {
    const { stub, g } = gateway({
      [`POST ${B}/git/refs`]: [{ data: {} }, { status: 422, data: { message: "Reference already exists" } }],
      [`PATCH ${B}/git/refs/heads/plan-sync/t%231`]: { data: {} },
    });
    await g.setBranch("plan-sync/t#1", "s1");
    await g.setBranch("plan-sync/t#1", "s2");
    expect(stub.requests.map((r) => [r.method, r.url, r.params])).toEqual([
      ["POST", `${B}/git/refs`, { ref: "refs/heads/plan-sync/t#1", sha: "s1" }],
      ["POST", `${B}/git/refs`, { ref: "refs/heads/plan-sync/t#1", sha: "s2" }],
      ["PATCH", `${B}/git/refs/heads/plan-sync/t%231`, { sha: "s2", force: true }],
    ]);
  });

  it("throws any other refusal of a branch creation", async () => {
    const { g } = gateway({
      [`POST ${B}/git/refs`]: [
        { status: 422, data: { message: "Reference update failed" } },
        { status: 403, data: { message: "Reference already exists" } },
      ],
    });
    await expect(g.setBranch("b", "s")).rejects.toMatchObject({ status: 422 });
    await expect(g.setBranch("b", "s")).rejects.toMatchObject({ status: 403 });
  });
});

describe("pull requests", () => {
  const pull = (number: number) => ({
    number,
    title: "T",
    body: "B",
    state: "open",
    user: { login: BOT },
    html_url: `https://github.com/acme/app/pull/${number}`,
    head: { ref: "plan-sync/ticks", sha: "h", repo: { full_name: "acme/app" } },
    base: { ref: "main", sha: "b" },
  });

  it("gets one, or null when missing", async () => {
    const { g } = gateway({ [`GET ${B}/pulls/3`]: { data: pull(3) }, [`GET ${B}/pulls/4`]: { status: 404 } });
    expect((await g.getPullRequest(3))?.headRepo).toBe("acme/app");
    expect(await g.getPullRequest(4)).toBeNull();
  });

  it("finds the open one from the repository's own branch into a base, or none", async () => {
    const url = `${B}/pulls?state=open&head=acme%3Aplan-sync%2Fticks&base=main&per_page=100`;
    const { g } = gateway({ [`GET ${url}`]: [{ data: [pull(6), pull(7)] }, { data: [] }] });
    expect((await g.findOpenPullRequest("plan-sync/ticks", "main"))?.number).toBe(6);
    expect(await g.findOpenPullRequest("plan-sync/ticks", "main")).toBeNull();
  });

  it("creates one maintainers may edit (never retried) and updates one", async () => {
    const { stub, g } = gateway({ [`POST ${B}/pulls`]: { data: pull(9) }, [`PATCH ${B}/pulls/9`]: { data: {} } });
    const input = { head: "plan-sync/ticks", base: "main", title: "T", body: "B" };
    expect((await g.createPullRequest(input)).number).toBe(9);
    await g.updatePullRequest(9, { body: "B2" });
    expect(stub.requests.map((r) => r.params)).toEqual([
      { ...input, maintainer_can_modify: true, request: { retries: 0 } },
      { body: "B2" },
    ]);
  });

  it("lists its changed files, dropping unchanged ones", async () => {
    const { g } = gateway({
      [`GET ${B}/pulls/3/files?per_page=100`]: {
        data: [
          { filename: "a.md", status: "added" },
          { filename: "b.md", status: "unchanged" },
        ],
      },
    });
    expect(await g.listPullRequestFiles(3)).toEqual([{ path: "a.md", status: "added" }]);
  });
});

describe("check runs", () => {
  const ann = (n: number): CheckAnnotation[] =>
    Array.from({ length: n }, (_, i) => ({
      path: "p.md",
      startLine: i + 1,
      endLine: i + 1,
      level: "warning",
      message: `m${i + 1}`,
    }));
  const lines = (output: unknown) =>
    ((output as { annotations: Array<{ start_line: number }> }).annotations ?? []).map((a) => a.start_line);

  it("creates one with its conclusion and text; without either they are left out", async () => {
    const { stub, g } = gateway({ [`POST ${B}/check-runs`]: [{ data: { id: 1 } }, { data: { id: 2 } }] });
    expect(
      await g.createCheckRun({
        headSha: "h",
        name: "plan-sync",
        status: "completed",
        conclusion: "success",
        title: "T",
        summary: "S",
        text: "X",
      }),
    ).toBe(1);
    expect(
      await g.createCheckRun({ headSha: "h", name: "plan-sync", status: "in_progress", title: "T", summary: "S" }),
    ).toBe(2);
    expect(stub.requests.map((r) => r.params)).toEqual([
      {
        name: "plan-sync",
        head_sha: "h",
        status: "completed",
        conclusion: "success",
        output: { title: "T", summary: "S", text: "X", annotations: [] },
      },
      {
        name: "plan-sync",
        head_sha: "h",
        status: "in_progress",
        output: { title: "T", summary: "S", annotations: [] },
      },
    ]);
  });

  it("sends exactly 50 annotations with the create and no update for them", async () => {
    expect(ANNOTATIONS_PER_REQUEST).toBe(50);
    const { stub, g } = gateway({ [`POST ${B}/check-runs`]: { data: { id: 1 } } });
    await g.createCheckRun({
      headSha: "h",
      name: "n",
      status: "completed",
      title: "T",
      summary: "S",
      annotations: ann(50),
    });
    expect(stub.requests).toHaveLength(1);
    expect(lines(stub.requests[0]!.params.output)).toHaveLength(50);
  });

  it("sends 51 annotations as 50 with the create and 1 in an update repeating title, summary and text", async () => {
    const { stub, g } = gateway({
      [`POST ${B}/check-runs`]: { data: { id: 1 } },
      [`PATCH ${B}/check-runs/1`]: { data: {} },
    });
    await g.createCheckRun({
      headSha: "h",
      name: "n",
      status: "completed",
      title: "T",
      summary: "S",
      text: "X",
      annotations: ann(51),
    });
    expect(stub.lines()).toEqual([`POST ${B}/check-runs`, `PATCH ${B}/check-runs/1`]);
    expect(lines(stub.requests[0]!.params.output)).toEqual(ann(50).map((a) => a.startLine));
    expect(stub.requests[1]!.params).toEqual({
      output: {
        title: "T",
        summary: "S",
        text: "X",
        annotations: [expect.objectContaining({ start_line: 51, message: "m51" })],
      },
    });
  });

  it("updates only what it was given; no output without output fields", async () => {
    const { stub, g } = gateway({ [`PATCH ${B}/check-runs/7`]: [{ data: {} }, { data: {} }] });
    await g.updateCheckRun(7, { status: "completed", conclusion: "failure", name: "plan-sync" });
    await g.updateCheckRun(7, {});
    expect(stub.requests.map((r) => r.params)).toEqual([
      { name: "plan-sync", status: "completed", conclusion: "failure" },
      {},
    ]);
  });

  it.each([
    ["a title", { title: "T2" }],
    ["a summary", { summary: "S2" }],
    ["a text", { text: "X2" }],
  ])("an update with only %s sends the output, the rest as last sent", async (_what, change) => {
    const { stub, g } = gateway({
      [`POST ${B}/check-runs`]: { data: { id: 3 } },
      [`PATCH ${B}/check-runs/3`]: [{ data: {} }, { data: {} }],
    });
    await g.createCheckRun({ headSha: "h", name: "n", status: "in_progress", title: "T", summary: "S", text: "X" });
    await g.updateCheckRun(3, change);
    expect(stub.requests[1]!.params).toEqual({
      output: { title: "T", summary: "S", text: "X", ...change, annotations: [] },
    });
    // What the update sent is what a later annotations-only update repeats.
    await g.updateCheckRun(3, { annotations: ann(1) });
    expect(stub.requests[2]!.params).toEqual({
      output: {
        title: "T",
        summary: "S",
        text: "X",
        ...change,
        annotations: [expect.objectContaining({ start_line: 1 })],
      },
    });
  });

  it("an output without a known title and summary is refused before anything is sent", async () => {
    const { stub, g } = gateway({});
    await expect(g.updateCheckRun(9, { annotations: ann(1) })).rejects.toThrow(
      "check run 9: GitHub needs a title and summary with any output",
    );
    await expect(g.updateCheckRun(9, { title: "only a title" })).rejects.toThrow("check run 9");
    await expect(g.updateCheckRun(9, { summary: "only a summary" })).rejects.toThrow("check run 9");
    expect(stub.requests).toEqual([]);
  });

  it("an update with 101 annotations sends them as 50, 50 and 1, each with the title and summary", async () => {
    const { stub, g } = gateway({ [`PATCH ${B}/check-runs/4`]: [{ data: {} }, { data: {} }, { data: {} }] });
    await g.updateCheckRun(4, { title: "T", summary: "S", annotations: ann(101) });
    expect(stub.requests.map((r) => lines(r.params.output).length)).toEqual([50, 50, 1]);
    expect(stub.requests.flatMap((r) => lines(r.params.output))).toEqual(ann(101).map((a) => a.startLine));
    expect(stub.requests.map((r) => (r.params.output as { title: string }).title)).toEqual(["T", "T", "T"]);
    expect(Object.keys(stub.requests[1]!.params.output as object)).toEqual(["title", "summary", "annotations"]);
  });
});

describe("gateways without an identity", () => {
  it("each keep their ETags to themselves, even in one cache", async () => {
    const cache = new EtagCache(50);
    const url = `${B}/labels?per_page=100`;
    const stub = stubOctokit({
      [`GET ${url}`]: [
        { data: [], headers: { etag: '"a"' } },
        { data: [], headers: { etag: '"b"' } },
      ],
    });
    const repo = { owner: "acme", repo: "app" };
    await createOctokitGateway(stub as unknown as GatewayOctokit, repo, { etagCache: cache }).listLabels();
    const second = createOctokitGateway(stub as unknown as GatewayOctokit, repo, { etagCache: cache });
    expect(second.repo).toEqual(repo);
    await second.listLabels();
    expect(stub.requests.map((r) => r.params)).toEqual([{ headers: {} }, { headers: {} }]);
    expect(cache.size).toBe(2);
  });
});
