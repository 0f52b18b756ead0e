import { describe, expect, it } from "vitest";
import type { IssueRecord } from "../../src/github/gateway.js";
import { renderMarker } from "../../src/render/marker.js";
import { desiredFromIssues } from "../../src/write-back/desired-from-issues.js";

const BOT = "plan-sync[bot]";
const opts = { path: "docs/plan.md", identity: BOT, links: true };

function issue(number: number, task: string, over: Partial<IssueRecord> = {}): IssueRecord {
  return {
    number,
    title: `${task}: something`,
    body: `Body\n\n${renderMarker({ path: "docs/plan.md", task, hash: "0123abcd" })}\n`,
    state: "closed",
    stateReason: "completed",
    labels: [],
    author: BOT,
    htmlUrl: `https://github.com/acme/plans/issues/${number}`,
    ...over,
  };
}

describe("desiredFromIssues", () => {
  it("ticks a task whose issue is closed as completed and links it", () => {
    const { desired } = desiredFromIssues([issue(12, "DATA1")], opts);
    expect(desired).toEqual(
      new Map([["DATA1", { done: true, issue: { number: 12, url: "https://github.com/acme/plans/issues/12" } }]]),
    );
  });

  it("leaves unticked an issue closed as not planned, and one that is open again", () => {
    const { desired } = desiredFromIssues(
      [
        issue(1, "DATA1", { stateReason: "not_planned" }),
        issue(2, "DATA2", { state: "open", stateReason: "reopened" }),
      ],
      opts,
    );
    expect(desired.get("DATA1")?.done).toBe(false);
    expect(desired.get("DATA2")?.done).toBe(false);
  });

  it("writes no link when links are turned off", () => {
    const { desired } = desiredFromIssues([issue(12, "DATA1")], { ...opts, links: false });
    expect(desired.get("DATA1")).toEqual({ done: true });
  });

  it("ignores a person's issue carrying a copied marker, an issue without a marker, and another plan's issue", () => {
    const { desired, ignored } = desiredFromIssues(
      [
        issue(3, "DATA1", { author: "mallory" }),
        issue(4, "DATA2", { body: "no marker here" }),
        issue(5, "DATA3", { body: renderMarker({ path: "other/plan.md", task: "DATA3", hash: "0123abcd" }) }),
        null,
      ],
      opts,
    );
    expect(desired.size).toBe(0);
    expect(ignored).toEqual([
      "#3 is by mallory, not plan-sync[bot]",
      "#4 has no plan-sync marker",
      "#5 now belongs to other/plan.md",
    ]);
  });

  it("counts the app's issue when its author login differs from the identity only in case", () => {
    const { desired, ignored } = desiredFromIssues([issue(7, "DATA1", { author: "Plan-Sync[bot]" })], opts);
    expect(ignored).toEqual([]);
    expect(desired.get("DATA1")).toMatchObject({ done: true, issue: { number: 7 } });
  });

  it("lets the lowest-numbered issue speak for a task that has duplicates", () => {
    const { desired } = desiredFromIssues(
      [issue(9, "DATA1", { state: "open", stateReason: null }), issue(4, "DATA1")],
      opts,
    );
    expect(desired.get("DATA1")).toMatchObject({ done: true, issue: { number: 4 } });
  });
});

describe("desiredFromIssues: what the burst counts and why it leaves issues out", () => {
  const routed = (number: number, task: string, repo: string, over: Partial<IssueRecord> = {}) =>
    issue(number, task, {
      body: `Body\n\n${renderMarker({ path: "docs/plan.md", task, hash: "0123abcd", repo })}\n`,
      ...over,
    });

  it("counts each task's issue with its state: open and closed-as-not-planned are not done", () => {
    const { counted } = desiredFromIssues(
      [
        issue(3, "DATA3", { state: "open", stateReason: "reopened" }),
        issue(1, "DATA1"),
        issue(2, "DATA2", { stateReason: "not_planned" }),
      ],
      opts,
    );
    expect(counted).toEqual([
      { number: 1, task: "DATA1", done: true },
      { number: 2, task: "DATA2", done: false },
      { number: 3, task: "DATA3", done: false },
    ]);
  });

  it("an issue of a plan in another repository counts only for that plan, its name compared without case", () => {
    const planRepo = { ...opts, planRepo: "Acme/Plans" };
    expect(desiredFromIssues([routed(5, "DATA1", "acme/plans")], planRepo).counted).toEqual([
      { number: 5, task: "DATA1", done: true },
    ]);
    const other = desiredFromIssues([routed(6, "DATA1", "acme/other")], planRepo);
    expect(other.counted).toEqual([]);
    expect(other.ignored).toEqual(["#6 belongs to the plans of acme/other"]);
    // An issue of this repository's own plans is not the routed plan's.
    const own = desiredFromIssues([issue(7, "DATA1")], planRepo);
    expect(own.ignored).toEqual(["#7 belongs to the plans of its own repository"]);
    // …and a routed issue is not this repository's own plan's.
    expect(desiredFromIssues([routed(8, "DATA1", "acme/plans")], opts).ignored).toEqual([
      "#8 belongs to the plans of acme/plans",
    ]);
  });

  it("a duplicate issue for a task is named in the log, the lowest number kept", () => {
    const { counted, ignored } = desiredFromIssues([issue(9, "DATA1"), issue(4, "DATA1", { state: "open" })], opts);
    expect(counted).toEqual([{ number: 4, task: "DATA1", done: false }]);
    expect(ignored).toEqual(["#9 duplicates #4 for DATA1"]);
  });
});
