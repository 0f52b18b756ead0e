import { describe, expect, it } from "vitest";
import { silentLog } from "../../src/log/log.js";
import type { TaskPatch } from "../../src/plan/patch-plan.js";
import type { ApplyResult } from "../../src/sync/apply-actions.js";
import type { PlanHeal } from "../../src/sync/reconcile-result.js";
import { writeLinks, type PlanWriteResult, type PlanWriter } from "../../src/sync/write-links.js";
import { createMemoryGateway } from "../github/memory-gateway.js";
import { BOT, makeIssue } from "./support.js";

/** What a sync writes into its plans (the created issues' links, ticks that follow issues) and records in the issues. */

const applied = (issues: ApplyResult["issues"]): ApplyResult => ({
  done: issues.length,
  total: issues.length,
  counts: { "create-label": 0, "create-issue": issues.length, "update-issue": 0, "close-issue": 0, "reopen-issue": 0 },
  issues,
  labelsAlreadyPresent: [],
});
const createdIssue = (path: string, taskId: string, number: number) => ({
  type: "create-issue" as const,
  path,
  taskId,
  number,
  url: `https://github.com/acme/app/issues/${number}`,
});
const heal = (taskId: string, issueNumber: number, more: Partial<PlanHeal> = {}): PlanHeal => ({
  taskId,
  issueNumber,
  done: true,
  recordedBody: `recorded ${taskId}`,
  conflict: false,
  ...more,
});

/** A plan writer that records what it was asked to write and answers `result` (by path). */
function recordingWriter(result: (path: string) => PlanWriteResult = () => committed()) {
  const calls: Array<{ path: string; branch: string; desired: Record<string, TaskPatch> }> = [];
  const writePlan: PlanWriter = async (input) => {
    calls.push({ path: input.path, branch: input.branch, desired: Object.fromEntries(input.desired) });
    return result(input.path);
  };
  return { writePlan, calls };
}
const committed = (missing: string[] = []): PlanWriteResult => ({
  status: "committed",
  missing,
  changes: { linked: [] },
});

function gatewayWith(...numbers: number[]) {
  const gateway = createMemoryGateway(BOT);
  for (const n of numbers) gateway.issues.set(n, makeIssue(n));
  return gateway;
}

describe("writing links and ticks into the plans", () => {
  it("each plan gets the links of the issues created for it, in one write per plan; updated issues get none", async () => {
    const { writePlan, calls } = recordingWriter();
    const result = applied([
      createdIssue("docs/a.md", "DATA1", 1),
      { type: "update-issue", path: "docs/a.md", taskId: "DATA2", number: 2, url: "u" },
      createdIssue("docs/b.md", "API1", 3),
    ]);
    const out = await writeLinks({
      gateway: gatewayWith(),
      branch: "main",
      applied: result,
      writePlan,
      log: silentLog,
    });
    expect(calls).toEqual([
      {
        path: "docs/a.md",
        branch: "main",
        desired: { DATA1: { issue: { number: 1, url: "https://github.com/acme/app/issues/1" } } },
      },
      {
        path: "docs/b.md",
        branch: "main",
        desired: { API1: { issue: { number: 3, url: "https://github.com/acme/app/issues/3" } } },
      },
    ]);
    expect(out).toEqual([
      { path: "docs/a.md", result: committed() },
      { path: "docs/b.md", result: committed() },
    ]);
  });

  it("with links turned off, or nothing created or healed, no plan is written (and no writer is needed)", async () => {
    const { writePlan, calls } = recordingWriter();
    const result = applied([createdIssue("docs/a.md", "DATA1", 1)]);
    expect(
      await writeLinks({
        gateway: gatewayWith(),
        branch: "main",
        applied: result,
        links: false,
        writePlan,
        log: silentLog,
      }),
    ).toEqual([]);
    expect(calls).toEqual([]);
    expect(await writeLinks({ gateway: gatewayWith(), branch: "main", applied: null, log: silentLog })).toEqual([]);
  });

  it("links to write without a plan writer is a programming error, said as such", async () => {
    const result = applied([createdIssue("docs/a.md", "DATA1", 1)]);
    await expect(
      writeLinks({ gateway: gatewayWith(), branch: "main", applied: result, log: silentLog }),
    ).rejects.toThrow(/^writeLinks: links or ticks to write, but no writePlan was given$/);
  });

  it("a tick follows its issue in the same write as a link; once the plan says it, the issue records it", async () => {
    const { writePlan, calls } = recordingWriter();
    const gateway = gatewayWith(1, 2);
    const out = await writeLinks({
      gateway,
      branch: "main",
      applied: applied([createdIssue("docs/a.md", "DATA1", 1)]),
      heal: new Map([["docs/a.md", [heal("DATA1", 1, { done: false }), heal("DATA2", 2)]]]),
      writePlan,
      log: silentLog,
    });
    expect(calls[0]?.desired).toEqual({
      DATA1: { issue: { number: 1, url: "https://github.com/acme/app/issues/1" }, done: false },
      DATA2: { done: true },
    });
    expect(out).toEqual([{ path: "docs/a.md", result: committed(), healed: ["DATA1", "DATA2"] }]);
    expect(gateway.writes).toEqual([
      'update-issue #1 {"body":"recorded DATA1"}',
      'update-issue #2 {"body":"recorded DATA2"}',
    ]);
  });

  it("ticks alone (no issue created) are written and recorded, also when the plan already said them", async () => {
    const { writePlan } = recordingWriter(() => ({ status: "unchanged", missing: [] }));
    const gateway = gatewayWith(2);
    const out = await writeLinks({
      gateway,
      branch: "main",
      applied: null,
      heal: new Map([["docs/a.md", [heal("DATA2", 2)]]]),
      writePlan,
      log: silentLog,
    });
    expect(out).toEqual([{ path: "docs/a.md", result: { status: "unchanged", missing: [] }, healed: ["DATA2"] }]);
    expect(gateway.writes).toEqual(['update-issue #2 {"body":"recorded DATA2"}']);
  });

  it("a tick not (yet) in the plan — a pull request, a refusal, a task gone — or a routed issue's is not recorded", async () => {
    const pending = recordingWriter((path) =>
      path === "docs/pr.md"
        ? { status: "pull-request", missing: [], changes: { linked: [] } }
        : path === "docs/refused.md"
          ? { status: "refused", reason: "protected", missing: [] }
          : committed(["DATA3"]),
    );
    const gateway = gatewayWith(2, 3, 4, 5);
    const out = await writeLinks({
      gateway,
      branch: "main",
      applied: null,
      heal: new Map([
        ["docs/pr.md", [heal("DATA2", 2)]],
        ["docs/refused.md", [heal("DATA2", 5)]],
        ["docs/a.md", [heal("DATA3", 3), heal("DATA4", 4, { repo: "acme/data" })]],
      ]),
      writePlan: pending.writePlan,
      log: silentLog,
    });
    expect(out).toEqual([
      { path: "docs/pr.md", result: { status: "pull-request", missing: [], changes: { linked: [] } } },
      { path: "docs/refused.md", result: { status: "refused", reason: "protected", missing: [] } },
      { path: "docs/a.md", result: committed(["DATA3"]), healed: [] },
    ]);
    expect(gateway.writes).toEqual([]);
  });
});
