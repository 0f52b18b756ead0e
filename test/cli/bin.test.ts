import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const root = new URL("../..", import.meta.url).pathname;

/** The real entry point `npx plan-sync` runs: bin/plan-sync.js on the built lib/ (built by the global setup). */
function bin(...args: string[]) {
  return spawnSync(process.execPath, ["bin/plan-sync.js", ...args], { cwd: root, encoding: "utf8" });
}

describe("bin/plan-sync.js", () => {
  it("checks a plan and sets the exit code", () => {
    const clean = bin("check", "fixtures/cli/clean.md");
    expect(clean.status).toBe(0);
    expect(clean.stdout).toBe("0 errors, 0 warnings in 1 file\n");

    const broken = bin("check", "fixtures/cli/problems.md");
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain("fixtures/cli/problems.md:10:3: error: Task ID DATA1 is used twice");
  });

  it("exits 2 on an unknown command", () => {
    const run = bin("nope");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Usage:");
  });
});
