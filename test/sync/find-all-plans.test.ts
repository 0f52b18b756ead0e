import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EtagCache } from "../../src/github/etag-cache.js";
import { createOctokitGateway } from "../../src/github/octokit-gateway.js";
import { createRestOctokit } from "../../src/github/octokit-options.js";
import { findAllPlans } from "../../src/sync/find-all-plans.js";
import { octokitTreeReader, withGitTree } from "../../src/github/git-tree.js";
import { FakeGitHub } from "../support/fake-github/index.js";
import { SEARCH_PLAN as PLAN } from "../support/search-plan.js";
import { quiet } from "../support/quiet-log.js";

const REPO = { owner: "acme", repo: "plans" };
const ALL = { paths: ["**/*.md"], ignore: [] };

let fake: FakeGitHub;
let gateway: ReturnType<typeof withGitTree>;

beforeEach(async () => {
  fake = new FakeGitHub();
  await fake.start();
  fake.createRepo("acme/plans", {
    files: {
      "README.md": "# plans\n\nNo task table here.\n",
      "docs/plans/search.md": PLAN,
      "docs/plans/broken.md": "# Broken\n\n| Task ID | Description |\n|---|---|\n| DATA1 | one |\n| DATA1 | twice |\n",
      "docs/archive/old.md": PLAN.replace(/DATA/g, "EDH"),
      "docs/plans/tasks.txt": PLAN,
    },
  });
  fake.addToken("t", "alice");
  const octokit = createRestOctokit({ token: "t", baseUrl: fake.url, log: quiet });
  gateway = withGitTree(
    createOctokitGateway(octokit, REPO, { identity: "token:t", etagCache: new EtagCache() }),
    octokitTreeReader(octokit, REPO),
  );
});

afterEach(async () => {
  fake.assertNoUnexpected();
  await fake.stop();
});

const reads = () =>
  fake.requests.filter((r) => r.method === "GET").map((r) => r.path.replace(/^\/repos\/acme\/plans/, ""));

describe("findAllPlans", () => {
  it("every plan of the commit, parsed, errors and all; files without a task table and non-Markdown files are not plans", async () => {
    const found = await findAllPlans(gateway, fake.branchHead(REPO), ALL);
    expect(found.truncated).toBe(false);
    expect(found.notes).toEqual([]);
    expect(found.plans.map((p) => p.path)).toEqual([
      "docs/archive/old.md",
      "docs/plans/broken.md",
      "docs/plans/search.md",
    ]);
    expect(found.plans.find((p) => p.path === "docs/plans/search.md")?.plan.tasks.map((t) => t.id)).toEqual([
      "DATA1",
      "DATA2",
      "GAIN1",
      "GAIN2",
    ]);
    expect(found.plans.find((p) => p.path === "docs/plans/broken.md")?.plan.diagnostics).toEqual([
      expect.objectContaining({ severity: "error", code: "duplicate-id" }),
    ]);
  });

  it("one tree listing, then reads only the Markdown files `paths` and `ignore` allow", async () => {
    fake.resetCounters();
    const found = await findAllPlans(gateway, fake.branchHead(REPO), {
      paths: ["docs/**"],
      ignore: ["docs/archive/**"],
    });
    expect(found.plans.map((p) => p.path)).toEqual(["docs/plans/broken.md", "docs/plans/search.md"]);
    const listed = reads();
    expect(listed.filter((p) => p.startsWith("/git/trees/"))).toHaveLength(1);
    expect(listed.filter((p) => p.startsWith("/contents/")).sort()).toEqual([
      "/contents/docs/plans/broken.md",
      "/contents/docs/plans/search.md",
    ]);
  });

  it("reads the plans as they are at the ref, not at the branch head", async () => {
    const at = fake.branchHead(REPO);
    fake.commit(
      REPO,
      "main",
      { "docs/plans/new.md": PLAN.replace(/GAIN/g, "EDH"), "docs/plans/search.md": null },
      "later",
      "ada",
    );
    const found = await findAllPlans(gateway, at, { paths: ["docs/plans/**"], ignore: [] });
    expect(found.plans.map((p) => p.path)).toEqual(["docs/plans/broken.md", "docs/plans/search.md"]);
  });

  it("a listing GitHub cut short is said, in words for the check run", async () => {
    fake.model.treeEntryLimit = 4;
    const found = await findAllPlans(gateway, fake.branchHead(REPO), ALL);
    expect(found.truncated).toBe(true);
    expect(found.notes).toEqual([
      expect.stringMatching(
        /^GitHub listed only the first 4 files and folders of this repository .*plans beyond them were not looked at/,
      ),
    ]);
  });

  it("plans come in path order whatever order the listing gives, and only the listing's Markdown files are read", async () => {
    const files: Record<string, string> = {
      "docs/plans/c.md": PLAN,
      "docs/plans/a.md": PLAN.replace(/DATA/g, "EDH"),
      "docs/plans/b.md": PLAN.replace(/GAIN/g, "EDH"),
      "docs/plans/notes.txt": PLAN,
    };
    const read: string[] = [];
    const lister = {
      readTree: async () => ({
        entries: [
          { path: "docs/plans/c.md", type: "blob" as const },
          { path: "docs/plans/a.md", type: "blob" as const },
          { path: "docs/plans/sub.md", type: "tree" as const },
          { path: "docs/plans/notes.txt", type: "blob" as const },
          { path: "docs/plans/b.md", type: "blob" as const },
        ],
        truncated: false,
      }),
      getFile: async (path: string) => {
        read.push(path);
        const text = files[path];
        return text === undefined ? null : { path, text, sha: "0".repeat(40) };
      },
    };
    const found = await findAllPlans(lister, "main", ALL);
    expect(found.plans.map((p) => p.path)).toEqual(["docs/plans/a.md", "docs/plans/b.md", "docs/plans/c.md"]);
    expect(read).toEqual(["docs/plans/a.md", "docs/plans/b.md", "docs/plans/c.md"]);
  });
});
