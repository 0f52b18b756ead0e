import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };

/**
 * A newcomer's first minute: `git clone`, `npm ci`, `npx plan-sync --version`.
 * The clone has no lib/ (it is not committed); `npm ci` ends by running the
 * package's `prepare` script, which must build it, or the command fails with
 * ERR_MODULE_NOT_FOUND. Installing the dependencies again would take minutes
 * (better-sqlite3 compiles), so the clone borrows this checkout's
 * node_modules and runs the step of `npm ci` under test: `prepare`.
 * (`check --format github|json`, `init` and `npm pack` have their own tests in
 * test/cli and test/packaging; here they run once on what the clone built.)
 */
let clone: string;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "plan-sync-clone-"));
  clone = join(work, "plan-sync");
  await run("git", ["clone", "--quiet", ROOT, clone], { timeout: 60_000 });
  symlinkSync(join(ROOT, "node_modules"), join(clone, "node_modules"), "dir");
}, 90_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const env = { ...process.env, NO_COLOR: "1", npm_config_update_notifier: "false" };

describe("a fresh clone", () => {
  it("has no built command until npm ci's prepare step builds lib/, then `npx plan-sync --version` prints the version", async () => {
    expect(existsSync(join(clone, "lib"))).toBe(false);
    await run("npm", ["run", "prepare"], { cwd: clone, env, timeout: 400_000 });
    expect(existsSync(join(clone, "lib/cli/main.js"))).toBe(true);
    const { stdout } = await run("npx", ["--no-install", "plan-sync", "--version"], {
      cwd: clone,
      env,
      timeout: 180_000,
    });
    expect(stdout.trim()).toBe(version);
    // A full TypeScript build and npm's own start-up: minutes on a loaded 2-core machine.
  }, 600_000);

  it("sets up an empty repository whose plan passes check, and reports a broken plan as annotations and JSON", async () => {
    const bin = join(clone, "bin/plan-sync.js");
    const repo = join(work, "project");
    mkdirSync(repo);
    await run("git", ["init", "--quiet"], { cwd: repo });
    await run(process.execPath, [bin, "init"], { cwd: repo, env });
    const clean = await run(process.execPath, [bin, "check", "--format", "json"], { cwd: repo, env });
    expect(JSON.parse(clean.stdout)).toMatchObject({ ok: true, errors: 0, files: [{ path: "docs/plans/plan.md" }] });

    const broken = "docs/plans/broken.md";

    writeFileSync(
      join(repo, broken),
      "# Plan\n\n## Implementation Tasks\n\n| Task ID | Description | Acceptance Criteria | Effort |\n|---|---|---|---|\n| DATA1 | One | Works | 1d |\n| DATA1 | Twice | Works | 1d |\n",
    );
    const github = await run(process.execPath, [bin, "check", "--format", "github", broken], { cwd: repo, env }).catch(
      (error: { code: number; stdout: string }) => error,
    );
    expect(github).toMatchObject({ code: 1 });
    expect((github as { stdout: string }).stdout).toMatch(
      /^::error file=docs\/plans\/broken\.md,line=8,col=3,title=plan-sync duplicate-id::Task ID DATA1 is used twice/m,
    );
    const json = await run(process.execPath, [bin, "check", "--format", "json", broken], { cwd: repo, env }).catch(
      (error: { code: number; stdout: string }) => error,
    );
    expect(json).toMatchObject({ code: 1 });
    const report = JSON.parse((json as { stdout: string }).stdout) as {
      files: Array<{ path: string; diagnostics: Array<{ line: number; code: string }> }>;
    };
    expect(report.files.map((f) => f.path)).toEqual([broken]);
    expect(report.files[0]?.diagnostics).toContainEqual(expect.objectContaining({ line: 8, code: "duplicate-id" }));
  }, 120_000);
});
