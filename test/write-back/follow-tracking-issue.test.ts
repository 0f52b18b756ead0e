import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config/default-config.js";
import type { IssueRecord } from "../../src/github/gateway.js";
import { applyToTextBudgeted } from "../../src/parse-worker/plan-parser.js";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { renderTrackingIssue, renderTrackingMarker } from "../../src/render/tracking-issue.js";
import { followTrackingIssue } from "../../src/write-back/follow-tracking-issue.js";
import { lineLog } from "./support/line-log.js";
import { MemoryGateway } from "./support/memory-gateway.js";
import { SAMPLE_PLAN } from "./support/sample-plan.js";

/** After a write-back commit, the plan's tracking issue follows the committed plan: only an existing one, at most one write. */

const PATH = "docs/plan.md";
const BOT = "plan-sync[bot]";
const planRepo = { owner: "acme", repo: "plans" };
const ALL_DONE = SAMPLE_PLAN.replace(/\| (DATA1|DATA2|GAIN1|GAIN2) \|/g, "| [x] $1 |");

function edit(text: string, from: string, to: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

/** What push sync would render for the plan as committed (plan link on the branch, areas in the plan's repository). */
function rendered(text: string) {
  return renderTrackingIssue(parsePlan(text, PATH), {
    planUrl: "https://github.example/acme/plans/blob/release%2F2/docs/plan.md",
    repoOfArea: () => "acme/plans",
    titleLength: 80,
  });
}

function tracking(number: number, over: Partial<IssueRecord> = {}): IssueRecord {
  return {
    number,
    title: "Search (plan)",
    body: `${renderTrackingMarker(PATH)}\nan older body`,
    state: "open",
    stateReason: null,
    labels: [],
    author: BOT,
    htmlUrl: `https://github.com/acme/plans/issues/${number}`,
    ...over,
  };
}

function follow(
  gateway: MemoryGateway,
  text: string,
  config = DEFAULT_CONFIG,
  listIssues?: () => Promise<IssueRecord[]>,
) {
  const { log, lines } = lineLog();
  const result = followTrackingIssue({
    gateway,
    planRepo,
    identity: BOT,
    config: { ...config },
    path: PATH,
    text,
    branch: "release/2",
    serverUrl: "https://github.example",
    log,
    ...(listIssues ? { listIssues } : {}),
  });
  return { result, lines };
}

// The parse worker's first task loads remark (seconds on a loaded machine): before the tests, not in the first one.
beforeAll(() => applyToTextBudgeted(SAMPLE_PLAN, PATH, new Map()));

describe("followTrackingIssue", () => {
  it("finds the tracking issue in the listing it is given (the App's remembered one), not a full listing", async () => {
    const gateway = new MemoryGateway({});
    gateway.issues.set(9, tracking(9));
    const remembered = tracking(9);
    const text = edit(SAMPLE_PLAN, "| GAIN1 |", "| [x] GAIN1 |");
    let asked = 0;
    const { result } = follow(gateway, text, DEFAULT_CONFIG, async () => {
      asked++;
      return [remembered];
    });

    expect(await result).toBe("updated");
    expect(asked).toBe(1);
    // Only the write: the issue was found in the given listing, the gateway was asked for none.
    expect(gateway.calls).toEqual([`updateIssue 9 ${JSON.stringify({ body: rendered(text).body })}`]);
  });

  it("an existing tracking issue gets the committed plan's progress in one write, and the log names it", async () => {
    const gateway = new MemoryGateway({});
    gateway.issues.set(9, tracking(9));
    const text = edit(SAMPLE_PLAN, "| GAIN1 |", "| [x] GAIN1 |");
    const { result, lines } = follow(gateway, text);

    expect(await result).toBe("updated");
    expect(gateway.issues.get(9)?.body).toBe(rendered(text).body);
    expect(gateway.calls).toEqual([
      `listIssuesByCreator ${BOT}`,
      `updateIssue 9 ${JSON.stringify({ body: rendered(text).body })}`,
    ]);
    expect(lines).toEqual(["info write-back docs/plan.md: tracking issue #9 follows the plan"]);
  });

  it("every task done: the tracking issue is closed as completed", async () => {
    const gateway = new MemoryGateway({});
    gateway.issues.set(9, tracking(9, { body: rendered(SAMPLE_PLAN).body }));
    expect(await follow(gateway, ALL_DONE).result).toBe("updated");
    expect(gateway.issues.get(9)).toMatchObject({
      state: "closed",
      stateReason: "completed",
      body: rendered(ALL_DONE).body,
    });
  });

  it("a tracking issue that already says it: unchanged, no write, no line", async () => {
    const gateway = new MemoryGateway({});
    gateway.issues.set(9, tracking(9, { body: rendered(SAMPLE_PLAN).body }));
    const { result, lines } = follow(gateway, SAMPLE_PLAN);
    expect(await result).toBe("unchanged");
    expect(gateway.calls).toEqual([`listIssuesByCreator ${BOT}`]);
    expect(lines).toEqual([]);
  });

  it("no tracking issue (or only one a person opened): none is created; that is push sync's job", async () => {
    const gateway = new MemoryGateway({});
    gateway.issues.set(9, tracking(9, { author: "ada" }));
    const { result, lines } = follow(gateway, SAMPLE_PLAN);
    expect(await result).toBe("none");
    expect(gateway.calls).toEqual([`listIssuesByCreator ${BOT}`]);
    expect(lines).toEqual([]);
  });

  it("tracking turned off, or a committed plan with errors: nothing is read or written", async () => {
    const gateway = new MemoryGateway({});
    gateway.issues.set(9, tracking(9));
    expect(await follow(gateway, SAMPLE_PLAN, { ...DEFAULT_CONFIG, tracking: false }).result).toBe("none");
    const broken = edit(SAMPLE_PLAN, "| GAIN2 | Search box", "| GAIN1 | Search box");
    expect(await follow(gateway, broken).result).toBe("none");
    expect(gateway.calls).toEqual([]);
  });
});
