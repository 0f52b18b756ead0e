import { describe, expect, it } from "vitest";
import type { Gateway } from "../../src/github/gateway.js";
import type { GatewayOctokit } from "../../src/github/octokit-gateway.js";
import { installationTargets, tokenTargets } from "../../src/github/route-targets.js";
import { stubOctokit, type StubReply } from "./stub-octokit.js";

const reposPage = (page: number) => `/installation/repositories?per_page=100&page=${page}`;
const repos = (names: string[], total = names.length) => ({
  data: { total_count: total, repositories: names.map((full_name) => ({ full_name })) },
});
const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}/r${i}`);

function installation(pages: StubReply[]) {
  const stub = stubOctokit({ [`GET ${reposPage(1)}`]: pages[0]!, [`GET ${reposPage(2)}`]: pages.slice(1) });
  return { stub, targets: installationTargets(stub as unknown as GatewayOctokit) };
}

describe("the App's route targets: the installation's repositories", () => {
  it("opens an installed repository, whatever its case, with a gateway on it", async () => {
    const { stub, targets } = installation([repos(["Acme/Data", "acme/gain"])]);
    const opened = await targets.open({ owner: "acme", repo: "DATA" });
    expect(opened.ok).toBe(true);
    expect(opened.ok && opened.gateway.repo).toEqual({ owner: "acme", repo: "DATA" });
    expect(stub.lines()).toEqual([`GET ${reposPage(1)}`]);
  });

  it("refuses a repository the App is not installed on, naming it", async () => {
    const { targets } = installation([repos(["acme/data"])]);
    expect(await targets.open({ owner: "acme", repo: "edh" })).toEqual({
      ok: false,
      reason: "the plan-sync App is not installed on acme/edh",
    });
  });

  it("lists the installation once for every target of a sync", async () => {
    const { stub, targets } = installation([repos(["acme/data", "acme/gain"])]);
    await targets.open({ owner: "acme", repo: "data" });
    await targets.open({ owner: "acme", repo: "gain" });
    await targets.open({ owner: "acme", repo: "edh" });
    expect(stub.requests).toHaveLength(1);
  });

  it("reads the next page while a full page of 100 leaves repositories unlisted", async () => {
    const { stub, targets } = installation([repos(many("a", 100), 101), repos(["acme/late"], 101)]);
    expect((await targets.open({ owner: "acme", repo: "late" })).ok).toBe(true);
    expect(stub.lines()).toEqual([`GET ${reposPage(1)}`, `GET ${reposPage(2)}`]);
  });

  it("stops after a short page, and after a full page that completes the count", async () => {
    const short = installation([repos(many("a", 99), 500)]);
    expect((await short.targets.open({ owner: "acme", repo: "x" })).ok).toBe(false);
    expect(short.stub.requests).toHaveLength(1);

    const exact = installation([repos(many("a", 100), 100)]);
    expect((await exact.targets.open({ owner: "acme", repo: "x" })).ok).toBe(false);
    expect(exact.stub.requests).toHaveLength(1);
  });

  it("wraps each gateway it opens when asked", async () => {
    const stub = stubOctokit({ [`GET ${reposPage(1)}`]: repos(["acme/data"]) });
    const wrapped = { repo: { owner: "wrapped", repo: "x" } } as Gateway;
    const targets = installationTargets(stub as unknown as GatewayOctokit, { wrap: () => wrapped });
    const opened = await targets.open({ owner: "acme", repo: "data" });
    expect(opened.ok && opened.gateway).toBe(wrapped);
  });
});

describe("the command's route targets over a token", () => {
  const url = "/repos/acme/data";
  const open = (reply: StubReply, wrap?: (g: Gateway) => Gateway) => {
    const stub = stubOctokit({ [`GET ${url}`]: reply });
    return {
      stub,
      result: tokenTargets(stub as unknown as GatewayOctokit, wrap ? { wrap } : {}).open({
        owner: "acme",
        repo: "data",
      }),
    };
  };

  it.each(["triage", "push", "maintain", "admin"])("opens a repository the token may %s", async (permission) => {
    const { stub, result } = open({ data: { permissions: { pull: true, [permission]: true } } });
    const opened = await result;
    expect(opened.ok && opened.gateway.repo).toEqual({ owner: "acme", repo: "data" });
    expect(stub.lines()).toEqual([`GET ${url}`]);
  });

  it("refuses a repository the token may only read", async () => {
    const { result } = open({ data: { permissions: { pull: true, triage: false, push: false } } });
    expect(await result).toEqual({
      ok: false,
      reason: "the token may not write issues in acme/data (it needs triage or write access)",
    });
  });

  it("trusts a token whose answer has no permissions (an installation token)", async () => {
    expect((await open({ data: { full_name: "acme/data" } }).result).ok).toBe(true);
  });

  it.each([404, 403, 401])("refuses a repository the token cannot see (%i)", async (status) => {
    expect(await open({ status, data: { message: "Not Found" } }).result).toEqual({
      ok: false,
      reason: "the token cannot see acme/data",
    });
  });

  it("throws GitHub's other failures as they came", async () => {
    await expect(open({ status: 500, data: { message: "boom" } }).result).rejects.toMatchObject({ status: 500 });
  });

  it("encodes the repository in the URL and wraps the gateway when asked", async () => {
    const stub = stubOctokit({ "GET /repos/a%20b/c%2Fd": { data: {} } });
    const wrapped = { repo: { owner: "w", repo: "w" } } as Gateway;
    const opened = await tokenTargets(stub as unknown as GatewayOctokit, { wrap: () => wrapped }).open({
      owner: "a b",
      repo: "c/d",
    });
    expect(opened.ok && opened.gateway).toBe(wrapped);
  });
});
