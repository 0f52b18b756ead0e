import { describe, expect, it } from "vitest";
import { createRerunReads, type RerunReadsOctokit } from "../../src/github/rerun-reads.js";
import { stubOctokit, type StubReply } from "./stub-octokit.js";

const BASE = "/repos/acme/plans";
function reads(replies: Record<string, StubReply | StubReply[]>) {
  const stub = stubOctokit(replies);
  return { stub, reads: createRerunReads(stub as unknown as RerunReadsOctokit, { owner: "acme", repo: "plans" }) };
}

describe("a re-run's reads: a commit", () => {
  it("is its SHA, parents and message", async () => {
    const { stub, reads: r } = reads({
      [`GET ${BASE}/commits/abc`]: {
        data: { sha: "abc", parents: [{ sha: "p1" }, { sha: "p2" }], commit: { message: "Tick DATA1" } },
      },
    });
    expect(await r.commit("abc")).toEqual({ sha: "abc", parents: ["p1", "p2"], message: "Tick DATA1" });
    expect(stub.requests).toEqual([{ method: "GET", url: `${BASE}/commits/abc`, params: {} }]);
  });

  it("without parents or message (a root commit, a sparse answer)", async () => {
    const { reads: r } = reads({ [`GET ${BASE}/commits/r`]: { data: { sha: "r" } } });
    expect(await r.commit("r")).toEqual({ sha: "r", parents: [], message: "" });
    const { reads: r2 } = reads({ [`GET ${BASE}/commits/r`]: { data: { sha: "r", commit: {} } } });
    expect(await r2.commit("r")).toEqual({ sha: "r", parents: [], message: "" });
  });

  it.each([404, 422])("is null when GitHub does not know it (%i)", async (status) => {
    const { reads: r } = reads({ [`GET ${BASE}/commits/gone`]: { status, data: { message: "No commit found" } } });
    expect(await r.commit("gone")).toBeNull();
  });

  it("throws GitHub's other failures", async () => {
    const { reads: r } = reads({ [`GET ${BASE}/commits/x`]: { status: 502 } });
    await expect(r.commit("x")).rejects.toMatchObject({ status: 502 });
  });
});

describe("a re-run's reads: is a commit on a branch", () => {
  const compare = `GET ${BASE}/compare/main...abc`;
  it.each([
    ["identical", true],
    ["behind", true],
    ["ahead", false],
    ["diverged", false],
    [undefined, false],
  ])("compare status %s → %s", async (status, expected) => {
    const { stub, reads: r } = reads({ [compare]: { data: status === undefined ? {} : { status } } });
    expect(await r.isOnBranch("main", "abc")).toBe(expected);
    expect(stub.lines()).toEqual([compare]);
  });

  it.each([404, 422])("is not when there is no common history or no such commit (%i)", async (status) => {
    const { reads: r } = reads({ [compare]: { status } });
    expect(await r.isOnBranch("main", "abc")).toBe(false);
  });

  it("throws GitHub's other failures", async () => {
    const { reads: r } = reads({ [compare]: { status: 500 } });
    await expect(r.isOnBranch("main", "abc")).rejects.toMatchObject({ status: 500 });
  });

  it("encodes the branch and the SHA", async () => {
    const { stub, reads: r } = reads({ [`GET ${BASE}/compare/plan%2Fgain...a%23b`]: { data: { status: "behind" } } });
    expect(await r.isOnBranch("plan/gain", "a#b")).toBe(true);
    expect(stub.unused()).toEqual([]);
  });
});

describe("a re-run's reads: open pull requests at a head", () => {
  const first = `${BASE}/pulls?state=open&per_page=100`;
  const pull = (number: number, sha?: string) => (sha === undefined ? { number } : { number, head: { sha } });
  const next = (page: number) => ({
    link: `<https://api.github.com${BASE}/pulls?state=open&page=${page}>; rel="next"`,
  });

  it("are the open pulls whose head is the SHA, across pages, in number order", async () => {
    const { stub, reads: r } = reads({
      [`GET ${first}`]: { data: [pull(10, "abc"), pull(3, "other"), pull(4)], headers: next(2) },
      [`GET https://api.github.com${BASE}/pulls?state=open&page=2`]: { data: [pull(2, "abc"), pull(9, "abc")] },
    });
    expect(await r.openPullRequestsAt("abc")).toEqual([2, 9, 10]);
    expect(stub.requests).toHaveLength(2);
  });

  it("reads at most ten pages", async () => {
    const replies: Record<string, StubReply> = { [`GET ${first}`]: { data: [pull(1, "abc")], headers: next(2) } };
    for (let page = 2; page <= 12; page++) {
      replies[`GET https://api.github.com${BASE}/pulls?state=open&page=${page}`] = {
        data: [pull(page, "abc")],
        headers: next(page + 1),
      };
    }
    const { stub, reads: r } = reads(replies);
    expect(await r.openPullRequestsAt("abc")).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(stub.requests).toHaveLength(10);
  });
});
