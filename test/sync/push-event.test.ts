import { describe, expect, it } from "vitest";
import { hasConfirmClose } from "../../src/sync/confirm-close.js";
import { readPushEvent, ZERO_SHA, type PushPayload } from "../../src/sync/push-event.js";

const base = (over: Partial<PushPayload> = {}): PushPayload => ({
  ref: "refs/heads/main",
  before: "a".repeat(40),
  after: "b".repeat(40),
  repository: { default_branch: "main" },
  head_commit: { message: "Edit", modified: ["docs/plan.md"] },
  commits: [{ message: "Edit", modified: ["docs/plan.md"] }],
  ...over,
});

describe("readPushEvent", () => {
  it("syncs a push of the default branch that touches Markdown", () => {
    expect(readPushEvent(base())).toMatchObject({
      kind: "sync",
      push: { branch: "main", before: "a".repeat(40), after: "b".repeat(40), touchesConfig: false },
    });
  });

  it.each([
    ["a tag", base({ ref: "refs/tags/v1" }), "not a branch"],
    ["another branch", base({ ref: "refs/heads/feature" }), "not the default branch"],
    ["a deleted branch", base({ deleted: true, after: ZERO_SHA }), "deleted"],
    ["a push with no Markdown", base({ commits: [{ modified: ["src/a.ts"] }] }), "no Markdown"],
  ])("ignores %s", (_what, payload, reason) => {
    const decision = readPushEvent(payload);
    expect(decision.kind).toBe("ignore");
    expect(decision.kind === "ignore" && decision.reason).toContain(reason);
  });

  it("a push touching only the config is synced, and asks for a fresh config", () => {
    expect(readPushEvent(base({ commits: [{ modified: [".github/plan-sync.yml"] }] }))).toMatchObject({
      kind: "sync",
      push: { touchesConfig: true },
    });
  });

  it("a confirm-close commit is synced even if it touches no Markdown", () => {
    const decision = readPushEvent(
      base({ head_commit: { message: "ok\n\nplan-sync: confirm-close" }, commits: [{ modified: ["a.txt"] }] }),
    );
    expect(decision.kind).toBe("sync");
  });

  it("confirm-close counts in any commit of the push, not only the head commit", () => {
    const first = { message: "Trim the plan\n\nplan-sync: confirm-close", modified: ["docs/plan.md"] };
    const later = { message: "Fix a typo", modified: ["docs/plan.md"] };
    const decision = readPushEvent(base({ head_commit: later, commits: [first, later] }));
    expect(decision).toMatchObject({ kind: "sync", push: { confirmClose: true } });
    expect(readPushEvent(base({ head_commit: later, commits: [later] }))).toMatchObject({
      kind: "sync",
      push: { confirmClose: false },
    });
  });

  it("a push of no Markdown is synced when an earlier commit of it confirms", () => {
    const decision = readPushEvent(
      base({
        head_commit: { message: "Notes", modified: ["a.txt"] },
        commits: [
          { message: "ok\n\nplan-sync: confirm-close", modified: ["b.txt"] },
          { message: "Notes", modified: ["a.txt"] },
        ],
      }),
    );
    expect(decision).toMatchObject({ kind: "sync", push: { confirmClose: true } });
  });

  it("a new branch keeps the zero `before`", () => {
    expect(readPushEvent(base({ before: ZERO_SHA }))).toMatchObject({ kind: "sync", push: { before: ZERO_SHA } });
  });
});

describe("readPushEvent: which pushes are synced, and the reason given for the others", () => {
  const reason = (payload: PushPayload) => {
    const decision = readPushEvent(payload);
    return decision.kind === "ignore" ? decision.reason : "synced";
  };

  it("a push to another branch names the default branch, or says it is unknown", () => {
    expect(reason(base({ ref: "refs/heads/feature" }))).toBe("feature is not the default branch (main)");
    expect(reason(base({ ref: "refs/heads/feature", repository: {} }))).toBe(
      "feature is not the default branch (unknown)",
    );
  });

  it("a branch whose new head is all zeros is deleted even without the `deleted` flag; a sha merely starting or ending in zeros is not", () => {
    expect(reason(base({ after: ZERO_SHA }))).toBe("main was deleted");
    expect(reason(base({ after: `00${"b".repeat(38)}` }))).toBe("synced");
    expect(reason(base({ after: `${"b".repeat(38)}00` }))).toBe("synced");
  });

  it("a force-push back to an older commit (no commits in the payload) is ignored: nothing to sync", () => {
    expect(reason(base({ commits: [] }))).toBe("the push adds no commits");
    expect(reason(base({ commits: null }))).toBe("the push adds no commits");
    expect(reason(base({ commits: undefined }))).toBe("the push adds no commits");
  });

  it("a push of no commits that confirms a close is still synced", () => {
    const decision = readPushEvent(base({ head_commit: { message: "x\n\nplan-sync: confirm-close" }, commits: [] }));
    expect(decision).toMatchObject({ kind: "sync", push: { confirmClose: true, touchesConfig: true } });
  });

  it("a new branch pushed at an existing commit (no commits listed) is synced, reading the config again", () => {
    expect(readPushEvent(base({ before: ZERO_SHA, commits: [] }))).toMatchObject({
      kind: "sync",
      push: { before: ZERO_SHA, touchesConfig: true },
    });
  });

  it("a `before` merely starting or ending in zeros is an ordinary push, kept as it is", () => {
    for (const before of [`00${"a".repeat(38)}`, `${"a".repeat(38)}00`]) {
      expect(readPushEvent(base({ before }))).toMatchObject({ kind: "sync", push: { before } });
    }
  });

  it("a push of 2,048 commits (GitHub's cap: the payload may not list every file) is synced and reads the config again", () => {
    const commits = Array.from({ length: 2048 }, () => ({ message: "Code", modified: ["src/a.ts"] }));
    expect(readPushEvent(base({ commits }))).toMatchObject({ kind: "sync", push: { touchesConfig: true } });
    const mdCommits = Array.from({ length: 2048 }, () => ({ message: "Plan", modified: ["docs/plan.md"] }));
    expect(readPushEvent(base({ commits: mdCommits }))).toMatchObject({ kind: "sync", push: { touchesConfig: true } });
    const fewer = Array.from({ length: 2047 }, () => ({ message: "Code", modified: ["src/a.ts"] }));
    expect(reason(base({ commits: fewer }))).toBe("the push touches no Markdown file and not the config");
  });

  it("a commit touching code and one Markdown file (added, modified or removed) is synced", () => {
    expect(reason(base({ commits: [{ modified: ["src/a.ts", "docs/plan.md"] }] }))).toBe("synced");
    expect(reason(base({ commits: [{ added: ["docs/new.md"] }] }))).toBe("synced");
    expect(reason(base({ commits: [{ removed: ["docs/old.MD"] }] }))).toBe("synced");
  });

  it("a file only starting with `.md` in its extension is not Markdown", () => {
    expect(reason(base({ commits: [{ modified: ["docs/plan.md.bak", "docs/page.mdx"] }] }))).toBe(
      "the push touches no Markdown file and not the config",
    );
  });

  it("the head commit is handed on (who made it decides whether the push is plan-sync's own), or null without one", () => {
    const head = { message: "Edit", modified: ["docs/plan.md"], author: { name: "Ada" } };
    expect(readPushEvent(base({ head_commit: head }))).toMatchObject({ kind: "sync", push: { headCommit: head } });
    expect(readPushEvent(base({ head_commit: null }))).toMatchObject({ kind: "sync", push: { headCommit: null } });
    expect(readPushEvent(base({ head_commit: undefined }))).toMatchObject({ kind: "sync", push: { headCommit: null } });
  });
});

describe("hasConfirmClose", () => {
  it("needs the line on its own", () => {
    expect(hasConfirmClose("Trim\n\n  Plan-Sync: confirm-close  \n")).toBe(true);
    expect(hasConfirmClose("Do not add plan-sync: confirm-close here")).toBe(false);
    expect(hasConfirmClose(null)).toBe(false);
  });
});
