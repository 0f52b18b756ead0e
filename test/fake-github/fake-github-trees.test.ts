import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeGitHub, blobSha } from "../support/fake-github/index.js";
import { startFakeWithOctokit } from "../support/fake-octokit.js";

const REPO = { owner: "acme", repo: "plans" };

let fake: FakeGitHub;
let octokit: Octokit;

beforeEach(async () => {
  ({ fake, octokit } = await startFakeWithOctokit({
    repo: {
      files: { "README.md": "# plans\n", "docs/plans/a.md": "A\n", "docs/plans/old/b.md": "Bb\n", "docs-x.md": "x\n" },
    },
  }));
});

afterEach(async () => {
  fake.assertNoUnexpected();
  await fake.stop();
});

describe("git trees", () => {
  it("lists a commit's whole tree recursively in GitHub's shape and git's order, directories included", async () => {
    const head = fake.branchHead(REPO);
    const { data } = await octokit.rest.git.getTree({ ...REPO, tree_sha: head, recursive: "1" });
    expect(data.truncated).toBe(false);
    expect(data.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(data.sha).not.toBe(head);
    // "docs-x.md" sorts before "docs/" as git compares a directory as "docs/".
    expect(data.tree.map((e) => [e.path, e.type])).toEqual([
      ["README.md", "blob"],
      ["docs-x.md", "blob"],
      ["docs", "tree"],
      ["docs/plans", "tree"],
      ["docs/plans/a.md", "blob"],
      ["docs/plans/old", "tree"],
      ["docs/plans/old/b.md", "blob"],
    ]);
    expect(data.tree.find((e) => e.path === "docs/plans/old/b.md")).toMatchObject({
      mode: "100644",
      sha: blobSha("Bb\n"),
      size: 3,
    });
    expect(data.tree.find((e) => e.path === "docs")).toMatchObject({ mode: "040000", type: "tree" });
    expect(data.tree.find((e) => e.path === "docs")).not.toHaveProperty("size");
  });

  it("without recursive lists one level; a sub-tree's SHA lists that directory", async () => {
    const { data: root } = await octokit.rest.git.getTree({ ...REPO, tree_sha: "main" });
    expect(root.tree.map((e) => e.path)).toEqual(["README.md", "docs-x.md", "docs"]);
    const docs = root.tree.find((e) => e.path === "docs")!;
    const { data: sub } = await octokit.rest.git.getTree({ ...REPO, tree_sha: docs.sha! });
    expect(sub.sha).toBe(docs.sha);
    expect(sub.tree.map((e) => e.path)).toEqual(["plans"]);
  });

  it("a changed file gives the commit a new tree; the old commit keeps its own", async () => {
    const first = fake.branchHead(REPO);
    const second = fake.commit(REPO, "main", { "docs/plans/c.md": "C\n", "docs-x.md": null }, "c", "ada");
    const paths = async (sha: string) =>
      (await octokit.rest.git.getTree({ ...REPO, tree_sha: sha, recursive: "1" })).data.tree.map((e) => e.path);
    expect(await paths(second)).toContain("docs/plans/c.md");
    expect(await paths(second)).not.toContain("docs-x.md");
    expect(await paths(first)).toContain("docs-x.md");
  });

  it("answers truncated: true past its entry limit, with the entries it did list", async () => {
    fake.model.treeEntryLimit = 3;
    const { data } = await octokit.rest.git.getTree({ ...REPO, tree_sha: "main", recursive: "1" });
    expect(data.truncated).toBe(true);
    expect(data.tree).toHaveLength(3);
  });

  it("404s for a SHA that is no tree or commit of the repository", async () => {
    const error = await octokit.rest.git.getTree({ ...REPO, tree_sha: "f".repeat(40) }).catch((e: unknown) => e);
    expect((error as { status?: number }).status).toBe(404);
  });
});
