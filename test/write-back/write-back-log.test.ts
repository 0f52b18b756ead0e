import { describe, expect, it } from "vitest";
import type { Log, LogFn } from "../../src/log/log.js";
import type { WriteBackLogFields } from "../../src/write-back/logger.js";
import { writeBack, type TaskPatch } from "../../src/write-back/write-back.js";
import { writeLinks } from "../../src/write-back/write-links.js";
import { MemoryGateway } from "./support/memory-gateway.js";
import { SAMPLE_PLAN } from "./support/sample-plan.js";

/** The one log line an operator gets per write-back: what went where, how many tries, how long. */

const PATH = "docs/plan.md";
const url = (n: number) => `https://github.com/acme/plans/issues/${n}`;
const wish = (entries: Array<[string, TaskPatch]>) => new Map(entries);

/** The lines as pino would write them: those with fields in `records`, the plain ones in `text`. */
function recorder() {
  const records: Array<{ level: keyof Log; fields: WriteBackLogFields; message: string }> = [];
  const text: string[] = [];
  const at =
    (level: keyof Log): LogFn =>
    (first: string | object, message?: string) =>
      void (typeof first === "string"
        ? text.push(`${level} ${first}`)
        : records.push({ level, fields: first as WriteBackLogFields, message: message ?? "" }));
  const log: Log = { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
  return { log, records, text };
}

/** A clock that moves 5 ms each time it is read. */
function ticking() {
  let t = 1_000;
  return () => (t += 5);
}

describe("the write-back's log line", () => {
  it("a tick, an untick and a link committed: one line with the repository, plan, outcome, counts, attempts and duration", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    const { log, records, text } = recorder();
    const result = await writeBack({
      gateway,
      path: PATH,
      branch: "main",
      desired: wish([
        ["DATA1", { done: true }],
        ["DATA3", { done: false }],
        ["GAIN1", { issue: { number: 4, url: url(4) } }],
      ]),
      log,
      now: ticking(),
    });

    expect(records).toHaveLength(1);
    expect(records[0]?.fields).toEqual({
      repository: "acme/plans",
      path: PATH,
      branch: "main",
      outcome: "committed",
      ticked: 1,
      unticked: 1,
      linked: 1,
      attempts: 1,
      durationMs: 5,
      commit: result.status === "committed" ? result.commitSha : "?",
    });
    expect(records[0]?.message).toMatch(
      /^write-back acme\/plans docs\/plan\.md: committed \w{7} to main \(1 ticked, 1 unticked, 1 linked; 1 attempt, 5 ms\)$/,
    );
    // Structured, so not again as text.
    expect(text).toEqual([]);
  });

  it("counts the tries when a person committed in between", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    gateway.beforePut = (n) => {
      if (n === 1) gateway.commitAsPerson("main", PATH, `${SAMPLE_PLAN}\nA note.\n`);
    };
    const { log, records } = recorder();
    await writeBack({ gateway, path: PATH, branch: "main", desired: wish([["DATA1", { done: true }]]), log });
    expect(records.map((r) => [r.fields.outcome, r.fields.attempts])).toEqual([["committed", 2]]);
  });

  it("a protected branch: the pull request and its branch", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    gateway.protectedBranches.add("main");
    const { log, records } = recorder();
    const result = await writeBack({
      gateway,
      path: PATH,
      branch: "main",
      desired: wish([["DATA1", { done: true }]]),
      log,
    });
    expect(result.status).toBe("pull-request");
    expect(records).toHaveLength(1);
    expect(records[0]?.fields).toMatchObject({
      outcome: "pull-request",
      branch: "plan-sync/docs-plan",
      pullRequest: result.status === "pull-request" ? result.pullRequest.number : -1,
      ticked: 1,
      attempts: 1,
    });
  });

  it("unchanged and refused say so with zero counts, refused with its reason", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    const { log, records } = recorder();
    await writeBack({ gateway, path: PATH, branch: "main", desired: wish([["DATA3", { done: true }]]), log });
    await writeBack({ gateway, path: "docs/gone.md", branch: "main", desired: wish([["DATA1", { done: true }]]), log });
    // A refusal is a warning: nothing else tells the operator the close did not reach the plan.
    expect(records.map((r) => r.level)).toEqual(["info", "warn"]);
    expect(records.map((r) => r.fields)).toEqual([
      expect.objectContaining({ outcome: "unchanged", ticked: 0, unticked: 0, linked: 0, attempts: 1 }),
      expect.objectContaining({
        outcome: "refused",
        path: "docs/gone.md",
        reason: "docs/gone.md does not exist on main",
        ticked: 0,
      }),
    ]);
  });

  it("a write-back that throws is logged as failed with the error's message only, never the request behind it", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    gateway.beforePut = () => {
      // Octokit's RequestError carries the request, Authorization header included.
      throw Object.assign(new Error("Resource not accessible by integration"), {
        status: 403,
        request: { headers: { authorization: "token ghs_SECRETSECRETSECRET" } },
      });
    };
    const { log, records } = recorder();
    await expect(
      writeBack({ gateway, path: PATH, branch: "main", desired: wish([["DATA1", { done: true }]]), log }),
    ).rejects.toThrow(/not accessible/);
    expect(records.map((r) => r.fields)).toEqual([
      expect.objectContaining({ outcome: "failed", reason: "Resource not accessible by integration", attempts: 1 }),
    ]);
    expect(JSON.stringify(records)).not.toContain("ghs_");
  });

  it("the line's words alone tell the story, for a log that shows no fields (the CLI's)", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    const text: string[] = [];
    const words: LogFn = (first: string | object, message?: string) =>
      void text.push(typeof first === "string" ? first : (message ?? ""));
    await writeLinks({
      gateway,
      path: PATH,
      branch: "main",
      links: new Map([["GAIN1", { number: 4, url: url(4) }]]),
      log: { debug: words, info: words, warn: words, error: words },
    });
    expect(text).toEqual([
      expect.stringMatching(
        /^write-back acme\/plans docs\/plan\.md: committed \w{7} to main \(0 ticked, 0 unticked, 1 linked; 1 attempt, \d+ ms\)$/,
      ),
    ]);
  });
});
