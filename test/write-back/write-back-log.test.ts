import { describe, expect, it } from "vitest";
import type { Log, LogFn } from "../../src/log/log.js";
import { logWriteBack, writeBackLogFields } from "../../src/write-back/log-write-back.js";
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

describe("each outcome's line, word for word", () => {
  const attempt = { repo: { owner: "acme", repo: "plans" }, path: PATH, branch: "main", attempts: 1, durationMs: 12 };
  const changes = { done: ["DATA1", "DATA2"], reopened: ["DATA3"], linked: [] };
  const pr = {
    number: 100,
    title: "plan-sync: update docs/plan.md",
    body: "",
    state: "open" as const,
    htmlUrl: "https://github.com/acme/plans/pull/100",
    headRef: "plan-sync/docs-plan",
    headSha: "h",
    headRepo: "acme/plans",
    baseRef: "main",
    baseSha: "b",
    author: "plan-sync[bot]",
  };
  const line = (fields: WriteBackLogFields) => {
    const { log, records } = recorder();
    logWriteBack(log, fields);
    expect(records).toHaveLength(1);
    return `${records[0]!.level} ${records[0]!.message}`;
  };

  it("a pull request whose branch write made no commit: no commit field, the pull request's number in the line", () => {
    const fields = writeBackLogFields(
      { ...attempt, attempts: 2 },
      { status: "pull-request", branch: "plan-sync/docs-plan", commitSha: null, pullRequest: pr, changes, missing: [] },
    );
    expect(fields).toEqual({
      repository: "acme/plans",
      path: PATH,
      branch: "plan-sync/docs-plan",
      outcome: "pull-request",
      ticked: 2,
      unticked: 1,
      linked: 0,
      attempts: 2,
      durationMs: 12,
      pullRequest: 100,
    });
    expect(line(fields)).toBe(
      "info write-back acme/plans docs/plan.md: proposed in pull request #100 (2 ticked, 1 unticked, 0 linked; 2 attempts, 12 ms)",
    );
  });

  it("unchanged: no reason, no commit", () => {
    const fields = writeBackLogFields(attempt, { status: "unchanged", missing: ["DATA9"] });
    expect(fields).toEqual({
      repository: "acme/plans",
      path: PATH,
      branch: "main",
      outcome: "unchanged",
      ticked: 0,
      unticked: 0,
      linked: 0,
      attempts: 1,
      durationMs: 12,
    });
    expect(line(fields)).toBe(
      "info write-back acme/plans docs/plan.md: the plan already matches; nothing written (0 ticked, 0 unticked, 0 linked; 1 attempt, 12 ms)",
    );
  });

  it("refused: a warning with the reason", () => {
    const fields = writeBackLogFields(attempt, { status: "refused", reason: "docs/plan.md has 1 error", missing: [] });
    expect(line(fields)).toBe(
      "warn write-back acme/plans docs/plan.md: nothing written: docs/plan.md has 1 error (0 ticked, 0 unticked, 0 linked; 1 attempt, 12 ms)",
    );
  });

  it("failed: the message of an Error, or the thrown value as text", () => {
    const fields = writeBackLogFields({ ...attempt, attempts: 5 }, { status: "failed", error: "socket hang up" });
    expect(fields.reason).toBe("socket hang up");
    expect(line(fields)).toBe(
      "info write-back acme/plans docs/plan.md: failed: socket hang up (0 ticked, 0 unticked, 0 linked; 5 attempts, 12 ms)",
    );
  });

  it("fields missing from a hand-made record still make a readable line", () => {
    const bare = { ...writeBackLogFields(attempt, { status: "unchanged", missing: [] }) };
    expect(line({ ...bare, outcome: "committed" })).toBe(
      "info write-back acme/plans docs/plan.md: committed  to main (0 ticked, 0 unticked, 0 linked; 1 attempt, 12 ms)",
    );
    expect(line({ ...bare, outcome: "pull-request" })).toContain(": proposed in pull request #? (");
    expect(line({ ...bare, outcome: "refused" })).toContain(": nothing written: refused (");
    expect(line({ ...bare, outcome: "failed" })).toContain(": failed: unknown error (");
  });
});
