import { beforeAll, describe, expect, it } from "vitest";
import { parseConfig, type ParseConfigResult } from "../../src/config/parse-config.js";
import type { IssueRecord } from "../../src/github/gateway.js";
import { applyToTextBudgeted } from "../../src/parse-worker/plan-parser.js";
import { renderMarker } from "../../src/render/marker.js";
import { rerunWriteBack } from "../../src/write-back/rerun-write-back.js";
import { writeBackBurst } from "../../src/write-back/write-back-burst.js";
import { lineLog } from "./support/line-log.js";
import { MemoryGateway } from "./support/memory-gateway.js";
import { SAMPLE_PLAN } from "./support/sample-plan.js";

/**
 * Re-run of a `plan-sync/write-back` check (protected main): the tasks the check's pull request carries are written
 * again from their issues as they are now, and a check run on the re-run commit says what happened.
 */

const PATH = "docs/plan.md";
const BOT = "plan-sync[bot]";
const HEAD = "abcdef0123456789abcdef0123456789abcdef01";
const NOTE =
  "plan-sync writes the task state into the plan again the next time one of its issues is closed or reopened.";

function edit(text: string, from: string, to: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

function issue(number: number, task: string, over: Partial<IssueRecord> = {}, path = PATH): IssueRecord {
  return {
    number,
    title: `${task}: something`,
    body: `Body\n\n${renderMarker({ path, task, hash: "0123abcd" })}\n`,
    state: "open",
    stateReason: null,
    labels: [],
    author: BOT,
    htmlUrl: `https://github.com/acme/plans/issues/${number}`,
    ...over,
  };
}

const closed = { state: "closed", stateReason: "completed" } as const;

/**
 * GAIN1's close waits in pull request #100 (main is protected). DATA1's issue was closed since (its burst not
 * written yet), DATA3 was ticked by a person while its issue is still open: neither is the re-run's to write.
 */
async function waitingTick(config: ParseConfigResult = parseConfig({ links: false })) {
  const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
  gateway.protectedBranches.add("main");
  for (const i of [
    issue(1, "DATA1", closed),
    issue(2, "DATA2"),
    issue(3, "DATA3"),
    issue(4, "GAIN1", closed),
    issue(5, "GAIN2"),
    // A person's issue with a copied marker, and the app's issue of the same task in another plan: neither counts.
    issue(6, "GAIN2", { ...closed, author: "ada" }),
    issue(7, "GAIN1", closed, "docs/other.md"),
    // The plan's tracking issue: the app's, but no task's.
    { ...issue(8, "-"), title: "Search (plan)", body: "Tracks the plan" },
  ])
    gateway.issues.set(i.number, i);
  const { log } = lineLog();
  await writeBackBurst({ gateway, path: PATH, branch: "main", issueNumbers: [4], identity: BOT, links: false, log });
  expect(gateway.pullRequests.map((p) => p.number)).toEqual([100]);
  gateway.calls.length = 0;
  const run = lineLog();
  const rerun = (pullRequest: number | null = 100, deps: { config?: ParseConfigResult } = {}) =>
    rerunWriteBack(
      { gateway, identity: BOT, config: deps.config ?? config, branch: "main", log: run.log },
      { headSha: HEAD, pullRequest },
    );
  return { gateway, rerun, lines: run.lines };
}

// The parse worker's first task loads remark (seconds on a loaded machine): before the tests, not in the first one.
beforeAll(() => applyToTextBudgeted(SAMPLE_PLAN, PATH, new Map()));

const ticked = (text: string, ...ids: string[]) => ids.reduce((t, id) => edit(t, `| ${id} |`, `| [x] ${id} |`), text);

describe("re-run of a plan-sync/write-back check", () => {
  it("after its pull request was closed unmerged: the tasks it carried are proposed again in a new one, nothing else", async () => {
    const { gateway, rerun, lines } = await waitingTick();
    gateway.pullRequests[0]!.state = "closed";
    const outcome = await rerun();

    expect(outcome).toMatchObject({
      kind: "written",
      result: { status: "pull-request", pullRequest: { number: 101 } },
    });
    // GAIN1 only: DATA1's close is not what the pull request was about, DATA3's tick by a person stays.
    expect(gateway.file(PATH, "plan-sync/docs-plan")).toBe(ticked(SAMPLE_PLAN, "GAIN1"));
    expect(gateway.file(PATH)).toBe(SAMPLE_PLAN);
    // The write posted its own check run; the re-run adds none.
    expect(gateway.checkRuns.map((r) => r.title)).toEqual([
      "Plan update waits in pull request #100",
      "Plan update waits in pull request #101",
    ]);
    expect(gateway.calls.filter((c) => c.startsWith("getIssue"))).toEqual(["getIssue 4"]);
    expect(lines.filter((l) => l.includes("ignoring") || l.startsWith("warn"))).toEqual([]);
  });

  it("after its pull request was merged: nothing is written, and a success check run on the re-run commit says nothing waits", async () => {
    const { gateway, rerun } = await waitingTick();
    gateway.commitAsPerson("main", PATH, ticked(SAMPLE_PLAN, "GAIN1"), "Merge pull request #100");
    gateway.pullRequests[0]!.state = "closed";
    const before = gateway.checkRuns.length;
    const outcome = await rerun();

    expect(outcome).toEqual({ kind: "written", result: { status: "unchanged", missing: [], issues: [] } });
    expect(gateway.checkRuns.slice(before)).toEqual([
      {
        headSha: HEAD,
        name: "plan-sync/write-back",
        status: "completed",
        conclusion: "success",
        title: "Nothing waits any more",
        summary: "`docs/plan.md` on `main` already matches its issues.",
      },
    ]);
    expect(gateway.calls.filter((c) => /^(putFile|setBranch|createPullRequest|updatePullRequest)/.test(c))).toEqual([]);
  });

  it("when main is no longer protected: the tick is committed there, and a success check run names the commit", async () => {
    const { gateway, rerun } = await waitingTick();
    gateway.protectedBranches.delete("main");
    const outcome = await rerun();

    expect(gateway.file(PATH)).toBe(ticked(SAMPLE_PLAN, "GAIN1"));
    const sha = gateway.branches.get("main")!.sha;
    expect(outcome).toMatchObject({ kind: "written", result: { status: "committed", commitSha: sha } });
    expect(gateway.checkRuns.at(-1)).toEqual({
      headSha: HEAD,
      name: "plan-sync/write-back",
      status: "completed",
      conclusion: "success",
      title: "Plan updated",
      summary: `plan-sync committed the task state to \`docs/plan.md\` on \`main\` (${sha.slice(0, 7)}).`,
    });
  });

  it("when a link cannot be written: a neutral check run says nothing was written, and why", async () => {
    const { gateway, rerun } = await waitingTick();
    gateway.pullRequests[0]!.state = "closed";
    gateway.issues.set(4, issue(4, "GAIN1", { ...closed, htmlUrl: "https://github.com/acme/plans/issues/4 (moved)" }));
    const outcome = await rerun(100, { config: parseConfig({}) });

    expect(outcome).toMatchObject({ kind: "written", result: { status: "refused" } });
    const reason = outcome.kind === "written" && outcome.result.status === "refused" ? outcome.result.reason : "";
    expect(reason).toMatch(/^cannot link GAIN1 to issue #4 at /);
    expect(gateway.checkRuns.at(-1)).toEqual({
      headSha: HEAD,
      name: "plan-sync/write-back",
      status: "completed",
      conclusion: "neutral",
      title: "Plan not updated",
      summary: `plan-sync wrote nothing to \`docs/plan.md\`: ${reason}`,
    });
  });

  it("a pull request that only links a task: the link is what it carried, and is proposed again", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    gateway.protectedBranches.add("main");
    gateway.issues.set(2, issue(2, "DATA2"));
    gateway.issues.set(4, issue(4, "GAIN1"));
    const { log } = lineLog();
    await writeBackBurst({ gateway, path: PATH, branch: "main", issueNumbers: [2], identity: BOT, links: true, log });
    gateway.pullRequests[0]!.state = "closed";
    await rerunWriteBack(
      { gateway, identity: BOT, config: parseConfig({}), branch: "main", log },
      { headSha: HEAD, pullRequest: 100 },
    );
    expect(gateway.file(PATH, "plan-sync/docs-plan")).toBe(
      edit(SAMPLE_PLAN, "| DATA2 |", "| DATA2 ([#2](https://github.com/acme/plans/issues/2)) |"),
    );
    expect(gateway.pullRequests.map((p) => [p.number, p.state])).toEqual([
      [100, "closed"],
      [101, "open"],
    ]);
  });

  it("a pull request whose head no longer has the plan, or whose plan has errors, carries no task: nothing is written", async () => {
    for (const head of [undefined, edit(ticked(SAMPLE_PLAN, "GAIN1"), "| GAIN2 |", "| GAIN1 |")]) {
      const { gateway, rerun } = await waitingTick();
      gateway.pullRequests[0]!.state = "closed";
      const headSha = gateway.pullRequests[0]!.headSha;
      if (head === undefined) gateway.snapshots.get(headSha)!.delete(PATH);
      else gateway.snapshots.get(headSha)!.set(PATH, head);
      const outcome = await rerun();
      expect(outcome).toEqual({ kind: "written", result: { status: "unchanged", missing: [], issues: [] } });
      expect(gateway.checkRuns.at(-1)?.title).toBe("Nothing waits any more");
    }
  });

  it("a task the pull request's head has and its base lacks is not what it carried", async () => {
    const { gateway, rerun } = await waitingTick();
    gateway.pullRequests[0]!.state = "closed";
    const headSha = gateway.pullRequests[0]!.headSha;
    const withGain3 = edit(
      ticked(SAMPLE_PLAN, "GAIN1"),
      "| GAIN2 | Search box component | Debounced input | 3 |",
      "| GAIN2 | Search box component | Debounced input | 3 |\n| [x] GAIN3 | Filters | Facets | 2 |",
    );
    gateway.snapshots.get(headSha)!.set(PATH, withGain3);
    await rerun();
    expect(gateway.file(PATH, "plan-sync/docs-plan")).toBe(ticked(SAMPLE_PLAN, "GAIN1"));
    expect(gateway.calls.filter((c) => c.startsWith("getIssue"))).toEqual(["getIssue 4"]);
  });

  it("two plans whose paths give the same branch: the first path in sort order is the one re-run, whatever the issue order", async () => {
    const { gateway, rerun } = await waitingTick();
    // Listed after docs/plan.md's issues; `docs-plan.md` sorts first and has no file on main.
    gateway.issues.set(20, issue(20, "GAIN1", closed, "docs-plan.md"));
    await rerun();
    expect(gateway.checkRuns.at(-1)).toMatchObject({
      title: "Nothing waits any more",
      summary: "`docs-plan.md` on `main` already matches its issues.",
    });
  });

  it("a base without the plan carries no task either", async () => {
    const { gateway, rerun } = await waitingTick();
    gateway.pullRequests[0]!.state = "closed";
    gateway.pullRequests[0]!.baseRef = "gone";
    expect(await rerun()).toEqual({ kind: "written", result: { status: "unchanged", missing: [], issues: [] } });
  });
});

describe("re-run of a write-back check that cannot be re-run: a neutral check run says why, and that the next event writes", () => {
  async function explained(
    reason: string,
    arrange: (t: Awaited<ReturnType<typeof waitingTick>>) => Promise<unknown> | unknown,
  ) {
    const t = await waitingTick();
    const before = t.gateway.checkRuns.length;
    const outcome = await arrange(t);
    expect(outcome).toEqual({ kind: "explained", reason });
    expect(t.gateway.checkRuns.slice(before)).toEqual([
      {
        headSha: HEAD,
        name: "plan-sync/write-back",
        status: "completed",
        conclusion: "neutral",
        title: "Write-back not re-run",
        summary: `${reason}\n\n${NOTE}`,
      },
    ]);
    expect(t.lines).toEqual([`info re-run of write-back check on abcdef0: ${reason}`]);
    expect(t.gateway.calls.filter((c) => /^(putFile|setBranch|createPullRequest|getIssue)/.test(c))).toEqual([]);
    return t;
  }

  it("an invalid config names its errors", async () => {
    const t = await explained("`.github/plan-sync.yml` is not valid (bad one; bad two).", ({ rerun }) =>
      rerun(100, { config: { ok: false, errors: ["bad one", "bad two"] } }),
    );
    expect(t.gateway.calls).toEqual(["createCheckRun plan-sync/write-back"]);
  });

  it("write-back turned off", async () => {
    await explained("`writeBack` is off in `.github/plan-sync.yml`.", ({ rerun }) =>
      rerun(100, { config: parseConfig({ writeBack: false }) }),
    );
  });

  it("a check that names no pull request: none is looked up", async () => {
    const t = await explained("This check names no plan-sync pull request.", ({ rerun }) => rerun(null));
    expect(t.gateway.calls).toEqual(["createCheckRun plan-sync/write-back"]);
  });

  it("a pull request that does not exist, or that a person opened", async () => {
    await explained("#99 is not a plan-sync write-back pull request.", ({ rerun }) => rerun(99));
    await explained("#100 is not a plan-sync write-back pull request.", ({ gateway, rerun }) => {
      gateway.pullRequests[0]!.author = "ada";
      return rerun(100);
    });
  });

  it("a pull request on a branch no plan writes to", async () => {
    await explained("No plan with plan-sync issues writes to #100's branch `feature/x`.", ({ gateway, rerun }) => {
      gateway.pullRequests[0]!.headRef = "feature/x";
      return rerun(100);
    });
  });

  it("a plan the config no longer matches", async () => {
    await explained(
      "`docs/plan.md` is no longer matched by `paths`/`ignore` in `.github/plan-sync.yml`.",
      ({ rerun }) => rerun(100, { config: parseConfig({ links: false, ignore: ["docs/**"] }) }),
    );
  });
});
