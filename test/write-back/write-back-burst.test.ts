import { beforeAll, describe, expect, it } from "vitest";
import type { IssueRecord } from "../../src/github/gateway.js";
import { applyToTextBudgeted } from "../../src/parse-worker/plan-parser.js";
import { renderMarker } from "../../src/render/marker.js";
import { renderFailureComment, renderWrittenComment } from "../../src/write-back/failure-comment.js";
import { noticeFailure, noticeWritten } from "../../src/write-back/failure-notice.js";
import { writeBackBurst } from "../../src/write-back/write-back-burst.js";
import { lineLog } from "./support/line-log.js";
import { MemoryGateway } from "./support/memory-gateway.js";
import { SAMPLE_PLAN } from "./support/sample-plan.js";

const PATH = "docs/plan.md";
const BOT = "plan-sync[bot]";

function edit(text: string, from: string, to: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

function issue(number: number, task: string, over: Partial<IssueRecord> = {}, repo?: string): IssueRecord {
  return {
    number,
    title: `${task}: something`,
    body: `Body\n\n${renderMarker({ path: PATH, task, hash: "0123abcd", ...(repo ? { repo } : {}) })}\n`,
    state: "closed",
    stateReason: "completed",
    labels: [],
    author: BOT,
    htmlUrl: `https://github.com/acme/plans/issues/${number}`,
    ...over,
  };
}

// The parse worker's first task loads remark (seconds on a loaded machine): before the tests, not in the first one.
beforeAll(() => applyToTextBudgeted(SAMPLE_PLAN, PATH, new Map()));

describe("writeBackBurst: one burst of closes and reopens of one plan, one commit", () => {
  it("re-reads each issue once, in number order, and commits where they ended up", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    gateway.issues.set(10, issue(10, "GAIN1"));
    gateway.issues.set(2, issue(2, "DATA2"));
    gateway.issues.set(3, issue(3, "DATA3", { state: "open", stateReason: "reopened" }));
    const { log, lines } = lineLog();
    const result = await writeBackBurst({
      gateway,
      path: PATH,
      branch: "main",
      issueNumbers: [10, 3, 2, 10, 3],
      identity: BOT,
      links: false,
      log,
    });

    expect(gateway.calls.filter((c) => c.startsWith("getIssue"))).toEqual(["getIssue 2", "getIssue 3", "getIssue 10"]);
    expect(gateway.file(PATH)).toBe(
      edit(
        edit(edit(SAMPLE_PLAN, "| DATA2 |", "| [x] DATA2 |"), "| [x] DATA3 |", "| [ ] DATA3 |"),
        "| GAIN1 |",
        "| [x] GAIN1 |",
      ),
    );
    expect(result).toMatchObject({
      status: "committed",
      missing: [],
      issues: [
        { number: 2, task: "DATA2", done: true },
        { number: 3, task: "DATA3", done: false },
        { number: 10, task: "GAIN1", done: true },
      ],
    });
    expect(lines).toEqual([expect.stringMatching(/^info write-back acme\/plans docs\/plan\.md: committed /)]);
  });

  it("issues that are not the plan's are named in the log and leave nothing to write", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    gateway.issues.set(4, issue(4, "GAIN1", { author: "ada" }));
    const { log, lines } = lineLog();
    const result = await writeBackBurst({
      gateway,
      path: PATH,
      branch: "main",
      issueNumbers: [4, 5],
      identity: BOT,
      links: true,
      log,
    });
    expect(result).toEqual({ status: "unchanged", missing: [], issues: [] });
    // #5 does not exist (any more): nothing to say about it.
    expect(lines).toEqual(["info write-back docs/plan.md: ignoring #4 is by ada, not plan-sync[bot]"]);
    expect(gateway.calls.filter((c) => !c.startsWith("getIssue"))).toEqual([]);
  });

  it("tasks the plan no longer has are left alone, with a warning naming them", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    gateway.issues.set(1, issue(1, "DATA1"));
    gateway.issues.set(8, issue(8, "DATA8"));
    gateway.issues.set(9, issue(9, "DATA9"));
    const { log, lines } = lineLog();
    const result = await writeBackBurst({
      gateway,
      path: PATH,
      branch: "main",
      issueNumbers: [1, 8, 9],
      identity: BOT,
      links: false,
      log,
    });
    expect(result).toMatchObject({ status: "committed", missing: ["DATA8", "DATA9"] });
    expect(lines.at(-1)).toBe("warn write-back docs/plan.md: DATA8, DATA9 no longer in the plan; left alone");
  });

  it("the plan's statusWords are what a Status cell that speaks in words gets", async () => {
    const plan = SAMPLE_PLAN.replace(
      "| Task ID | Description | Acceptance Criteria | Effort |\n|---------|-------------|-------------------|--------|\n| GAIN1 | Search endpoint `GET /search` | Returns ranked hits | 5 |",
      "| Task ID | Description | Acceptance Criteria | Effort | Status |\n|---|---|---|---|---|\n| GAIN1 | Search endpoint `GET /search` | Returns ranked hits | 5 | Pending |",
    ).replace(
      "| GAIN2 | Search box component | Debounced input | 3 |",
      "| GAIN2 | Search box component | Debounced input | 3 | ✅ Done |",
    );
    expect(plan).toContain("| Pending |");
    const gateway = new MemoryGateway({ [PATH]: plan });
    gateway.issues.set(4, issue(4, "GAIN1"));
    const { log } = lineLog();
    await writeBackBurst({
      gateway,
      path: PATH,
      branch: "main",
      issueNumbers: [4],
      identity: BOT,
      links: false,
      log,
      statusWords: { done: "Shipped" },
    });
    expect(gateway.file(PATH)).toBe(edit(plan, "| Pending |", "| Shipped |"));
  });

  it("an area routed elsewhere: its issues are read in their repository, and only those naming the plan's count", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    const elsewhere = new MemoryGateway({}, "main");
    elsewhere.issues.set(21, issue(21, "GAIN1", {}, "acme/plans"));
    elsewhere.issues.set(22, issue(22, "GAIN2", {}, "acme/other-plans"));
    const { log, lines } = lineLog();
    const result = await writeBackBurst({
      gateway,
      path: PATH,
      branch: "main",
      issueNumbers: [21, 22],
      identity: BOT,
      links: false,
      log,
      issuesFrom: { gateway: elsewhere, planRepo: "acme/plans" },
    });
    expect(gateway.calls.filter((c) => c.startsWith("getIssue"))).toEqual([]);
    expect(elsewhere.calls).toEqual(["getIssue 21", "getIssue 22"]);
    expect(gateway.file(PATH)).toBe(edit(SAMPLE_PLAN, "| GAIN1 |", "| [x] GAIN1 |"));
    expect(result.issues.map((i) => i.number)).toEqual([21]);
    expect(lines.filter((l) => l.includes("ignoring"))).toHaveLength(1);
  });
});

describe("the write-back comment on the issues a failure speaks for", () => {
  const place = { repoUrl: "https://github.com/acme/plans", branch: "main", path: PATH };
  const failure = { kind: "refused", reason: "the plan is locked" } as const;
  const gain1 = { number: 4, task: "GAIN1", done: true };
  const data3 = { number: 3, task: "DATA3", done: false };

  it("noticeFailure: each issue gets its one comment, created and then edited in place; the same text writes nothing", async () => {
    const gateway = new MemoryGateway({});
    const { log, lines } = lineLog();
    const input = { ...place, gateway, identity: BOT, log };
    gateway.commentAsPerson(4, renderFailureComment(place, gain1, failure));
    await noticeFailure(input, [gain1, data3], failure);
    await noticeFailure(input, [gain1], failure);
    await noticeFailure(input, [gain1], { kind: "gave-up", cause: "conflicts" });

    expect(gateway.comments.get(4)?.map((c) => [c.author, c.body])).toEqual([
      ["ada", renderFailureComment(place, gain1, failure)],
      [BOT, renderFailureComment(place, gain1, { kind: "gave-up", cause: "conflicts" })],
    ]);
    expect(gateway.comments.get(3)?.map((c) => c.body)).toEqual([renderFailureComment(place, data3, failure)]);
    expect(lines).toEqual([
      "info write-back docs/plan.md: #4 told why GAIN1 was not written (comment created)",
      "info write-back docs/plan.md: #3 told why DATA3 was not written (comment created)",
      "info write-back docs/plan.md: #4 told why GAIN1 was not written (comment unchanged)",
      "info write-back docs/plan.md: #4 told why GAIN1 was not written (comment updated)",
    ]);
  });

  it("noticeFailure: one issue's comment failing is logged, and the others are still told", async () => {
    const gateway = new MemoryGateway({});
    const { log, lines } = lineLog();
    gateway.failures.set("createComment 4", new Error("HTTP 502"));
    await noticeFailure({ ...place, gateway, identity: BOT, log }, [gain1, data3], failure);
    expect(gateway.comments.get(3)).toHaveLength(1);
    expect(lines).toEqual([
      "warn write-back docs/plan.md: could not comment on #4: HTTP 502",
      "info write-back docs/plan.md: #3 told why DATA3 was not written (comment created)",
    ]);
  });

  it("noticeWritten: only an existing comment of plan-sync's is edited to say the state is written, once", async () => {
    const gateway = new MemoryGateway({});
    const { log, lines } = lineLog();
    const input = { ...place, gateway, identity: BOT, log };
    await noticeFailure(input, [gain1], failure);
    gateway.commentAsPerson(3, renderFailureComment(place, data3, failure));
    lines.length = 0;
    const done = { kind: "committed", commitSha: "0123456789abcdef" } as const;
    await noticeWritten(input, [gain1, data3], done);
    await noticeWritten(input, [gain1, data3], done);

    expect(gateway.comments.get(4)?.map((c) => c.body)).toEqual([renderWrittenComment(place, gain1, done)]);
    expect(gateway.comments.get(3)?.map((c) => c.body)).toEqual([renderFailureComment(place, data3, failure)]);
    expect(gateway.calls.filter((c) => c.startsWith("updateComment") || c.startsWith("createComment"))).toEqual([
      "createComment 4",
      "updateComment 1",
    ]);
    expect(lines).toEqual(["info write-back docs/plan.md: #4's comment now says GAIN1 was written"]);
  });

  it("noticeWritten: a comment that cannot be read or edited is logged, and the others are still edited", async () => {
    const gateway = new MemoryGateway({});
    const { log, lines } = lineLog();
    const input = { ...place, gateway, identity: BOT, log };
    await noticeFailure(input, [gain1, data3], failure);
    lines.length = 0;
    gateway.failures.set("listComments 4", Object.assign(new Error("HTTP 500"), { status: 500 }));
    await noticeWritten(input, [gain1, data3], { kind: "unchanged" });
    gateway.failures.set("updateComment", new Error("HTTP 403"));
    await noticeWritten(input, [gain1], { kind: "unchanged" });
    expect(lines).toEqual([
      "warn write-back docs/plan.md: could not update the comment on #4: HTTP 500",
      "info write-back docs/plan.md: #3's comment now says DATA3 was written",
      "warn write-back docs/plan.md: could not update the comment on #4: HTTP 403",
    ]);
  });

  it("a failure that is not an Error is logged as text", async () => {
    const gateway = new MemoryGateway({});
    const { log, lines } = lineLog();
    gateway.listComments = () => Promise.reject("socket closed");
    await noticeFailure({ ...place, gateway, identity: BOT, log }, [gain1], failure);
    await noticeWritten({ ...place, gateway, identity: BOT, log }, [gain1], { kind: "unchanged" });
    expect(lines).toEqual([
      "warn write-back docs/plan.md: could not comment on #4: socket closed",
      "warn write-back docs/plan.md: could not update the comment on #4: socket closed",
    ]);
  });
});
