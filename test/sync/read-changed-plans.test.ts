import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, resolveAreas } from "../../src/config/config-schema.js";
import { readChangedPlans, readPlanAt } from "../../src/sync/plan-files.js";

/**
 * The plans among a pull request's (or a push's) changed files, as GitHub lists them, with their text at the head and
 * the base: what the preview and the sync reconcile. Every read is recorded: only plan candidates are fetched.
 */

const HEAD = "h".repeat(40);
const BASE = "b".repeat(40);

const plan = (...ids: string[]) =>
  [
    "# Plan",
    "",
    "| Task ID | Description | Acceptance Criteria | Effort |",
    "|---|---|---|---|",
    ...ids.map((id) => `| ${id} | Task ${id} | Done when done | 1 |`),
    "",
  ].join("\n");
const PROSE = "# Notes\n\nNo tasks here, just words.\n";

type Status = "added" | "modified" | "removed" | "renamed";
type Listed = { path: string; status: Status; previousPath?: string };

function repo(files: { head?: Record<string, string>; base?: Record<string, string> }) {
  const reads: string[] = [];
  const sides: Record<string, Record<string, string>> = { [HEAD]: files.head ?? {}, [BASE]: files.base ?? {} };
  const gateway = {
    getFile: async (path: string, ref: string) => {
      reads.push(`${ref === HEAD ? "head" : "base"}:${path}`);
      const text = sides[ref]?.[path];
      return text === undefined ? null : { path, text, sha: `sha-of-${path}` };
    },
  };
  return { gateway, reads };
}

/** Plans under docs/ except the archive: a glob that also matches files that are not Markdown. */
const config = { paths: ["docs/**"], ignore: ["docs/archive/**"] };
const pr = { headSha: HEAD, baseSha: BASE };

describe("readChangedPlans: the plans a change touches", () => {
  it("a plan added, modified or renamed is listed with its text at the head and the base, sorted by path; only Markdown files under the plan paths are read", async () => {
    const { gateway, reads } = repo({
      head: {
        "docs/plans/z-new.md": plan("NEW1"),
        "docs/plans/m-edit.md": plan("ED1", "ED2"),
        "docs/plans/b-moved.md": plan("MV1"),
        "docs/plans/tasks.txt": plan("TXT1"),
        "README.md": plan("RD1"),
        "docs/archive/old.md": plan("OLD1"),
      },
      base: {
        "docs/plans/m-edit.md": plan("ED1"),
        "docs/plans/a-old.md": plan("MV1"),
        "docs/plans/tasks.txt": plan("TXT1"),
        "README.md": plan("RD1"),
        "docs/archive/old.md": plan("OLD1"),
      },
    });
    const files: Listed[] = [
      { path: "docs/plans/z-new.md", status: "added" },
      { path: "docs/plans/m-edit.md", status: "modified" },
      { path: "docs/plans/b-moved.md", status: "renamed", previousPath: "docs/plans/a-old.md" },
      { path: "docs/plans/tasks.txt", status: "modified" },
      { path: "README.md", status: "modified" },
      { path: "docs/archive/old.md", status: "modified" },
    ];
    expect(await readChangedPlans(gateway, pr, files, config)).toEqual([
      {
        path: "docs/plans/b-moved.md",
        change: "renamed",
        previousPath: "docs/plans/a-old.md",
        headText: plan("MV1"),
        baseText: plan("MV1"),
      },
      {
        path: "docs/plans/m-edit.md",
        change: "modified",
        previousPath: null,
        headText: plan("ED1", "ED2"),
        baseText: plan("ED1"),
      },
      { path: "docs/plans/z-new.md", change: "added", previousPath: null, headText: plan("NEW1"), baseText: null },
    ]);
    // An added file has no base to read.
    expect(reads).toEqual([
      "head:docs/plans/z-new.md",
      "head:docs/plans/m-edit.md",
      "base:docs/plans/m-edit.md",
      "head:docs/plans/b-moved.md",
      "base:docs/plans/a-old.md",
    ]);
  });

  it("a plan removed, or moved out of the plan paths (elsewhere or into an ignored folder), is listed as deleted at its old path with its old text", async () => {
    const { gateway, reads } = repo({
      head: { "elsewhere/moved.md": plan("OUT1"), "docs/archive/retired.md": plan("ARC1") },
      base: {
        "docs/plans/gone.md": plan("GONE1"),
        "docs/plans/moved.md": plan("OUT1"),
        "docs/plans/retired.md": plan("ARC1"),
      },
    });
    const files: Listed[] = [
      { path: "docs/plans/gone.md", status: "removed" },
      { path: "elsewhere/moved.md", status: "renamed", previousPath: "docs/plans/moved.md" },
      { path: "docs/archive/retired.md", status: "renamed", previousPath: "docs/plans/retired.md" },
    ];
    const deleted = (path: string, baseText: string) => ({
      path,
      change: "deleted",
      previousPath: null,
      headText: null,
      baseText,
    });
    expect(await readChangedPlans(gateway, pr, files, config)).toEqual([
      deleted("docs/plans/gone.md", plan("GONE1")),
      deleted("docs/plans/moved.md", plan("OUT1")),
      deleted("docs/plans/retired.md", plan("ARC1")),
    ]);
    // Nothing is read at the head where the file is gone or out of the plan paths.
    expect(reads).toEqual(["base:docs/plans/gone.md", "base:docs/plans/moved.md", "base:docs/plans/retired.md"]);
  });

  it("a plan moved in from outside the plan paths, or a file that becomes a plan, reads as added; a file that is no plan on either side is not listed", async () => {
    const { gateway, reads } = repo({
      head: {
        "docs/plans/arrived.md": plan("IN1"),
        "docs/plans/becomes.md": plan("BEC1"),
        "docs/notes.md": PROSE,
      },
      base: { "drafts/arrived.md": plan("IN1"), "docs/plans/becomes.md": PROSE, "docs/notes.md": PROSE },
    });
    const files: Listed[] = [
      { path: "docs/plans/arrived.md", status: "renamed", previousPath: "drafts/arrived.md" },
      { path: "docs/plans/becomes.md", status: "modified" },
      { path: "docs/notes.md", status: "modified" },
    ];
    const added = (path: string, headText: string) => ({
      path,
      change: "added",
      previousPath: null,
      headText,
      baseText: null,
    });
    expect(await readChangedPlans(gateway, pr, files, config)).toEqual([
      added("docs/plans/arrived.md", plan("IN1")),
      added("docs/plans/becomes.md", plan("BEC1")),
    ]);
    expect(reads).toEqual([
      "head:docs/plans/arrived.md",
      "head:docs/plans/becomes.md",
      "base:docs/plans/becomes.md",
      "head:docs/notes.md",
      "base:docs/notes.md",
    ]);
  });

  it("a plan that keeps its file but loses its task tables is modified with lostTaskTables (not deleted); renamed on the way, it is deleted at its old path", async () => {
    const { gateway } = repo({
      head: { "docs/plans/lost.md": PROSE, "docs/plans/renamed-prose.md": PROSE },
      base: { "docs/plans/lost.md": plan("L1", "L2"), "docs/plans/was-plan.md": plan("W1") },
    });
    const files: Listed[] = [
      { path: "docs/plans/lost.md", status: "modified" },
      { path: "docs/plans/renamed-prose.md", status: "renamed", previousPath: "docs/plans/was-plan.md" },
    ];
    expect(await readChangedPlans(gateway, pr, files, config)).toEqual([
      {
        path: "docs/plans/lost.md",
        change: "modified",
        previousPath: null,
        headText: PROSE,
        baseText: plan("L1", "L2"),
        lostTaskTables: true,
      },
      { path: "docs/plans/was-plan.md", change: "deleted", previousPath: null, headText: null, baseText: plan("W1") },
    ]);
  });

  it("a plan that is no file at the head any more (GitHub's contents API gives no text for a symlink or submodule) is deleted at its path", async () => {
    const { gateway } = repo({ base: { "docs/plans/linked.md": plan("SYM1") } });
    const files: Listed[] = [{ path: "docs/plans/linked.md", status: "modified" }];
    expect(await readChangedPlans(gateway, pr, files, config)).toEqual([
      { path: "docs/plans/linked.md", change: "deleted", previousPath: null, headText: null, baseText: plan("SYM1") },
    ]);
  });

  it("with deferBase, only a plan modified in place that is still a plan at the head goes without its base (baseDeferred)", async () => {
    const { gateway, reads } = repo({
      head: {
        "docs/plans/edit.md": plan("E1", "E2"),
        "docs/plans/lost.md": PROSE,
        "docs/plans/new-name.md": plan("R1"),
        "docs/plans/new.md": plan("N1"),
      },
      base: {
        "docs/plans/edit.md": plan("E1"),
        "docs/plans/lost.md": plan("L1"),
        "docs/plans/old-name.md": plan("R1"),
      },
    });
    const files: Listed[] = [
      { path: "docs/plans/edit.md", status: "modified" },
      { path: "docs/plans/lost.md", status: "modified" },
      { path: "docs/plans/new-name.md", status: "renamed", previousPath: "docs/plans/old-name.md" },
      { path: "docs/plans/new.md", status: "added" },
    ];
    expect(await readChangedPlans(gateway, pr, files, config, { deferBase: true })).toEqual([
      {
        path: "docs/plans/edit.md",
        change: "modified",
        previousPath: null,
        headText: plan("E1", "E2"),
        baseText: null,
        baseDeferred: true,
      },
      {
        path: "docs/plans/lost.md",
        change: "modified",
        previousPath: null,
        headText: PROSE,
        baseText: plan("L1"),
        lostTaskTables: true,
      },
      {
        path: "docs/plans/new-name.md",
        change: "renamed",
        previousPath: "docs/plans/old-name.md",
        headText: plan("R1"),
        baseText: plan("R1"),
      },
      { path: "docs/plans/new.md", change: "added", previousPath: null, headText: plan("N1"), baseText: null },
    ]);
    expect(reads).toEqual([
      "head:docs/plans/edit.md",
      "head:docs/plans/lost.md",
      "base:docs/plans/lost.md",
      "head:docs/plans/new-name.md",
      "base:docs/plans/old-name.md",
      "head:docs/plans/new.md",
    ]);
  });
});

describe("readChangedPlans: the order of the list", () => {
  it("a plan moved out while a new plan takes its path is listed twice at that path, in the order GitHub lists the files", async () => {
    const { gateway } = repo({
      head: { "docs/plans/x.md": plan("NEW1"), "elsewhere/x.md": plan("OLD1") },
      base: { "docs/plans/x.md": plan("OLD1") },
    });
    const files: Listed[] = [
      { path: "docs/plans/x.md", status: "added" },
      { path: "elsewhere/x.md", status: "renamed", previousPath: "docs/plans/x.md" },
    ];
    expect((await readChangedPlans(gateway, pr, files, config)).map((p) => [p.path, p.change])).toEqual([
      ["docs/plans/x.md", "added"],
      ["docs/plans/x.md", "deleted"],
    ]);
  });
});

describe("readPlanAt: a plan read late (the base a push deferred)", () => {
  it("is the plan at that ref, parsed with the config's areas (OPS1 under a misspelt header is an error); null when the file is missing or no plan there", async () => {
    const text = `${plan("DATA1")}\n| ID | Summary |\n|---|---|\n| OPS1 | Rotate keys |\n`;
    const { gateway, reads } = repo({ base: { "docs/plans/a.md": text, "docs/plans/prose.md": PROSE } });
    const found = await readPlanAt(gateway, "docs/plans/a.md", BASE, {
      areas: resolveAreas({ OPS: { label: "ops" } }),
    });
    expect(found?.path).toBe("docs/plans/a.md");
    expect(found?.tasks.map((t) => t.id)).toEqual(["DATA1"]);
    expect(found?.diagnostics.map((d) => [d.code, d.line])).toEqual([["missing-task-id-column", 7]]);
    expect(await readPlanAt(gateway, "docs/plans/prose.md", BASE, DEFAULT_CONFIG)).toBeNull();
    expect(await readPlanAt(gateway, "docs/plans/missing.md", BASE, DEFAULT_CONFIG)).toBeNull();
    expect(reads).toEqual(["base:docs/plans/a.md", "base:docs/plans/prose.md", "base:docs/plans/missing.md"]);
  });
});
