import { describe, expect, it } from "vitest";
import type { LogFn } from "../../src/log/log.js";
import type { CheckRunInput } from "../../src/sync/gateway.js";
import { checkRunReporter, syncCheckRunOutput } from "../../src/sync/sync-report.js";
import type { CheckRunOutput } from "../../src/render/check-run.js";

const SHA = "c".repeat(40);
const DONE: CheckRunOutput = {
  name: "plan-sync",
  status: "completed",
  conclusion: "success",
  title: "Created 2 issues",
  summary: "What this sync did",
  annotations: [],
};

function github() {
  const calls: Array<[string, number | null, Partial<CheckRunInput>]> = [];
  const warnings: string[] = [];
  const gateway = {
    createCheckRun: async (input: CheckRunInput) => {
      calls.push(["create", null, input]);
      return 77;
    },
    updateCheckRun: async (id: number, input: Partial<CheckRunInput>) => void calls.push(["update", id, input]),
  };
  // The App's log as the warnings reach it: the message, with any structured fields before it.
  const warn: LogFn = (...args: [string] | [object, string]) => void warnings.push(args[args.length - 1] as string);
  return { gateway, calls, warnings, log: { warn } };
}

describe("the check run reporter a sync gets from its options", () => {
  it("tells the job each run it creates; a failure to remember it is a warning in the App's log, not a failed sync", async () => {
    const { gateway, calls, warnings, log } = github();
    const told: number[] = [];
    const ok = checkRunReporter({ gateway, log, onCheckRunCreated: async (id) => void told.push(id) }, SHA);
    expect(await ok.finish(DONE)).toBe(77);
    expect(told).toEqual([77]);
    expect(calls.map(([kind, , input]) => [kind, input.headSha, input.title])).toEqual([
      ["create", SHA, "Created 2 issues"],
    ]);

    const failing = checkRunReporter(
      {
        gateway,
        log,
        onCheckRunCreated: async () => {
          throw new Error("Redis is gone");
        },
      },
      SHA,
    );
    expect(await failing.finish(DONE)).toBe(77);
    expect(warnings).toEqual(["check run 77 not remembered: Redis is gone"]);
  });

  it("a retry of a failed sync completes the run it failed, its title saying which retry it is", async () => {
    const { gateway, calls, log } = github();
    const reporter = checkRunReporter({ gateway, log, resumeCheckRunId: 41, retryAttempt: 2 }, SHA);
    expect(await reporter.finish(DONE)).toBe(41);
    expect(calls).toEqual([
      [
        "update",
        41,
        {
          status: "completed",
          conclusion: "success",
          title: "Created 2 issues (retry 2)",
          summary: "What this sync did",
          annotations: [],
        },
      ],
    ]);
  });
});

describe("the completed check run of a sync", () => {
  const output = (foreign: Array<{ taskId: string; author: string }>, notes: string[] = []) =>
    syncCheckRunOutput({
      outcomes: [],
      repoUrl: "https://github.com/acme/widgets",
      created: [],
      notes,
      foreign: foreign.map((f, i) => ({ path: "docs/plans/search.md", number: 10 + i, ...f })),
    });

  it("names in its title the tasks left to another author's issues: one task, several, several authors", () => {
    expect(output([]).title).toBe("Issues already in sync");
    expect(output([{ taskId: "DATA1", author: "github-actions[bot]" }]).title).toBe(
      "Issues already in sync; 1 task left to github-actions[bot]'s issues",
    );
    expect(
      output([
        { taskId: "DATA1", author: "alice" },
        { taskId: "DATA2", author: "alice" },
      ]).title,
    ).toBe("Issues already in sync; 2 tasks left to alice's issues");
    expect(
      output([
        { taskId: "DATA1", author: "alice" },
        { taskId: "DATA2", author: "github-actions[bot]" },
        { taskId: "GAIN1", author: "alice" },
      ]).title,
    ).toBe("Issues already in sync; 3 tasks left to other authors' issues");
  });

  it("lists the sync's notes below the summary, one a line", () => {
    const plain = output([]).summary;
    expect(output([], ["first note", "second note"]).summary).toBe(
      `${plain}\n\n- Note: first note\n- Note: second note`,
    );
  });
});
