import { describe, expect, it } from "vitest";
import {
  toChangedFile,
  toCommentRecord,
  toGitHubAnnotation,
  toIssueRecord,
  toLabelRecord,
  toPullRequestRecord,
} from "../../src/github/map-records.js";

const minimalIssue = { number: 3, title: "T", state: "open", html_url: "https://github.com/a/b/issues/3" };

describe("GitHub's issue JSON as plan-sync's record", () => {
  it("keeps every field GitHub sends", () => {
    expect(
      toIssueRecord({
        number: 7,
        id: 700,
        title: "DATA1: Load",
        body: "text",
        state: "closed",
        state_reason: "completed",
        labels: ["plain", { name: "area:DATA" }],
        user: { login: "plan-sync[bot]" },
        html_url: "https://github.com/a/b/issues/7",
        closed_at: "2026-01-02T00:00:00Z",
        updated_at: "2026-01-03T00:00:00Z",
      }),
    ).toEqual({
      number: 7,
      id: 700,
      title: "DATA1: Load",
      body: "text",
      state: "closed",
      stateReason: "completed",
      labels: ["plain", "area:DATA"],
      author: "plan-sync[bot]",
      htmlUrl: "https://github.com/a/b/issues/7",
      closedAt: "2026-01-02T00:00:00Z",
      updatedAt: "2026-01-03T00:00:00Z",
    });
  });

  it("fills what a fake or an old GitHub leaves out: no id, no body, no labels, no user, no dates", () => {
    const record = toIssueRecord(minimalIssue);
    expect(record).toEqual({
      number: 3,
      title: "T",
      body: "",
      state: "open",
      stateReason: null,
      labels: [],
      author: "",
      htmlUrl: "https://github.com/a/b/issues/3",
    });
    expect(Object.keys(record)).not.toContain("id");
    expect(Object.keys(record)).not.toContain("closedAt");
    expect(Object.keys(record)).not.toContain("updatedAt");
  });

  it("keeps a null closed_at and updated_at as null (an open issue), not absent", () => {
    const record = toIssueRecord({ ...minimalIssue, body: null, user: null, closed_at: null, updated_at: null });
    expect(record).toMatchObject({ body: "", author: "", closedAt: null, updatedAt: null });
  });

  it("reads any state other than closed as open", () => {
    expect(toIssueRecord({ ...minimalIssue, state: "closed" }).state).toBe("closed");
    expect(toIssueRecord({ ...minimalIssue, state: "CLOSED" }).state).toBe("open");
    expect(toIssueRecord({ ...minimalIssue, state: "all" }).state).toBe("open");
  });

  it("keeps GitHub's four state reasons and drops any other", () => {
    for (const reason of ["completed", "not_planned", "reopened", "duplicate"]) {
      expect(toIssueRecord({ ...minimalIssue, state_reason: reason }).stateReason).toBe(reason);
    }
    expect(toIssueRecord({ ...minimalIssue, state_reason: "spam" }).stateReason).toBeNull();
    expect(toIssueRecord({ ...minimalIssue, state_reason: "" }).stateReason).toBeNull();
    expect(toIssueRecord({ ...minimalIssue, state_reason: null }).stateReason).toBeNull();
  });

  it("drops labels without a name", () => {
    expect(toIssueRecord({ ...minimalIssue, labels: [{}, { name: "" }, "", "x", { name: "y" }] }).labels).toEqual([
      "x",
      "y",
    ]);
  });

  it("reads the author from a user without a login as nobody", () => {
    expect(toIssueRecord({ ...minimalIssue, user: {} }).author).toBe("");
  });
});

describe("labels, comments, annotations", () => {
  it("a label without a colour gets an empty one", () => {
    expect(toLabelRecord({ name: "plan-sync", color: "ededed" })).toEqual({ name: "plan-sync", color: "ededed" });
    expect(toLabelRecord({ name: "plan-sync", color: null })).toEqual({ name: "plan-sync", color: "" });
    expect(toLabelRecord({ name: "plan-sync" })).toEqual({ name: "plan-sync", color: "" });
  });

  it("a comment's body and author, empty when GitHub sends none", () => {
    expect(toCommentRecord({ id: 5, body: "hi", user: { login: "octocat" } })).toEqual({
      id: 5,
      body: "hi",
      author: "octocat",
    });
    expect(toCommentRecord({ id: 6, body: null, user: null })).toEqual({ id: 6, body: "", author: "" });
    expect(toCommentRecord({ id: 7, user: {} })).toEqual({ id: 7, body: "", author: "" });
  });

  it("an annotation in GitHub's field names, with a title only when it has one", () => {
    const base = { path: "plans/p.md", startLine: 3, endLine: 4, level: "failure" as const, message: "bad" };
    expect(toGitHubAnnotation(base)).toEqual({
      path: "plans/p.md",
      start_line: 3,
      end_line: 4,
      annotation_level: "failure",
      message: "bad",
    });
    expect(Object.keys(toGitHubAnnotation(base))).not.toContain("title");
    expect(toGitHubAnnotation({ ...base, title: "Plan error" })).toMatchObject({ title: "Plan error" });
  });
});

describe("a changed file of a compare or a pull request", () => {
  it.each([
    ["added", "added"],
    ["copied", "added"],
    ["removed", "removed"],
    ["modified", "modified"],
    ["changed", "modified"],
  ])("GitHub's %s is %s", (status, expected) => {
    expect(toChangedFile({ filename: "p.md", status })).toEqual({ path: "p.md", status: expected });
  });

  it("an unchanged file (or a status GitHub may add) is not a change", () => {
    expect(toChangedFile({ filename: "p.md", status: "unchanged" })).toBeNull();
    expect(toChangedFile({ filename: "p.md", status: "" })).toBeNull();
  });

  it("a rename keeps its previous path; no other status does", () => {
    expect(toChangedFile({ filename: "new.md", status: "renamed", previous_filename: "old.md" })).toEqual({
      path: "new.md",
      status: "renamed",
      previousPath: "old.md",
    });
    const withoutPrevious = toChangedFile({ filename: "new.md", status: "renamed" });
    expect(withoutPrevious).toEqual({ path: "new.md", status: "renamed" });
    expect(Object.keys(withoutPrevious!)).toEqual(["path", "status"]);
    expect(toChangedFile({ filename: "c.md", status: "copied", previous_filename: "old.md" })).toEqual({
      path: "c.md",
      status: "added",
    });
  });
});

describe("GitHub's pull request JSON as plan-sync's record", () => {
  const pull = {
    number: 9,
    title: "Plan GAIN3",
    body: "why",
    state: "open",
    user: { login: "octocat" },
    html_url: "https://github.com/a/b/pull/9",
    head: { ref: "plan/gain3", sha: "h1", repo: { full_name: "fork/b" } },
    base: { ref: "main", sha: "b1" },
  };

  it("keeps every field, the head repository by full name", () => {
    expect(toPullRequestRecord(pull)).toEqual({
      number: 9,
      title: "Plan GAIN3",
      body: "why",
      state: "open",
      author: "octocat",
      htmlUrl: "https://github.com/a/b/pull/9",
      headRef: "plan/gain3",
      headSha: "h1",
      headRepo: "fork/b",
      baseRef: "main",
      baseSha: "b1",
    });
  });

  it("a closed pull request, a deleted fork, no body and no user", () => {
    expect(
      toPullRequestRecord({
        ...pull,
        state: "closed",
        body: null,
        user: null,
        head: { ref: "x", sha: "s", repo: null },
      }),
    ).toMatchObject({ state: "closed", body: "", author: "", headRepo: null });
    expect(toPullRequestRecord({ ...pull, state: "merged?", head: { ref: "x", sha: "s", repo: {} } })).toMatchObject({
      state: "open",
      headRepo: null,
    });
    expect(toPullRequestRecord({ ...pull, user: {} }).author).toBe("");
  });
});
