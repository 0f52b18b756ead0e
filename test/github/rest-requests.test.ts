import { describe, expect, it } from "vitest";
import { EtagCache } from "../../src/github/etag-cache.js";
import {
  decodeContent,
  encodePath,
  nextLink,
  repoRequests,
  type GatewayOctokit,
} from "../../src/github/rest/requests.js";
import { readRepository } from "../../src/github/rest/repository.js";
import { stubOctokit, type StubReply } from "./stub-octokit.js";

const REPO = { owner: "Acme", repo: "Plans" };
const LIST = "/repos/Acme/Plans/issues?state=all";

function requests(
  replies: Record<string, StubReply | StubReply[]>,
  cache = new EtagCache(50),
  identity = "installation:1",
) {
  const stub = stubOctokit(replies);
  return { stub, cache, r: repoRequests(stub as unknown as GatewayOctokit, REPO, { cache, identity }) };
}

describe("a repository's conditional GETs", () => {
  it("asks without If-None-Match first, then with the page's ETag, and answers a 304 from the cache", async () => {
    const { stub, r } = requests({
      [`GET ${LIST}`]: [
        { data: [1], headers: { etag: 'W/"v1"', link: '<https://x/next>; rel="next"' } },
        { status: 304 },
      ],
    });
    const first = await r.conditionalGet(LIST);
    const again = await r.conditionalGet(LIST);
    expect(first).toEqual({ etag: 'W/"v1"', data: [1], link: '<https://x/next>; rel="next"' });
    expect(again).toEqual(first);
    expect(stub.requests.map((q) => q.params)).toEqual([{ headers: {} }, { headers: { "if-none-match": 'W/"v1"' } }]);
  });

  it("keeps no page GitHub sent without an ETag", async () => {
    const { stub, cache, r } = requests({ [`GET ${LIST}`]: [{ data: [1] }, { data: [2] }] });
    expect(await r.conditionalGet(LIST)).toEqual({ etag: "", data: [1], link: undefined });
    expect(cache.size).toBe(0);
    expect((await r.conditionalGet(LIST)).data).toEqual([2]);
    expect(stub.requests[1]!.params).toEqual({ headers: {} });
  });

  it("throws a 304 it did not ask for, and GitHub's other failures", async () => {
    const { r } = requests({ [`GET ${LIST}`]: [{ status: 304 }, { status: 500 }] });
    await expect(r.conditionalGet(LIST)).rejects.toMatchObject({ status: 304 });
    await expect(r.conditionalGet(LIST)).rejects.toMatchObject({ status: 500 });
  });

  it("throws a failure even when it holds the page: only a 304 answers from the cache", async () => {
    const { r } = requests({ [`GET ${LIST}`]: [{ data: [1], headers: { etag: '"v1"' } }, { status: 500 }] });
    await r.conditionalGet(LIST);
    await expect(r.conditionalGet(LIST)).rejects.toMatchObject({ status: 500 });
  });

  it("keeps ETags per identity: another installation asks unconditionally", async () => {
    const cache = new EtagCache(50);
    const a = requests({ [`GET ${LIST}`]: { data: [1], headers: { etag: '"a"' } } }, cache, "installation:1");
    const b = requests({ [`GET ${LIST}`]: { data: [], headers: { etag: '"b"' } } }, cache, "installation:2");
    await a.r.conditionalGet(LIST);
    await b.r.conditionalGet(LIST);
    expect(b.stub.requests[0]!.params).toEqual({ headers: {} });
    expect(cache.size).toBe(2);
  });
});

describe("all pages of a list", () => {
  it("follows rel=next links until there are none", async () => {
    const { stub, r } = requests({
      [`GET ${LIST}`]: { data: [1, 2], headers: { link: '<https://api.github.com/p2>; rel="next"' } },
      "GET https://api.github.com/p2": { data: [3] },
    });
    expect(await r.getAllPages(LIST)).toEqual([1, 2, 3]);
    expect(stub.lines()).toEqual([`GET ${LIST}`, "GET https://api.github.com/p2"]);
  });

  it("refuses an answer that is not a list, naming the URL", async () => {
    const { r } = requests({ [`GET ${LIST}`]: { data: { message: "odd" } } });
    await expect(r.getAllPages(LIST)).rejects.toThrow(`GET ${LIST}: expected a list`);
  });
});

describe("a resource or null", () => {
  it.each([404, 410])("is null when GitHub answers %i", async (status) => {
    const { r } = requests({ "GET /x": { status } });
    expect(await r.getOrNull("/x")).toBeNull();
  });

  it("throws GitHub's other failures", async () => {
    const { r } = requests({ "GET /x": { status: 403 } });
    await expect(r.getOrNull("/x")).rejects.toMatchObject({ status: 403 });
  });

  it("is the data otherwise", async () => {
    const { r } = requests({ "GET /x": { data: { a: 1 } } });
    expect(await r.getOrNull("/x")).toEqual({ a: 1 });
  });
});

describe("writes", () => {
  it("send the body, retried by default; `retry: false` asks plugin-retry for no retries", async () => {
    const { stub, r } = requests({ "POST /w": [{ data: { n: 1 } }, { data: { n: 2 } }] });
    expect(await r.write("POST", "/w", { title: "T" })).toEqual({ n: 1 });
    expect(await r.write("POST", "/w", { title: "T" }, false)).toEqual({ n: 2 });
    expect(stub.requests.map((q) => q.params)).toEqual([{ title: "T" }, { title: "T", request: { retries: 0 } }]);
  });

  it("make every identity's cached pages of the repository stale, even when they fail; other repositories keep theirs", async () => {
    const cache = new EtagCache(50);
    cache.set("acme/plans\ninstallation:2\n/any", { etag: "e", data: [], link: undefined });
    cache.set("acme/other\ninstallation:1\n/any", { etag: "e", data: [], link: undefined });
    const { stub, r } = requests(
      {
        [`GET ${LIST}`]: [
          { data: [1], headers: { etag: '"v1"' } },
          { data: [2], headers: { etag: '"v2"' } },
        ],
        "PATCH /w": { status: 500 },
      },
      cache,
    );
    await r.conditionalGet(LIST);
    await expect(r.write("PATCH", "/w", {})).rejects.toMatchObject({ status: 500 });
    expect(cache.get("acme/plans\ninstallation:2\n/any")).toBeUndefined();
    expect(cache.get("acme/other\ninstallation:1\n/any")).toBeDefined();
    expect((await r.conditionalGet(LIST)).data).toEqual([2]);
    expect(stub.requests[2]!.params).toEqual({ headers: {} });
  });
});

describe("URLs", () => {
  it("encode the owner and repository", () => {
    const { r } = requests({});
    expect(r.base).toBe("/repos/Acme/Plans");
    expect(
      repoRequests(
        stubOctokit() as unknown as GatewayOctokit,
        { owner: "a b", repo: "c/d" },
        {
          cache: new EtagCache(),
          identity: "i",
        },
      ).base,
    ).toBe("/repos/a%20b/c%2Fd");
  });

  it("encode each segment of a file path and keep its slashes", () => {
    expect(encodePath("docs/my plan#1.md")).toBe("docs/my%20plan%231.md");
  });

  it("the next link of a Link header, wherever it stands, quoted or not", () => {
    expect(nextLink(undefined)).toBeUndefined();
    expect(nextLink("")).toBeUndefined();
    expect(nextLink('<https://a/1>; rel="prev", <https://a/3>; rel="next"')).toBe("https://a/3");
    expect(nextLink("<https://a/3>;rel=next")).toBe("https://a/3");
    expect(nextLink('<https://a/3>  ;  rel="next"')).toBe("https://a/3");
    expect(nextLink('<https://a/9>; rel="last"')).toBeUndefined();
  });
});

describe("file content", () => {
  it("base64 with GitHub's line breaks is decoded, BOM and CRLF kept", () => {
    const text = "\uFEFF# Plan\r\nÜ ✓\r\n";
    const b64 = Buffer.from(text, "utf8")
      .toString("base64")
      .replace(/(.{8})/g, "$1\n");
    expect(decodeContent(b64, "base64")).toBe(text);
  });

  it("any other encoding is taken as the text itself", () => {
    expect(decodeContent("plain\ntext", "utf-8")).toBe("plain\ntext");
  });
});

describe("the repository itself", () => {
  it("is its default branch and page", async () => {
    const stub = stubOctokit({
      "GET /repos/a%20b/plans": { data: { default_branch: "trunk", html_url: "https://github.com/a/plans", id: 1 } },
    });
    expect(await readRepository(stub as unknown as GatewayOctokit, { owner: "a b", repo: "plans" })).toEqual({
      defaultBranch: "trunk",
      htmlUrl: "https://github.com/a/plans",
    });
    expect(stub.requests).toEqual([{ method: "GET", url: "/repos/a%20b/plans", params: {} }]);
  });
});
