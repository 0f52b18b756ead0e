import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { CheckJson } from "../../src/cli/check-report.js";
import { runCliIn } from "./run-cli.js";
import { tempRepo } from "./temp-repo.js";

const PLAN = `# Risk score - Implementation Plan

| Task ID | Description | Acceptance Criteria | Effort | Depends on |
|---------|-------------|---------------------|--------|------------|
| DATA1 | Create the table | It exists | S | |
| GAIN1 | Score endpoint | Returns 200 | M | DATA1 |
`;

const CONFIG = [
  "areas:",
  "  DATA: { repo: acme/data }",
  "  GAIN:",
  "    repo: acme/plans",
  "  EDH:",
  "    repo: acme/edh",
  "  OPS: { repo: other/ops }",
  "accept:",
  "  - acme/planning",
  "  - acme/plans",
  "  - ACME/planning",
  "",
].join("\n");

/** A checkout of acme/plans: the repository check names as the plan's comes from its origin remote. */
function plansCheckout(files: Record<string, string>): string {
  const dir = tempRepo(files);
  execFileSync("git", ["-C", dir, "remote", "add", "origin", "git@github.com:acme/plans.git"]);
  return dir;
}

describe("plan-sync check validates the routing config offline", () => {
  it("flags, at the config line: an area routed to the plan's own repository, to another owner, routed but unused; accept naming itself or twice", async () => {
    const dir = plansCheckout({ "docs/plans/risk.md": PLAN, ".github/plan-sync.yml": CONFIG });
    const run = await runCliIn(dir, ["check", "docs/plans/risk.md", "--format", "json"]);
    const json = JSON.parse(run.stdout) as CheckJson;
    const config = json.files.find((f) => f.path === ".github/plan-sync.yml");
    expect(config?.diagnostics.map((d) => [d.line, d.severity, d.code])).toEqual([
      [4, "warning", "route-to-own-repository"],
      [6, "warning", "routed-area-unused"],
      [7, "error", "route-other-owner"],
      [10, "warning", "accept-self"],
      [11, "warning", "accept-repeated"],
    ]);
    expect(run.code).toBe(1);
    expect(config?.diagnostics[2]?.message).toContain("other/ops, which belongs to another owner than acme/plans");
  });

  it("a routing config that fits its plans passes; the repository name may come from GITHUB_REPOSITORY", async () => {
    const fitting = "areas:\n  DATA: { repo: acme/data }\n  GAIN: { repo: acme/gain }\n";
    const dir = tempRepo({ "plan.md": PLAN, ".github/plan-sync.yml": fitting });
    const run = await runCliIn(dir, ["check", "plan.md"], { env: { GITHUB_REPOSITORY: "acme/plans" } });
    expect(run.stdout).toBe("0 errors, 0 warnings in 1 file\n");
    expect(run.code).toBe(0);
    const elsewhere = await runCliIn(dir, ["check", "plan.md"], { env: { GITHUB_REPOSITORY: "other/plans" } });
    expect(elsewhere.stdout).toContain(
      ".github/plan-sync.yml:2:1: error: DATA is routed to acme/data, which belongs to another owner than other/plans",
    );
  });

  it("a Depends on cell naming no task of the plan fails check at the ID", async () => {
    const dir = tempRepo({ "plan.md": PLAN.replace("| DATA1 |\n", "| DATA9 |\n") });
    const run = await runCliIn(dir, ["check", "plan.md"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('plan.md:6:46: error: GAIN1 depends on "DATA9", which is no task of this plan.');
  });
});
