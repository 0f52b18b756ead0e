import { describe, expect, it } from "vitest";
import { octokitTreeReader, withGitTree } from "../../src/github/git-tree.js";
import { createMemoryGateway } from "./memory-gateway.js";
import { stubOctokit } from "./stub-octokit.js";

const TREE = "GET /repos/acme/plans/git/trees/main?recursive=1";

describe("reading a commit's whole tree", () => {
  it("is one recursive request; files keep their size, folders and submodules have none", async () => {
    const stub = stubOctokit({
      [TREE]: {
        data: {
          tree: [
            { path: "plans/a.md", type: "blob", size: 120 },
            { path: "plans", type: "tree" },
            { path: "vendor/lib", type: "commit" },
            { path: "plans/b.md", type: "blob" },
          ],
          truncated: false,
        },
      },
    });
    const tree = await octokitTreeReader(stub, { owner: "acme", repo: "plans" }).readTree("main");
    expect(tree).toEqual({
      entries: [
        { path: "plans/a.md", type: "blob", size: 120 },
        { path: "plans", type: "tree" },
        { path: "vendor/lib", type: "commit" },
        { path: "plans/b.md", type: "blob" },
      ],
      truncated: false,
    });
    expect(stub.lines()).toEqual([TREE]);
  });

  it("skips entries without a path or of an unknown type", async () => {
    const stub = stubOctokit({
      [TREE]: {
        data: {
          tree: [
            { type: "blob" },
            { path: 3, type: "blob" },
            { path: "x", type: "tag" },
            { path: "y" },
            { path: "ok.md", type: "blob", size: "9" },
          ],
        },
      },
    });
    expect(await octokitTreeReader(stub, { owner: "acme", repo: "plans" }).readTree("main")).toEqual({
      entries: [{ path: "ok.md", type: "blob" }],
      truncated: false,
    });
  });

  it("says when GitHub truncated the listing, and reads an empty answer as an empty tree", async () => {
    const stub = stubOctokit({ [TREE]: [{ data: { tree: [], truncated: true } }, { data: { truncated: "yes" } }] });
    const reader = octokitTreeReader(stub, { owner: "acme", repo: "plans" });
    expect(await reader.readTree("main")).toEqual({ entries: [], truncated: true });
    expect(await reader.readTree("main")).toEqual({ entries: [], truncated: false });
  });

  it("encodes the owner, repository and ref", async () => {
    const stub = stubOctokit({ "GET /repos/a%20b/c/git/trees/plan%2Fx?recursive=1": { data: { tree: [] } } });
    await octokitTreeReader(stub, { owner: "a b", repo: "c" }).readTree("plan/x");
    expect(stub.unused()).toEqual([]);
  });
});

describe("a gateway with the tree reader", () => {
  it("reads trees through the reader and keeps the gateway's methods", async () => {
    const gateway = createMemoryGateway();
    const both = withGitTree(gateway, {
      readTree: async (ref) => ({ entries: [{ path: ref, type: "blob" }], truncated: false }),
    });
    expect(await both.readTree("abc")).toEqual({ entries: [{ path: "abc", type: "blob" }], truncated: false });
    expect(both.repo).toEqual(gateway.repo);
    await both.createIssue({ title: "T", body: "", labels: [] });
    expect(gateway.writes).toEqual(["create-issue T"]);
  });
});
