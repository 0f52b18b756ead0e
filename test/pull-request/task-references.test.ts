import { describe, expect, it } from "vitest";
import { findTaskReferences, hasClosingKeyword, type ManagedTask } from "../../src/pull-request/task-references.js";

const repo = { owner: "acme", repo: "app" };
const managed: ManagedTask[] = [
  { issueNumber: 12, path: "plans/a.md", taskId: "GAIN2" },
  { issueNumber: 13, path: "plans/a.md", taskId: "GAIN21" },
  { issueNumber: 14, path: "plans/a.md", taskId: "DATA1" },
  { issueNumber: 15, path: "plans/b.md", taskId: "T1.1" },
];
const pr = (over: Partial<{ title: string; body: string; headRef: string }>) => ({
  title: "Refactor",
  body: "",
  headRef: "main-work",
  ...over,
});
const refs = (over: Partial<{ title: string; body: string; headRef: string }>) =>
  findTaskReferences(pr(over), repo, managed).map((r) => `${r.taskId}${r.closes ? " closes" : ""}`);

describe("findTaskReferences", () => {
  it("reads GitHub's closing keywords in any case, with or without a colon", () => {
    expect(refs({ body: "Closes #12" })).toEqual(["GAIN2 closes"]);
    expect(refs({ body: "this FIXES: #14 and resolved #13" })).toEqual(["GAIN21 closes", "DATA1 closes"]);
    expect(refs({ body: "fixed acme/app#15" })).toEqual(["T1.1 closes"]);
  });

  it("ignores closing keywords for other repositories and plain mentions", () => {
    expect(refs({ body: "Closes other/repo#12, see #14, prefixes #13" })).toEqual([]);
  });

  it("finds task IDs as whole tokens in the title or branch name, any case", () => {
    expect(refs({ title: "GAIN2: search page" })).toEqual(["GAIN2"]);
    expect(refs({ headRef: "feature/gain21-ranking" })).toEqual(["GAIN21"]);
    expect(refs({ headRef: "t1.1-fix" })).toEqual(["T1.1"]);
    expect(refs({ title: "DATA10 and XGAIN2" })).toEqual([]);
  });

  it("lists an issue once, marked closing when any reference closes it", () => {
    expect(refs({ title: "GAIN2", body: "Closes #12" })).toEqual(["GAIN2 closes"]);
  });

  it("ignores issues that are not managed", () => {
    expect(refs({ body: "Closes #99" })).toEqual([]);
  });
});

describe("hasClosingKeyword", () => {
  it("says whether a PR body closes anything, by the same keywords findTaskReferences reads", () => {
    expect(hasClosingKeyword("Fixes: #3")).toBe(true);
    expect(hasClosingKeyword("resolved other/repo#12")).toBe(true);
    expect(hasClosingKeyword("see #14; closes the gap")).toBe(false);
    expect(hasClosingKeyword("")).toBe(false);
  });

  it("gives the same answer when asked twice (no state kept between calls)", () => {
    expect([hasClosingKeyword("Closes #12"), hasClosingKeyword("Closes #12")]).toEqual([true, true]);
  });
});
