import { describe, expect, it } from "vitest";
import {
  PR_COMMENT_LIMIT,
  PR_COMMENT_MARKER,
  isPrComment,
  parsePrComment,
  renderPrComment,
  type PrPlanSection,
} from "../../src/render/pr-comment.js";
import type { SyncAction } from "../../src/sync/types.js";

const section = (over: Partial<PrPlanSection> = {}): PrPlanSection => ({
  path: "plans/p.md",
  change: "modified",
  diagnostics: [],
  actions: [],
  blocked: null,
  notes: [],
  progress: [{ area: "GAIN", done: 1, total: 2 }],
  ...over,
});
const input = (plans: PrPlanSection[]) => ({
  serverUrl: "https://github.com",
  owner: "o",
  repo: "r",
  headSha: "abc",
  plans,
});

describe("renderPrComment", () => {
  it("starts with the hidden marker", () => {
    const body = renderPrComment(input([section()]));
    expect(body.startsWith(`${PR_COMMENT_MARKER}\n`)).toBe(true);
    expect(isPrComment(body)).toBe(true);
  });

  it("does not depend on the head commit when there is no diagnostic to link", () => {
    const a = renderPrComment(input([section()]));
    const b = renderPrComment({ ...input([section()]), headSha: "def" });
    expect(a).toBe(b);
  });

  it("links each diagnostic to its line at the PR head", () => {
    const body = renderPrComment(
      input([
        section({
          diagnostics: [
            {
              path: "plans/p.md",
              line: 42,
              column: 1,
              severity: "error",
              code: "duplicate-id",
              message: "GAIN2 twice",
            },
          ],
        }),
      ]),
    );
    expect(body).toContain("[line 42](https://github.com/o/r/blob/abc/plans/p.md#L42) `duplicate-id`: GAIN2 twice");
  });

  it("never pings people or hides the rest of the comment through task titles", () => {
    const actions: SyncAction[] = [
      {
        type: "create-issue",
        path: "plans/p.md",
        taskId: "GAIN1",
        title: "Ask @octocat <!-- hidden",
        body: "",
        labels: [],
      },
    ];
    const body = renderPrComment(input([section({ actions })]));
    expect(body).not.toContain("@octocat");
    expect(body).not.toContain("<!-- hidden");
    expect(body).toContain("Ask @\u200boctocat &lt;!-- hidden");
  });

  it("stays under GitHub's comment size limit for a huge plan", () => {
    const actions: SyncAction[] = Array.from({ length: 3000 }, (_, i) => ({
      type: "create-issue",
      path: "plans/p.md",
      taskId: `GAIN${i}`,
      title: "t".repeat(90),
      body: "",
      labels: [],
    }));
    const plans = Array.from({ length: 40 }, (_, i) =>
      section({ path: `plans/${i}.md`, actions, notes: ["n".repeat(900)] }),
    );
    const body = renderPrComment(input(plans));
    expect(body.length).toBeLessThanOrEqual(PR_COMMENT_LIMIT);
    expect(body).toContain("… and 2970 more");
    expect(parsePrComment(body)?.plans).toHaveLength(40);
  });

  it("says so when the PR touches no plan", () => {
    expect(renderPrComment(input([]))).toContain("changes no plan and refers to no plan task");
  });
});

describe("parsePrComment", () => {
  it("round-trips the per-plan summary", () => {
    const actions: SyncAction[] = [
      { type: "create-issue", path: "plans/p.md", taskId: "GAIN1", title: "GAIN1", body: "", labels: [] },
      { type: "close-issue", path: "plans/p.md", taskId: "GAIN2", issueNumber: 2, reason: "not_planned" },
    ];
    const body = renderPrComment(
      input([
        section({ path: "plans/<-->.md", actions, blocked: "mass close" }),
        section({
          path: "plans/q.md",
          change: "referenced",
          references: [{ taskId: "GAIN3", issueNumber: 3, title: "GAIN3", closes: true, done: false }],
        }),
      ]),
    );
    expect(parsePrComment(body)).toEqual({
      version: 1,
      plans: [
        {
          path: "plans/<-->.md",
          change: "modified",
          create: 1,
          update: 0,
          close: 1,
          reopen: 0,
          errors: 0,
          warnings: 0,
          blocked: true,
          completes: [],
        },
        {
          path: "plans/q.md",
          change: "referenced",
          create: 0,
          update: 0,
          close: 0,
          reopen: 0,
          errors: 0,
          warnings: 0,
          blocked: false,
          completes: ["GAIN3"],
        },
      ],
    });
  });

  it("ignores comments that are not ours or are damaged", () => {
    expect(parsePrComment("LGTM")).toBeNull();
    expect(parsePrComment(`quoting:\n${PR_COMMENT_MARKER}`)).toBeNull();
    expect(parsePrComment(`${PR_COMMENT_MARKER}\nno data`)).toBeNull();
    expect(parsePrComment(`${PR_COMMENT_MARKER}\n<!-- plan-sync:pr-status-data {oops -->`)).toBeNull();
  });
});
