import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

describe("plan-sync usage", () => {
  it("prints the usage on stdout for --help and exits 0", async () => {
    for (const flag of ["--help", "-h", "help"]) {
      const run = await runCli(flag);
      expect(run.code).toBe(0);
      for (const command of ["check [files…]", "preview <file>", "sync [plans…]", "init"]) {
        expect(run.stdout).toContain(`\n  ${command} `);
      }
      expect(run.stdout).toContain("-V, --version");
      expect(run.stderr).toBe("");
    }
  });

  it("prints one command's usage for `<command> --help`", async () => {
    const run = await runCli("preview", "--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: plan-sync preview <file> [options]");
    expect(run.stdout).not.toContain("plan-sync check");
  });

  it("rejects an unknown command with the usage on stderr, exit 2", async () => {
    const run = await runCli("frobnicate");
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^plan-sync: unknown command "frobnicate"\n/);
    expect(run.stderr).toContain("Usage:");
  });

  it("treats no command at all as a usage error", async () => {
    const run = await runCli();
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no command given");
  });
});
