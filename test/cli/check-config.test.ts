import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { CheckJson } from "../../src/cli/check-report.js";
import { runCliIn } from "./run-cli.js";
import { tempRepo } from "./temp-repo.js";

const TASKS = `| Task ID | Description | Acceptance Criteria | Effort |
|---------|-------------|---------------------|--------|
| DATA1 | Create the table | It exists | S |
`;

/** A plan whose second table holds OPS IDs under a "Step" header: an error only where the config names the OPS area. */
const OPS_PLAN = `# Ops - Implementation Plan

## Implementation Tasks

${TASKS}
## Operations

| Step | Description |
|------|-------------|
| OPS1 | Page the on-call engineer |
`;

const OPS_CONFIG = "areas:\n  OPS:\n    label: operations\n";

describe("plan-sync check finds the config the App would use", () => {
  it("fails a plan the App fails because of the config, read from a folder below it", async () => {
    const dir = tempRepo({ "docs/plans/ops.md": OPS_PLAN });
    const without = await runCliIn(`${dir}/docs`, ["check", "plans/ops.md"]);
    expect(without.code).toBe(0);
    expect(without.stderr).toBe(
      "plan-sync: no .github/plan-sync.yml found up to the repository root (..); using the App's defaults\n",
    );

    const withConfig = tempRepo({ "docs/plans/ops.md": OPS_PLAN, ".github/plan-sync.yml": OPS_CONFIG });
    const run = await runCliIn(`${withConfig}/docs`, ["check", "plans/ops.md"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("plan-sync: config ../.github/plan-sync.yml\n");
    expect(run.stdout).toContain('plans/ops.md:11:3: error: This table\'s column "Step" holds task IDs (OPS1)');
    const json = JSON.parse((await runCliIn(withConfig, ["check", "docs/plans/ops.md", "--format", "json"])).stdout);
    expect(json.files[0].config).toBe(".github/plan-sync.yml");
  });

  it("stops looking at the repository root", async () => {
    const outer = tempRepo({ ".github/plan-sync.yml": OPS_CONFIG });
    const inner = `${outer}/inner`;
    tempRepoAt(inner, { "plan.md": OPS_PLAN });
    const run = await runCliIn(inner, ["check", "plan.md"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("no .github/plan-sync.yml found");
  });

  it("uses --config FILE instead, for every plan", async () => {
    const dir = tempRepo({ "plan.md": OPS_PLAN, "ops.yml": OPS_CONFIG });
    const run = await runCliIn(dir, ["check", "plan.md", "--config", "ops.yml", "--format", "json"]);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as CheckJson).files[0]).toMatchObject({ config: "ops.yml", tasks: 1 });
  });

  it("reports an invalid config at its line, once, and checks no plan with it", async () => {
    const dir = tempRepo({
      ".github/plan-sync.yml": "paths: docs/**\ntitleLength: 5\n",
      "docs/a.md": OPS_PLAN,
      "docs/b.md": OPS_PLAN,
    });
    const run = await runCliIn(dir, ["check", "docs/a.md", "docs/b.md"]);
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n")).toEqual([
      ".github/plan-sync.yml:2:1: error: titleLength: expected a whole number between 20 and 256",
      "docs/a.md: error: not checked: its config .github/plan-sync.yml has errors (listed with it)",
      "docs/b.md: error: not checked: its config .github/plan-sync.yml has errors (listed with it)",
      "3 errors, 0 warnings in 3 files",
      "",
    ]);
  });

  it("warns when a named plan is outside the config's paths or ignored: the App would not sync it", async () => {
    const dir = tempRepo({
      ".github/plan-sync.yml": "paths: docs/**\nignore: docs/drafts/**\n",
      "notes/plan.md": `# P\n\n${TASKS}`,
      "docs/drafts/plan.md": `# P\n\n${TASKS}`,
    });
    const run = await runCliIn(dir, ["check", "notes/plan.md", "docs/drafts/plan.md"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "docs/drafts/plan.md:1:1: warning: docs/drafts/plan.md matches the config's `ignore` (docs/drafts/**): the App does not sync it.",
    );
    expect(run.stdout).toContain(
      "notes/plan.md:1:1: warning: notes/plan.md is not under the config's `paths` (docs/**): the App does not sync it.",
    );
  });

  it("drops `_extends` with a note instead of failing on it", async () => {
    const dir = tempRepo({ ".github/plan-sync.yml": "_extends: .github\n", "plan.md": `# P\n\n${TASKS}` });
    const run = await runCliIn(dir, ["check", "plan.md"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("_extends: .github is not read offline");
  });
});

describe("plan-sync check without paths", () => {
  it("checks every plan the config selects (paths minus ignore), relative to the current folder", async () => {
    const dir = tempRepo({
      ".github/plan-sync.yml": "paths:\n  - docs/**\nignore: docs/old/**\n",
      "docs/a.md": `# A\n\n${TASKS}`,
      "docs/nested/b.md": `# B\n\n${TASKS}| DATA1 | Again | x | S |\n`,
      "docs/old/c.md": `# C\n\n${TASKS}| DATA1 | Again | x | S |\n`,
      "docs/readme.md": "# Not a plan: no task table\n",
      "other/d.md": `# D\n\n${TASKS}| DATA1 | Again | x | S |\n`,
    });
    const run = await runCliIn(`${dir}/docs`, ["check", "--format", "json"]);
    const json = JSON.parse(run.stdout) as CheckJson;
    expect(json.files.map((f) => f.path)).toEqual(["a.md", "nested/b.md"]);
    expect(run.code).toBe(1);
    expect(json.errors).toBe(1);
  });

  it("uses the App's default paths (every Markdown file) without a config, and says when it found no plan", async () => {
    const dir = tempRepo({ "x/plan.md": `# A\n\n${TASKS}`, "README.md": "# hi\n" });
    const run = await runCliIn(dir, ["check"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("0 errors, 0 warnings in 1 file\n");
    const empty = await runCliIn(tempRepo({ "README.md": "# hi\n" }), ["check"]);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toBe("0 errors, 0 warnings in 0 files (no plans found where the config's `paths` point)\n");
  });

  it("reports an invalid config and exits 1 without checking anything", async () => {
    const dir = tempRepo({ ".github/plan-sync.yml": "paths: [docs\n", "docs/a.md": `# A\n\n${TASKS}` });
    const run = await runCliIn(dir, ["check"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^\.github\/plan-sync\.yml:\d+:\d+: error: not valid YAML: /);
    expect(run.stdout).toMatch(/1 error, 0 warnings in 1 file; no plan was checked\n$/);
  });
});

function tempRepoAt(dir: string, files: Record<string, string>): void {
  // A nested repository inside the outer one, as a submodule checkout would be.
  mkdirSync(dir, { recursive: true });
  execFileSync("git", ["init", "-q", dir]);
  for (const [path, text] of Object.entries(files)) writeFileSync(`${dir}/${path}`, text);
}
