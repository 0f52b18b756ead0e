import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

/** plan-sync's own checkout has no .github/plan-sync.yml: the preview says it used the App's defaults. */
const NO_CONFIG = "plan-sync: no .github/plan-sync.yml found up to the repository root (.); using the App's defaults\n";

describe("plan-sync preview", () => {
  it("shows the issues as an aligned table", async () => {
    const run = await runCli("preview", "fixtures/cli/clean.md");
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(NO_CONFIG);
    expect(run.stdout).toBe(
      [
        "fixtures/cli/clean.md — Supplier Alerts: 3 issues, 1 done",
        "",
        "ID     Title                                                                            Labels           AC  Done",
        "DATA1  DATA1: Create the alerts.supplier_event table                                    DATA, plan-sync   2  yes",
        "DATA2  DATA2: Stream events from the ERP feed into the bronze layer with exactly-once…  DATA, plan-sync   3  no",
        "GAIN1  GAIN1: Alert bell in the header                                                  GAIN, plan-sync   1  no",
        "",
      ].join("\n"),
    );
  });

  it("prints a stable JSON shape with --json", async () => {
    const run = await runCli("preview", "fixtures/cli/clean.md", "--json");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      path: "fixtures/cli/clean.md",
      config: null,
      featureName: "Supplier Alerts",
      tasks: [
        {
          id: "DATA1",
          title: "DATA1: Create the alerts.supplier_event table",
          labels: ["DATA", "plan-sync"],
          acceptanceCriteria: 2,
          done: true,
        },
        {
          id: "DATA2",
          title: "DATA2: Stream events from the ERP feed into the bronze layer with exactly-once…",
          labels: ["DATA", "plan-sync"],
          acceptanceCriteria: 3,
          done: false,
        },
        {
          id: "GAIN1",
          title: "GAIN1: Alert bell in the header",
          labels: ["GAIN", "plan-sync"],
          acceptanceCriteria: 1,
          done: false,
        },
      ],
      diagnostics: [],
    });
  });

  it("keeps stdout valid JSON when the plan has problems: diagnostics go to stderr too, exit 1", async () => {
    const run = await runCli("preview", "--json", "fixtures/cli/problems.md");
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.tasks.map((t: { id: string }) => t.id)).toEqual(["DATA1", "DATA2"]);
    expect(json.diagnostics).toHaveLength(3);
    expect(json.diagnostics[0]).toMatchObject({
      path: "fixtures/cli/problems.md",
      line: 10,
      column: 3,
      severity: "error",
      code: expect.any(String),
    });
    expect(run.stderr).toContain("fixtures/cli/problems.md:10:3: error: Task ID DATA1 is used twice");
    expect(run.stderr).toContain("1 error, 2 warnings in fixtures/cli/problems.md");
  });

  it("exits 1 naming a file it cannot read", async () => {
    const run = await runCli("preview", "missing.md");
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr: `${NO_CONFIG}missing.md: error: cannot read missing.md: no such file\n`,
    });
  });

  it("takes exactly one file", async () => {
    expect((await runCli("preview")).code).toBe(2);
    const two = await runCli("preview", "fixtures/cli/clean.md", "fixtures/cli/problems.md");
    expect(two.code).toBe(2);
    expect(two.stderr).toContain("preview takes exactly one plan file");
  });

  it("previews the realistic fixture with one row per task", async () => {
    const run = await runCli("preview", "--json", "fixtures/plans/realistic/plan.md");
    const json = JSON.parse(run.stdout);
    expect(json.tasks.length).toBeGreaterThan(0);
    for (const task of json.tasks) {
      expect(task.title.startsWith(`${task.id}: `)).toBe(true);
      expect(task.labels).toContain("plan-sync");
    }
  });
});

describe("plan-sync preview --config", () => {
  it("labels issues as the repository's plan-sync.yml says, exactly as a push would", async () => {
    const run = await runCli(
      "preview",
      "fixtures/cli/clean.md",
      "--json",
      "--config",
      "fixtures/cli/config/labels.yml",
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).config).toBe("fixtures/cli/config/labels.yml");
    const labels = JSON.parse(run.stdout).tasks.map((t: { labels: string[] }) => t.labels);
    expect(labels).toEqual([
      ["data-platform", "roadmap"],
      ["data-platform", "roadmap"],
      ["GAIN", "roadmap"],
    ]);
  });

  it("refuses an invalid config with the key named, before showing anything", async () => {
    const run = await runCli("preview", "fixtures/cli/clean.md", "--config", "fixtures/cli/config/typo.yml");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      "fixtures/cli/config/typo.yml:1:1: error: writeback: unknown key, did you mean `writeBack`?",
    );
  });

  it("says which config file is missing when one is named", async () => {
    const run = await runCli("preview", "fixtures/cli/clean.md", "--config", "fixtures/cli/config/nope.yml");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("fixtures/cli/config/nope.yml: error: cannot read the config");
  });
});
