import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/cli/format-diagnostic.js";
import { HOSTILE_TIMEOUT_MS, hostileCases, hostileExpectation, hostilePath } from "../support/hostile-fixtures.js";

const root = new URL("../..", import.meta.url).pathname;

/** bin/plan-sync.js on the built lib/, as a user runs it; resolves when the process has exited. */
function bin(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/plan-sync.js", ...args], {
      cwd: root,
      env: { ...process.env, PLAN_SYNC_PARSE_TIMEOUT_MS: String(HOSTILE_TIMEOUT_MS) },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("exit", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("plan-sync check on hostile plans", () => {
  it("reports every bomb at file:line:col in one run, exits 1, and the process ends (no worker keeps it alive)", async () => {
    const cases = hostileCases();
    const run = await bin(["check", ...cases.map(hostilePath)]);
    expect(run.stderr).not.toMatch(/call stack|RangeError|\n\s+at /);
    expect(run.status).toBe(1);
    for (const name of cases) {
      for (const d of hostileExpectation(name).diagnostics) {
        expect(run.stdout).toContain(
          `${formatDiagnostic({ ...d, path: hostilePath(name), severity: d.severity as "error" | "warning" })}\n`,
        );
      }
    }
    expect(run.stdout).not.toMatch(/call stack|RangeError|at .*\.js:\d+/);
  }, 120_000);

  it("preview of a nesting bomb says where, on stderr, and exits 1", async () => {
    const run = await bin(["preview", hostilePath("nested-quotes")]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${hostilePath("nested-quotes")}:9:1: error: Blocks nested 8000 deep here`);
  });

  it("a Latin-1 plan is an error at its first bad byte, not issues titled `Caf� cr�me`", async () => {
    const run = await bin(["preview", "--json", hostilePath("latin1")]);
    expect(run.status).toBe(1);
    expect(run.stdout).not.toContain("\ufffd");
    expect(run.stderr).toContain(`${hostilePath("latin1")}:7:14: error: ${hostilePath("latin1")} is not UTF-8 text`);
  });
});
