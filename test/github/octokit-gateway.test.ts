import { Octokit } from "@octokit/rest";
import nock from "nock";
import { afterEach, beforeAll, afterAll, describe, expect, it } from "vitest";
import { EtagCache } from "../../src/github/etag-cache.js";
import type { CheckAnnotation } from "../../src/github/gateway.js";
import { createOctokitGateway } from "../../src/github/octokit-gateway.js";
import { AlreadyExistsError, ProtectedBranchError, StaleFileError } from "../../src/github/errors.js";
import { quiet } from "../support/quiet-log.js";

const API = "https://api.github.com";
const BOT = "plan-sync[bot]";

function issue(number: number, extra: Record<string, unknown> = {}) {
  return {
    number,
    title: `Task ${number}`,
    body: `<!-- plan-sync:task ${number} -->`,
    state: "open",
    state_reason: null,
    labels: [{ name: "plan-sync" }, { name: "area:DATA" }],
    user: { login: BOT },
    html_url: `https://github.com/acme/app/issues/${number}`,
    ...extra,
  };
}

function setup() {
  const octokit = new Octokit({ auth: "test-token", baseUrl: API, log: quiet });
  return createOctokitGateway(
    octokit,
    { owner: "acme", repo: "app" },
    { identity: "token:test", etagCache: new EtagCache(50) },
  );
}

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

describe("listIssuesByCreator", () => {
  it("reads every page and drops pull requests", async () => {
    const page2 = `${API}/repositories/42/issues?creator=plan-sync%5Bbot%5D&state=all&per_page=100&page=2`;
    nock(API)
      .get("/repos/acme/app/issues")
      .query({ creator: BOT, state: "all", per_page: "100" })
      .reply(200, [issue(1), issue(2, { pull_request: { url: "x" } })], {
        link: `<${page2}>; rel="next", <${page2}>; rel="last"`,
      })
      .get("/repositories/42/issues")
      .query({ creator: BOT, state: "all", per_page: "100", page: "2" })
      .reply(200, [issue(3, { state: "closed", state_reason: "not_planned", labels: ["plain"] })]);

    const issues = await setup().listIssuesByCreator(BOT);

    expect(issues.map((i) => i.number)).toEqual([1, 3]);
    expect(issues[0]).toEqual({
      number: 1,
      title: "Task 1",
      body: "<!-- plan-sync:task 1 -->",
      state: "open",
      stateReason: null,
      labels: ["plan-sync", "area:DATA"],
      author: BOT,
      htmlUrl: "https://github.com/acme/app/issues/1",
    });
    expect(issues[1]).toMatchObject({ state: "closed", stateReason: "not_planned", labels: ["plain"] });
  });

  it("sends If-None-Match on a re-read and reuses the cached page on 304", async () => {
    const gateway = setup();
    nock(API)
      .get("/repos/acme/app/issues")
      .query(true)
      .reply(200, [issue(7)], { etag: 'W/"v1"' });
    nock(API).get("/repos/acme/app/issues").query(true).matchHeader("if-none-match", 'W/"v1"').reply(304, "");

    const first = await gateway.listIssuesByCreator(BOT);
    const second = await gateway.listIssuesByCreator(BOT);

    expect(second).toEqual(first);
    expect(second.map((i) => i.number)).toEqual([7]);
  });

  it("does not reuse cached pages after an issue write", async () => {
    const gateway = setup();
    nock(API)
      .get("/repos/acme/app/issues")
      .query(true)
      .reply(200, [issue(7)], { etag: 'W/"v1"' });
    nock(API).post("/repos/acme/app/issues").reply(201, issue(8));
    nock(API, { badheaders: ["if-none-match"] })
      .get("/repos/acme/app/issues")
      .query(true)
      .reply(200, [issue(7), issue(8)], { etag: 'W/"v2"' });

    await gateway.listIssuesByCreator(BOT);
    const created = await gateway.createIssue({ title: "Task 8", body: "b", labels: ["plan-sync"] });
    const after = await gateway.listIssuesByCreator(BOT);

    expect(created.number).toBe(8);
    expect(after.map((i) => i.number)).toEqual([7, 8]);
  });

  it("keeps ETags apart for different identities", async () => {
    const cache = new EtagCache();
    const octokit = new Octokit({ baseUrl: API, log: quiet });
    const a = createOctokitGateway(
      octokit,
      { owner: "acme", repo: "app" },
      { identity: "installation:1", etagCache: cache },
    );
    const b = createOctokitGateway(
      octokit,
      { owner: "acme", repo: "app" },
      { identity: "installation:2", etagCache: cache },
    );
    nock(API)
      .get("/repos/acme/app/issues")
      .query(true)
      .reply(200, [issue(1)], { etag: '"a"' });
    nock(API, { badheaders: ["if-none-match"] })
      .get("/repos/acme/app/issues")
      .query(true)
      .reply(200, [], { etag: '"b"' });

    expect(await a.listIssuesByCreator(BOT)).toHaveLength(1);
    expect(await b.listIssuesByCreator(BOT)).toHaveLength(0);
  });
});

describe("issues", () => {
  it("closes with a state reason", async () => {
    nock(API)
      .patch("/repos/acme/app/issues/5", { state: "closed", state_reason: "not_planned" })
      .reply(200, issue(5, { state: "closed", state_reason: "not_planned" }));

    const closed = await setup().updateIssue(5, { state: "closed", stateReason: "not_planned" });

    expect(closed).toMatchObject({ number: 5, state: "closed", stateReason: "not_planned" });
  });

  it("returns null for a missing issue and for a pull request", async () => {
    nock(API).get("/repos/acme/app/issues/404").reply(404, { message: "Not Found" });
    nock(API)
      .get("/repos/acme/app/issues/9")
      .reply(200, issue(9, { pull_request: {} }));
    const gateway = setup();

    expect(await gateway.getIssue(404)).toBeNull();
    expect(await gateway.getIssue(9)).toBeNull();
  });

  it("reports an existing label as AlreadyExistsError", async () => {
    nock(API)
      .post("/repos/acme/app/labels")
      .reply(422, {
        message: "Validation Failed",
        errors: [{ resource: "Label", code: "already_exists", field: "name" }],
      });

    await expect(setup().createLabel({ name: "plan-sync", color: "ededed" })).rejects.toBeInstanceOf(
      AlreadyExistsError,
    );
  });
});

describe("files", () => {
  const text = "\uFEFF# Plan\r\n\r\n| Task ID | Description |\r\n|---|---|\r\n| DATA1 | Ünïcödé ✓ |\r\n";

  it("returns the text byte for byte, BOM and CRLF included", async () => {
    const b64 = Buffer.from(text, "utf8").toString("base64");
    // GitHub wraps the base64 at 60 columns.
    const wrapped = b64.replace(/(.{60})/g, "$1\n");
    nock(API)
      .get("/repos/acme/app/contents/docs/plans/feature.md")
      .query({ ref: "main" })
      .reply(200, { type: "file", encoding: "base64", content: wrapped, sha: "blob1", size: text.length });

    const file = await setup().getFile("docs/plans/feature.md", "main");

    expect(file).toEqual({ path: "docs/plans/feature.md", text, sha: "blob1" });
    expect(Buffer.from(file!.text, "utf8").equals(Buffer.from(text, "utf8"))).toBe(true);
  });

  it("fetches files over 1 MB through the blob API", async () => {
    nock(API)
      .get("/repos/acme/app/contents/big.md")
      .query({ ref: "main" })
      .reply(200, { type: "file", encoding: "none", content: "", sha: "blob2", size: 2_000_000 })
      .get("/repos/acme/app/git/blobs/blob2")
      .reply(200, { encoding: "base64", content: Buffer.from(text).toString("base64"), sha: "blob2" });

    expect((await setup().getFile("big.md", "main"))?.text).toBe(text);
  });

  it("returns null when the file does not exist", async () => {
    nock(API).get("/repos/acme/app/contents/missing.md").query(true).reply(404, { message: "Not Found" });
    expect(await setup().getFile("missing.md", "main")).toBeNull();
  });

  it("commits with the blob SHA precondition and returns the commit SHA", async () => {
    nock(API)
      .put("/repos/acme/app/contents/docs/plan.md", {
        message: "Tick DATA1",
        content: Buffer.from(text, "utf8").toString("base64"),
        sha: "blob1",
        branch: "main",
      })
      .reply(200, { content: { sha: "blob3" }, commit: { sha: "commit9" } });

    const sha = await setup().putFile({
      path: "docs/plan.md",
      branch: "main",
      text,
      sha: "blob1",
      message: "Tick DATA1",
    });

    expect(sha).toBe("commit9");
  });

  it("turns a 409 on a changed blob into StaleFileError", async () => {
    nock(API).put("/repos/acme/app/contents/docs/plan.md").reply(409, { message: "docs/plan.md does not match blob1" });

    const put = setup().putFile({ path: "docs/plan.md", branch: "main", text: "x", sha: "blob1", message: "m" });

    await expect(put).rejects.toBeInstanceOf(StaleFileError);
  });

  it.each([
    [409, "Repository rule violations found\n\nChanges must be made through a pull request.\n\n"],
    [409, 'Could not update file: Required status check "ci" is expected.'],
    [409, "Protected branch update failed for refs/heads/main."],
  ])("turns a %i %j into ProtectedBranchError", async (status, message) => {
    nock(API).put("/repos/acme/app/contents/docs/plan.md").reply(status, { message });

    const put = setup().putFile({ path: "docs/plan.md", branch: "main", text: "x", sha: "blob1", message: "m" });

    await expect(put).rejects.toBeInstanceOf(ProtectedBranchError);
    await expect(put).rejects.toMatchObject({ branch: "main" });
  });
});

describe("check runs", () => {
  const annotations: CheckAnnotation[] = Array.from({ length: 120 }, (_, i) => ({
    path: "docs/plan.md",
    startLine: i + 1,
    endLine: i + 1,
    level: "failure",
    message: `problem ${i + 1}`,
  }));

  it("sends 50 annotations with the create and the rest in updates", async () => {
    const sent: number[][] = [];
    const record = (body: {
      output: { title: string; summary: string; annotations: Array<{ start_line: number }> };
    }) => {
      expect(body.output.title).toBe("3 errors");
      expect(body.output.summary).toBe("Fix the plan");
      sent.push(body.output.annotations.map((a) => a.start_line));
      return true;
    };
    nock(API)
      .post("/repos/acme/app/check-runs", (b) => record(b) && b.head_sha === "abc" && b.conclusion === "failure")
      .reply(201, { id: 77 })
      .patch("/repos/acme/app/check-runs/77", record)
      .twice()
      .reply(200, { id: 77 });

    const id = await setup().createCheckRun({
      headSha: "abc",
      name: "plan-sync",
      status: "completed",
      conclusion: "failure",
      title: "3 errors",
      summary: "Fix the plan",
      annotations,
    });

    expect(id).toBe(77);
    expect(sent.map((s) => s.length)).toEqual([50, 50, 20]);
    expect(sent.flat()).toEqual(annotations.map((a) => a.startLine));
  });

  it("updates annotations in chunks, repeating the title and summary GitHub requires", async () => {
    const gateway = setup();
    nock(API).post("/repos/acme/app/check-runs").reply(201, { id: 5 });
    const bodies: Array<{ status?: string; output: { title: string; annotations: unknown[] } }> = [];
    nock(API)
      .patch("/repos/acme/app/check-runs/5", (b) => {
        bodies.push(b);
        return true;
      })
      .times(3)
      .reply(200, {});

    await gateway.createCheckRun({
      headSha: "abc",
      name: "plan-sync",
      status: "in_progress",
      title: "Syncing",
      summary: "…",
    });
    await gateway.updateCheckRun(5, { status: "completed", conclusion: "failure", annotations });

    expect(bodies.map((b) => [b.status, b.output.title, b.output.annotations.length])).toEqual([
      ["completed", "Syncing", 50],
      [undefined, "Syncing", 50],
      [undefined, "Syncing", 20],
    ]);
  });
});

describe("pull requests", () => {
  it("creates the work branch, or moves it when it exists", async () => {
    nock(API)
      .post("/repos/acme/app/git/refs", { ref: "refs/heads/plan-sync/ticks", sha: "s1" })
      .reply(422, { message: "Reference already exists" })
      .patch("/repos/acme/app/git/refs/heads/plan-sync/ticks", { sha: "s1", force: true })
      .reply(200, {});

    await setup().setBranch("plan-sync/ticks", "s1");
  });

  it("lists pull request files with renames", async () => {
    nock(API)
      .get("/repos/acme/app/pulls/3/files")
      .query(true)
      .reply(200, [
        { filename: "docs/new.md", status: "renamed", previous_filename: "docs/old.md" },
        { filename: "docs/plan.md", status: "modified" },
      ]);

    expect(await setup().listPullRequestFiles(3)).toEqual([
      { path: "docs/new.md", status: "renamed", previousPath: "docs/old.md" },
      { path: "docs/plan.md", status: "modified" },
    ]);
  });
});
