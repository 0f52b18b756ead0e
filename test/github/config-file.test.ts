import { Octokit } from "@octokit/rest";
import { describe, expect, it } from "vitest";
import { readConfigFile } from "../../src/github/config-file.js";
import { quiet } from "../support/quiet-log.js";

/** An Octokit whose fetch answers config files by repository path, recording what was asked. */
function octokitWith(files: Record<string, { status: number; body: string; type?: string }>) {
  const asked: string[] = [];
  const fetch = async (url: string | URL) => {
    const u = new URL(String(url));
    asked.push(`${u.pathname}${u.search}`);
    const file = files[u.pathname];
    if (!file) return new Response(JSON.stringify({ message: "Not Found" }), { status: 404 });
    return new Response(file.body, {
      status: file.status,
      headers: { "content-type": file.type ?? "application/vnd.github.raw; charset=utf-8" },
    });
  };
  return {
    asked,
    octokit: new Octokit({ baseUrl: "https://api.github.com", log: quiet, request: { fetch, retries: 0 } }),
  };
}

const AT = { owner: "acme", repo: "plans", ref: "main" };
const REPO_FILE = "/repos/acme/plans/contents/.github%2Fplan-sync.yml";
const ORG_FILE = "/repos/acme/.github/contents/.github%2Fplan-sync.yml";

describe("reading .github/plan-sync.yml at a ref", () => {
  it("is the repository's file, read at the ref", async () => {
    const { octokit, asked } = octokitWith({ [REPO_FILE]: { status: 200, body: "areas:\n  DATA: acme/data\n" } });
    expect(await readConfigFile(octokit, AT)).toEqual({ ok: true, raw: { areas: { DATA: "acme/data" } } });
    expect(asked).toEqual([`${REPO_FILE}?ref=main`]);
  });

  it("is null when neither the repository nor the organisation's .github has one", async () => {
    const { octokit, asked } = octokitWith({});
    expect(await readConfigFile(octokit, AT)).toEqual({ ok: true, raw: null });
    expect(asked).toEqual([`${REPO_FILE}?ref=main`, ORG_FILE]);
  });

  it("falls back to the organisation's .github repository", async () => {
    const { octokit } = octokitWith({ [ORG_FILE]: { status: 200, body: "labels:\n  prefix: org\n" } });
    expect(await readConfigFile(octokit, AT)).toEqual({ ok: true, raw: { labels: { prefix: "org" } } });
  });

  it("deep-merges an `_extends` base under the repository's own keys", async () => {
    const { octokit } = octokitWith({
      [REPO_FILE]: { status: 200, body: "_extends: .github\nlabels:\n  prefix: mine\n" },
      [ORG_FILE]: { status: 200, body: "labels:\n  prefix: org\n  color: ededed\nareas:\n  GAIN: acme/gain\n" },
    });
    expect(await readConfigFile(octokit, AT)).toEqual({
      ok: true,
      raw: { labels: { prefix: "mine", color: "ededed" }, areas: { GAIN: "acme/gain" } },
    });
  });

  it("is the user's problem, without the plugin's prefix, when the YAML does not parse", async () => {
    const { octokit } = octokitWith({ [REPO_FILE]: { status: 200, body: "areas: [unclosed\n" } });
    const result = await readConfigFile(octokit, AT);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem).toMatch(/^Configuration could not be parsed from /);
  });

  it("throws GitHub's own failures as they came", async () => {
    const { octokit } = octokitWith({
      [REPO_FILE]: { status: 500, body: '{"message":"boom"}', type: "application/json" },
    });
    await expect(readConfigFile(octokit, AT)).rejects.toMatchObject({ status: 500 });
  });

  /** An Octokit whose every request fails with `error`. */
  const failing = (error: unknown) => ({
    request: Object.assign(async () => Promise.reject(error), { endpoint: () => ({ url: "u" }) }),
  });

  it("a thrown non-Error is the problem as text", async () => {
    expect(await readConfigFile(failing("odd"), AT)).toEqual({ ok: false, problem: "odd" });
  });

  it("the plugin's prefix goes with all the spaces after it, only at the start", async () => {
    expect(await readConfigFile(failing(new Error("[@probot/octokit-plugin-config]   bad _extends")), AT)).toEqual({
      ok: false,
      problem: "bad _extends",
    });
    expect(await readConfigFile(failing(new Error("[@probot/octokit-plugin-config]bad")), AT)).toEqual({
      ok: false,
      problem: "bad",
    });
    expect(await readConfigFile(failing(new Error("see [@probot/octokit-plugin-config] x")), AT)).toEqual({
      ok: false,
      problem: "see [@probot/octokit-plugin-config] x",
    });
  });
});
