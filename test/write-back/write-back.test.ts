import { describe, expect, it } from "vitest";
import { writeBack, type TaskPatch } from "../../src/write-back/write-back.js";
import { WriteBackConflictError } from "../../src/write-back/write-back-errors.js";
import { isOwnCommit } from "../../src/write-back/own-commit.js";
import { lineLog } from "./support/line-log.js";
import { MemoryGateway } from "./support/memory-gateway.js";
import { crlf, SAMPLE_PLAN } from "./support/sample-plan.js";

const PATH = "docs/plan.md";
const url = (n: number) => `https://github.com/acme/plans/issues/${n}`;
const wish = (entries: Array<[string, TaskPatch]>) => new Map(entries);

/** Replaces exactly one occurrence, so an expected text can never silently equal the input. */
function edit(text: string, from: string, to: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

describe("writeBack", () => {
  it("ticks a task in one commit that changes only its row and the checklist item tracking it", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    const result = await writeBack({ gateway, path: PATH, branch: "main", desired: wish([["DATA1", { done: true }]]) });

    let expected = edit(SAMPLE_PLAN, "| DATA1 | Create", "| [x] DATA1 | Create");
    expected = edit(expected, "- [ ] DATA1: ingest", "- [x] DATA1: ingest");
    expect(gateway.file(PATH)).toBe(expected);
    expect(gateway.appCommits()).toHaveLength(1);
    expect(gateway.appCommits()[0]?.message).toBe("plan-sync: mark DATA1 done\n\nPlan-Sync-Bot: write-back");
    expect(result).toMatchObject({
      status: "committed",
      branch: "main",
      changes: { done: ["DATA1"], reopened: [], linked: [] },
    });
    // The item that only mentions DATA1 is still unticked.
    expect(gateway.file(PATH)).toContain("- [ ] Review what DATA1 produces");
  });

  it("keeps CRLF line endings byte for byte", async () => {
    const gateway = new MemoryGateway({ [PATH]: crlf(SAMPLE_PLAN) });
    await writeBack({
      gateway,
      path: PATH,
      branch: "main",
      desired: wish([["GAIN2", { done: true, issue: { number: 7, url: url(7) } }]]),
    });
    const expected = crlf(edit(SAMPLE_PLAN, "| GAIN2 | Search box", `| [x] GAIN2 ([#7](${url(7)})) | Search box`));
    expect(gateway.file(PATH)).toBe(expected);
    expect(gateway.file(PATH)?.match(/\r\n/g)?.length).toBe(SAMPLE_PLAN.split("\n").length - 1);
  });

  it("unticks a reopened task and says so in the message", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    await writeBack({ gateway, path: PATH, branch: "main", desired: wish([["DATA3", { done: false }]]) });
    expect(gateway.file(PATH)).toBe(edit(SAMPLE_PLAN, "| [x] DATA3 |", "| [ ] DATA3 |"));
    expect(gateway.appCommits()[0]?.message.split("\n")[0]).toBe("plan-sync: reopen DATA3");
  });

  it("writes nothing when the plan already says what is wanted (no empty commit)", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    const result = await writeBack({
      gateway,
      path: PATH,
      branch: "main",
      desired: wish([
        ["DATA3", { done: true }],
        ["DATA2", { done: false }],
      ]),
    });
    expect(result.status).toBe("unchanged");
    // No pull request of the plan's open: nothing else is looked at or written.
    expect(gateway.calls).toEqual(["getFile docs/plan.md@main", "findOpenPullRequest plan-sync/docs-plan"]);
  });

  it("skips tasks the plan no longer has and still writes the others", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    const result = await writeBack({
      gateway,
      path: PATH,
      branch: "main",
      desired: wish([
        ["DATA9", { done: true }],
        ["GAIN1", { done: true }],
      ]),
    });
    expect(result).toMatchObject({ status: "committed", missing: ["DATA9"], changes: { done: ["GAIN1"] } });
    expect(gateway.file(PATH)).toBe(edit(SAMPLE_PLAN, "| GAIN1 |", "| [x] GAIN1 |"));
  });

  it("re-reads and re-applies when a person commits between read and write: both changes land", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    const personal = edit(SAMPLE_PLAN, "Debounced input", "Debounced input<br>Keyboard accessible");
    gateway.beforePut = (attempt) => {
      if (attempt === 1) gateway.commitAsPerson("main", PATH, personal);
    };
    const { log, lines } = lineLog();
    const result = await writeBack({
      gateway,
      path: PATH,
      branch: "main",
      desired: wish([["DATA2", { done: true }]]),
      log,
    });
    expect(result).toMatchObject({ status: "committed", attempts: 2 });
    expect(lines[0]).toBe("info docs/plan.md changed on main while plan-sync was writing (attempt 1/5); re-reading");
    expect(gateway.file(PATH)).toBe(edit(personal, "| DATA2 |", "| [x] DATA2 |"));
    expect(gateway.commits.map((c) => c.by)).toEqual(["person", "app"]);
  });

  it("gives up after a bounded number of conflicts without overwriting anyone", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    let n = 0;
    gateway.beforePut = () => void gateway.commitAsPerson("main", PATH, `${SAMPLE_PLAN}\nEdit ${++n}\n`);
    await expect(
      writeBack({ gateway, path: PATH, branch: "main", desired: wish([["DATA2", { done: true }]]), maxAttempts: 3 }),
    ).rejects.toBeInstanceOf(WriteBackConflictError);
    await expect(
      writeBack({ gateway, path: PATH, branch: "main", desired: wish([["DATA2", { done: true }]]), maxAttempts: 3 }),
    ).rejects.toMatchObject({
      name: "WriteBackConflictError",
      message: "docs/plan.md on main changed under plan-sync 3 times in a row; nothing written, the next event retries",
    });
    expect(gateway.appCommits()).toEqual([]);
    expect(gateway.file(PATH)).toBe(`${SAMPLE_PLAN}\nEdit 6\n`);
  });

  it("refuses to write into a plan that no longer parses cleanly", async () => {
    const broken = edit(SAMPLE_PLAN, "| GAIN2 | Search box", "| GAIN1 | Search box");
    const gateway = new MemoryGateway({ [PATH]: broken });
    const result = await writeBack({ gateway, path: PATH, branch: "main", desired: wish([["DATA1", { done: true }]]) });
    expect(result.status).toBe("refused");
    expect(result.status === "refused" && result.reason).toMatch(/docs\/plan\.md has 1 error.*:\d+/);
    expect(gateway.commits).toEqual([]);
  });

  it("refuses when the plan file is gone", async () => {
    const gateway = new MemoryGateway({});
    const result = await writeBack({ gateway, path: PATH, branch: "main", desired: wish([["DATA1", { done: true }]]) });
    expect(result).toEqual({ status: "refused", reason: "docs/plan.md does not exist on main", missing: ["DATA1"] });
  });

  it("writes every link of a first sync in one commit whose trailer marks it as the app's own", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    const ids = ["DATA1", "DATA2", "DATA3", "GAIN1", "GAIN2"];
    const desired = wish(ids.map((id, i) => [id, { issue: { number: i + 1, url: url(i + 1) } }]));
    await writeBack({ gateway, path: PATH, branch: "main", desired });
    expect(gateway.appCommits()).toHaveLength(1);
    const commit = gateway.appCommits()[0];
    expect(commit?.message.split("\n")[0]).toBe("plan-sync: link DATA1, DATA2, DATA3, GAIN1, GAIN2 to their issues");
    expect(isOwnCommit({ message: commit?.message }, "plan-sync[bot]")).toBe(true);
    let expected = SAMPLE_PLAN;
    ids.forEach((id, i) => (expected = edit(expected, ` ${id} |`, ` ${id} ([#${i + 1}](${url(i + 1)})) |`)));
    expect(gateway.file(PATH)).toBe(expected);
  });

  it("appends the trailer to a caller's own message", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    await writeBack({
      gateway,
      path: PATH,
      branch: "main",
      desired: wish([["DATA1", { issue: { number: 3, url: url(3) } }]]),
      message: () => "plan-sync: link issues\n",
    });
    expect(gateway.appCommits()[0]?.message).toBe("plan-sync: link issues\n\nPlan-Sync-Bot: write-back");
  });
});

describe("writeBack to a protected branch", () => {
  it("commits to plan-sync/<plan> from the default head, opens a pull request and says so in a check run", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    gateway.protectedBranches.add("main");
    const mainSha = gateway.branches.get("main")?.sha;
    const result = await writeBack({ gateway, path: PATH, branch: "main", desired: wish([["GAIN1", { done: true }]]) });

    expect(result).toMatchObject({
      status: "pull-request",
      branch: "plan-sync/docs-plan",
      pullRequest: { number: 100 },
    });
    expect(gateway.file(PATH)).toBe(SAMPLE_PLAN);
    expect(gateway.file(PATH, "plan-sync/docs-plan")).toBe(edit(SAMPLE_PLAN, "| GAIN1 |", "| [x] GAIN1 |"));
    expect(gateway.pullRequests).toHaveLength(1);
    expect(gateway.pullRequests[0]).toMatchObject({
      headRef: "plan-sync/docs-plan",
      baseRef: "main",
      title: "plan-sync: update docs/plan.md",
    });
    expect(gateway.pullRequests[0]?.body).toMatch(/ instead of committing it\. [^\n]+\n\n- Mark done: GAIN1$/);
    expect(gateway.checkRuns).toHaveLength(1);
    expect(gateway.checkRuns[0]).toMatchObject({
      headSha: mainSha,
      name: "plan-sync/write-back",
      status: "completed",
      conclusion: "neutral",
    });
    expect(gateway.checkRuns[0]?.summary).toContain("(https://github.com/acme/plans/pull/100)");
  });

  it("keeps the open pull request's earlier changes when the next burst arrives, after people moved main on", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    gateway.protectedBranches.add("main");
    await writeBack({ gateway, path: PATH, branch: "main", desired: wish([["GAIN1", { done: true }]]) });
    const moved = edit(SAMPLE_PLAN, "Runs nightly", "Runs nightly at 02:00");
    gateway.commitAsPerson("main", PATH, moved);
    await writeBack({ gateway, path: PATH, branch: "main", desired: wish([["DATA2", { done: true }]]) });

    expect(gateway.pullRequests).toHaveLength(1);
    expect(gateway.file(PATH, "plan-sync/docs-plan")).toBe(
      edit(edit(moved, "| GAIN1 |", "| [x] GAIN1 |"), "| DATA2 |", "| [x] DATA2 |"),
    );
    expect(gateway.pullRequests[0]?.body).toContain("Mark done: DATA2, GAIN1");
  });

  it("a reopen after a pending tick leaves the pull request with nothing to merge", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    gateway.protectedBranches.add("main");
    await writeBack({ gateway, path: PATH, branch: "main", desired: wish([["GAIN1", { done: true }]]) });
    const result = await writeBack({
      gateway,
      path: PATH,
      branch: "main",
      desired: wish([["GAIN1", { done: false }]]),
    });
    expect(result.status).toBe("unchanged");
    expect(gateway.file(PATH, "plan-sync/docs-plan")).toBe(SAMPLE_PLAN);
    expect(gateway.pullRequests[0]?.body).toContain("Nothing is waiting any more");
  });
});

describe("writeBack: failures and the pull-request path's edges", () => {
  const ticked = (text: string, ...ids: string[]) => ids.reduce((t, id) => edit(t, `| ${id} |`, `| [x] ${id} |`), text);
  /** A person's change to a branch that the gateway's SHAs see (a deleted file, a broken plan). */
  function personSets(gateway: MemoryGateway, branch: string, text: string | null) {
    if (text === null) {
      const b = gateway.branches.get(branch)!;
      b.files.delete(PATH);
      b.sha = gateway.commitAsPerson(branch, "notes.md", "moved the plan\n");
      gateway.branches.get(branch)!.files.delete(PATH);
      gateway.snapshots.get(gateway.branches.get(branch)!.sha)!.delete(PATH);
    } else gateway.commitAsPerson(branch, PATH, text);
  }

  it("a GitHub failure other than a protected branch or a conflict is thrown, and no pull request is opened", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    gateway.failures.set("putFile", Object.assign(new Error("Server Error"), { status: 500 }));
    await expect(
      writeBack({ gateway, path: PATH, branch: "main", desired: wish([["DATA1", { done: true }]]) }),
    ).rejects.toThrow("Server Error");
    expect(gateway.calls).toEqual(["getFile docs/plan.md@main", "putFile docs/plan.md@main"]);
  });

  it("a protected branch: the log says so and names the pull request, whose body and check run list the changes", async () => {
    const gateway = new MemoryGateway({ [PATH]: edit(SAMPLE_PLAN, "| GAIN2 |", "| [x] GAIN2 |") });
    gateway.protectedBranches.add("main");
    const { log, lines } = lineLog();
    await writeBack({
      gateway,
      path: PATH,
      branch: "main",
      desired: wish([
        ["GAIN2", { done: false }],
        ["DATA1", { issue: { number: 3, url: url(3) } }],
      ]),
      log,
    });
    const intro =
      "`main` is protected, so plan-sync proposes the task state of `docs/plan.md` here instead of committing it. plan-sync keeps this pull request up to date as issues close and reopen.";
    expect(gateway.pullRequests[0]?.body).toBe(`${intro}\n\n- Reopen: GAIN2\n- Link to issues: DATA1`);
    expect(gateway.checkRuns[0]).toMatchObject({
      title: "Plan update waits in pull request #100",
      summary:
        "main is protected, so plan-sync could not commit the task state to `docs/plan.md` directly. Merge [#100](https://github.com/acme/plans/pull/100) to update the plan.\n\n- Reopen: GAIN2\n- Link to issues: DATA1",
    });
    expect(lines).toEqual([
      "info main is protected; proposing the change to docs/plan.md in a pull request",
      "info opened pull request #100 for docs/plan.md (main is protected)",
      expect.stringMatching(/^info write-back acme\/plans docs\/plan\.md: proposed in pull request #100 /),
    ]);

    lines.length = 0;
    await writeBack({ gateway, path: PATH, branch: "main", desired: wish([["DATA2", { done: true }]]), log });
    expect(gateway.pullRequests[0]?.body).toBe(
      `${intro}\n\n- Mark done: DATA2\n- Reopen: GAIN2\n- Link to issues: DATA1`,
    );
    expect(lines[1]).toBe("info updated pull request #100 for docs/plan.md (main is protected)");
  });

  it("a GitHub failure writing the pull request's branch is thrown at once, not retried like a conflict: no pull request", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    gateway.protectedBranches.add("main");
    gateway.failures.set(
      "putFile docs/plan.md@plan-sync/docs-plan",
      Object.assign(new Error("Server Error"), { status: 500 }),
    );
    await expect(
      writeBack({ gateway, path: PATH, branch: "main", desired: wish([["GAIN1", { done: true }]]) }),
    ).rejects.toThrow("Server Error");
    expect(gateway.calls.filter((c) => c.startsWith("putFile"))).toEqual([
      "putFile docs/plan.md@main",
      "putFile docs/plan.md@plan-sync/docs-plan",
    ]);
    expect(gateway.pullRequests).toEqual([]);
    expect(gateway.checkRuns).toEqual([]);
  });

  it("a pull request proposing several reopens and links names them comma-separated, in the body and the check run", async () => {
    const gateway = new MemoryGateway({ [PATH]: ticked(SAMPLE_PLAN, "GAIN1", "GAIN2") });
    gateway.protectedBranches.add("main");
    await writeBack({
      gateway,
      path: PATH,
      branch: "main",
      desired: wish([
        ["GAIN1", { done: false }],
        ["GAIN2", { done: false }],
        ["DATA1", { issue: { number: 3, url: url(3) } }],
        ["DATA2", { issue: { number: 4, url: url(4) } }],
      ]),
    });
    const changes = "- Reopen: GAIN1, GAIN2\n- Link to issues: DATA1, DATA2";
    // The list is the last paragraph of both.
    expect(gateway.pullRequests[0]?.body.split("\n\n").at(-1)).toBe(changes);
    expect(gateway.checkRuns[0]?.summary.split("\n\n").at(-1)).toBe(changes);
  });

  it("a protected default branch that cannot be read: the write-back fails naming it", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    gateway.protectedBranches.add("main");
    gateway.getBranchSha = async () => null;
    await expect(
      writeBack({ gateway, path: PATH, branch: "main", desired: wish([["DATA1", { done: true }]]) }),
    ).rejects.toThrow(/^branch main does not exist$/);
    expect(gateway.pullRequests).toEqual([]);
  });

  it("the plan deleted while the change turned to a pull request: refused, every wish named missing, nothing proposed", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    gateway.protectedBranches.add("main");
    gateway.beforePut = (n) => void (n === 1 && personSets(gateway, "main", null));
    const result = await writeBack({
      gateway,
      path: PATH,
      branch: "main",
      desired: wish([
        ["DATA1", { done: true }],
        ["GAIN1", { done: true }],
      ]),
    });
    expect(result).toEqual({
      status: "refused",
      reason: "docs/plan.md does not exist on main",
      missing: ["DATA1", "GAIN1"],
    });
    expect(gateway.pullRequests).toEqual([]);
  });

  it("the plan broken by a person while the change turned to a pull request: refused with its errors, nothing proposed", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    gateway.protectedBranches.add("main");
    const broken = edit(SAMPLE_PLAN, "| GAIN2 | Search box", "| GAIN1 | Search box");
    gateway.beforePut = (n) => void (n === 1 && personSets(gateway, "main", broken));
    const result = await writeBack({ gateway, path: PATH, branch: "main", desired: wish([["DATA1", { done: true }]]) });
    expect(result).toMatchObject({
      status: "refused",
      diagnostics: [expect.objectContaining({ code: "duplicate-id" })],
    });
    expect(gateway.pullRequests).toEqual([]);
  });

  it("a person made the same tick while the change turned to a pull request: unchanged, and no pull request touched", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    gateway.protectedBranches.add("main");
    gateway.beforePut = (n) => void (n === 1 && personSets(gateway, "main", ticked(SAMPLE_PLAN, "GAIN1")));
    const result = await writeBack({ gateway, path: PATH, branch: "main", desired: wish([["GAIN1", { done: true }]]) });
    expect(result).toEqual({ status: "unchanged", missing: [] });
    expect(gateway.calls.filter((c) => /PullRequest|CheckRun/.test(c) && !c.startsWith("find"))).toEqual([]);
  });

  it("a person committing to the pull request's branch in between: re-read there, tries counted", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    gateway.protectedBranches.add("main");
    gateway.beforePut = (n) =>
      void (n === 2 && gateway.commitAsPerson("plan-sync/docs-plan", PATH, `${SAMPLE_PLAN}\nA note.\n`));
    const result = await writeBack({ gateway, path: PATH, branch: "main", desired: wish([["GAIN1", { done: true }]]) });
    expect(result).toMatchObject({ status: "pull-request" });
    expect(gateway.file(PATH, "plan-sync/docs-plan")).toBe(ticked(`${SAMPLE_PLAN}\nA note.\n`, "GAIN1"));
    expect(gateway.calls.filter((c) => c.startsWith("putFile"))).toEqual([
      "putFile docs/plan.md@main",
      "putFile docs/plan.md@plan-sync/docs-plan",
      "putFile docs/plan.md@plan-sync/docs-plan",
    ]);
  });

  it("the pull request's branch changing under every try: gives up naming that branch, after exactly maxAttempts tries", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    gateway.protectedBranches.add("main");
    gateway.beforePut = (n) =>
      void (n > 1 && gateway.commitAsPerson("plan-sync/docs-plan", PATH, `${SAMPLE_PLAN}\nNote ${n}.\n`));
    await expect(
      writeBack({ gateway, path: PATH, branch: "main", desired: wish([["DATA1", { done: true }]]), maxAttempts: 2 }),
    ).rejects.toThrow("docs/plan.md on plan-sync/docs-plan changed under plan-sync 2 times in a row");
    expect(gateway.calls.filter((c) => c.startsWith("putFile"))).toHaveLength(3);
  });

  it("the open pull request's links are carried into the next burst, also a link moved to another URL", async () => {
    const old = "https://github.com/acme/old-plans/issues/4";
    const plan = edit(SAMPLE_PLAN, "| GAIN1 |", `| GAIN1 ([#4](${old})) |`);
    const gateway = new MemoryGateway({ [PATH]: plan });
    gateway.protectedBranches.add("main");
    await writeBack({
      gateway,
      path: PATH,
      branch: "main",
      desired: wish([
        ["GAIN1", { issue: { number: 4, url: url(4) } }],
        ["GAIN2", { issue: { number: 5, url: url(5) } }],
      ]),
    });
    await writeBack({ gateway, path: PATH, branch: "main", desired: wish([["DATA2", { done: true }]]) });
    expect(gateway.file(PATH, "plan-sync/docs-plan")).toBe(
      edit(
        edit(ticked(plan, "DATA2"), `| GAIN1 ([#4](${old})) |`, `| GAIN1 ([#4](${url(4)})) |`),
        "| GAIN2 |",
        `| GAIN2 ([#5](${url(5)})) |`,
      ),
    );
  });

  it("a pull request branch without the plan, or with a broken plan, or with a task main lacks: only the new wish is proposed", async () => {
    const extraRow = (text: string) =>
      edit(
        text,
        "| GAIN2 | Search box component | Debounced input | 3 |",
        "| GAIN2 | Search box component | Debounced input | 3 |\n| [x] GAIN3 | Filters | Facets | 2 |",
      );
    const heads: Array<(text: string) => string | null> = [
      () => null,
      (text) => edit(text, "| DATA2 |", "| DATA1 |"),
      (text) => extraRow(text),
    ];
    for (const head of heads) {
      const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
      gateway.protectedBranches.add("main");
      await writeBack({ gateway, path: PATH, branch: "main", desired: wish([["GAIN1", { done: true }]]) });
      personSets(gateway, "plan-sync/docs-plan", head(ticked(SAMPLE_PLAN, "GAIN1")));
      await writeBack({ gateway, path: PATH, branch: "main", desired: wish([["DATA2", { done: true }]]) });
      const expected = head === heads[2] ? ticked(SAMPLE_PLAN, "DATA2", "GAIN1") : ticked(SAMPLE_PLAN, "DATA2");
      expect(gateway.file(PATH, "plan-sync/docs-plan")).toBe(expected);
    }
  });
});
