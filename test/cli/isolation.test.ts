import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { REPO_ROOT, runCliIn } from "./run-cli.js";
import { tempRepo } from "./temp-repo.js";

// plan-sync failing on one file (a bug) is simulated by the parse throwing for boom.md only.
vi.mock("../../src/cli/parse-with-config.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/cli/parse-with-config.js")>();
  return {
    parseWithConfig: (text: string, path: string, config: never) => {
      if (path.endsWith("boom.md")) throw new RangeError("Maximum call stack size exceeded");
      return actual.parseWithConfig(text, path, config);
    },
  };
});

const CLEAN = `# P\n\n| Task ID | Description | Acceptance Criteria | Effort |\n|---|---|---|---|\n| DATA1 | One | Done | S |\n`;
const BROKEN = `${CLEAN}| DATA1 | Again | Done | S |\n`;

describe("plan-sync check isolates files", () => {
  it("reports every other file when one is broken, one unreadable and plan-sync fails on one (exit 70)", async () => {
    const dir = tempRepo({ "a-clean.md": CLEAN, "b-broken.md": BROKEN, "boom.md": CLEAN });
    mkdirSync(`${dir}/c-folder.md`);
    const run = await runCliIn(dir, ["check", "boom.md", "a-clean.md", "b-broken.md", "c-folder.md", "d-gone.md"]);
    expect(run.code).toBe(70);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout.split("\n")).toEqual([
      "b-broken.md:6:3: error: Task ID DATA1 is used twice: first at line 5. Each task needs its own ID; this row is not read.",
      "boom.md: error: plan-sync failed on this file: Maximum call stack size exceeded (an internal error: please report it; DEBUG=1 shows the stack trace)",
      "c-folder.md: error: cannot read c-folder.md: is a directory, not a file",
      "d-gone.md: error: cannot read d-gone.md: no such file",
      "4 errors, 0 warnings in 5 files",
      "",
    ]);
    const json = JSON.parse((await runCliIn(dir, ["check", "--format", "json", "boom.md", "a-clean.md"])).stdout);
    expect(json.files.map((f: { path: string; tasks: number | null }) => [f.path, f.tasks])).toEqual([
      ["boom.md", null],
      ["a-clean.md", 1],
    ]);
    expect(json.files[0].diagnostics[0].code).toBe("internal-error");
  });

  it("adds the stack trace to the failing file's message only with DEBUG", async () => {
    const dir = tempRepo({ "boom.md": CLEAN });
    const run = await runCliIn(dir, ["check", "boom.md"], { env: { DEBUG: "1" } });
    expect(run.code).toBe(70);
    expect(run.stdout).toContain("boom.md: error: plan-sync failed on this file: Maximum call stack size exceeded");
    expect(run.stderr).toMatch(/^plan-sync: boom\.md: RangeError: Maximum call stack size exceeded\n\s+at /m);
  });

  it("keeps the other files' results next to a hostile plan, through the real bin", () => {
    const dir = tempRepo({ "clean.md": CLEAN, "broken.md": BROKEN });
    // 8,000 nested block quotes: once a stack overflow that lost every file's result.
    writeFileSync(`${dir}/nested.md`, `${"> ".repeat(8000)}x\n`);
    const run = spawnSync(
      process.execPath,
      [`${REPO_ROOT}bin/plan-sync.js`, "check", "nested.md", "broken.md", "clean.md"],
      {
        cwd: dir,
        encoding: "utf8",
      },
    );
    expect([1, 70]).toContain(run.status);
    expect(run.stdout).toMatch(/^nested\.md(:\d+:\d+)?: error: /m);
    expect(run.stdout).toContain("broken.md:6:3: error: Task ID DATA1 is used twice");
    expect(run.stdout).toMatch(/\n\d+ errors?, \d+ warnings? in 3 files\n$/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
