import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

/**
 * The judging path: the built `plan-sync preview FILE --json`, no config, on a
 * plan of each dialect. What it lists must be what the parser fixture expects
 * (IDs and done state), with titles and labels a person would want.
 */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);

interface PreviewTask {
  id: string;
  title: string;
  labels: string[];
  acceptanceCriteria: number;
  done: boolean;
}

async function preview(dialect: string): Promise<{ tasks: PreviewTask[] }> {
  const path = `fixtures/plans/${dialect}/plan.md`;
  const { stdout } = await run(process.execPath, ["bin/plan-sync.js", "preview", path, "--json"], { cwd: ROOT }).catch(
    // Exit code 1 (the plan has errors) still prints the preview.
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }),
  );
  return JSON.parse(stdout) as { tasks: PreviewTask[] };
}

const DIALECTS = [
  "checklist-spec-kit",
  "checklist-kiro",
  "checklist-bold-ids",
  "table-synonyms",
  "table-status-words",
  "table-formatted-ids",
  "table-log",
  "table-bare-pipes",
  "table-not-tasks",
];

describe("plan-sync preview --json on each dialect (built CLI)", () => {
  for (const dialect of DIALECTS) {
    it(`${dialect}: lists the tasks and done states the parser reads`, async () => {
      const expected = JSON.parse(readFileSync(`${ROOT}fixtures/plans/${dialect}/expected.json`, "utf8")) as {
        tasks: Array<{ id: string; done: boolean }>;
      };
      const { tasks } = await preview(dialect);
      expect(tasks.map((t) => [t.id, t.done])).toEqual(expected.tasks.map((t) => [t.id, t.done]));
    });
  }

  it("names a spec-kit task after its plan's folder, so two plans' T001 stay apart, and adds no T label", async () => {
    const { tasks } = await preview("checklist-spec-kit");
    expect(tasks[0]).toEqual({
      id: "T001",
      title: "[checklist-spec-kit] T001: Create project structure per implementation plan in…",
      labels: ["plan-sync"],
      acceptanceCriteria: 0,
      done: true,
    });
  });

  it("labels a prefixed ID with its area and counts a Kiro task's details as criteria", async () => {
    expect((await preview("checklist-bold-ids")).tasks[0]).toMatchObject({
      id: "INIT-001",
      title: "INIT-001: Create the watcher service skeleton",
      labels: ["INIT", "plan-sync"],
      acceptanceCriteria: 1,
    });
    expect((await preview("checklist-kiro")).tasks[0]).toMatchObject({
      id: "1",
      title: "[checklist-kiro] 1: Set up the warband editor module",
      labels: ["plan-sync"],
      acceptanceCriteria: 2,
    });
  });
});
