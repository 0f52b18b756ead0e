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

describe("hasConfirmClose", () => {
  it("needs the line on its own", () => {
    expect(hasConfirmClose("Trim\n\n  Plan-Sync: confirm-close  \n")).toBe(true);
    expect(hasConfirmClose("Do not add plan-sync: confirm-close here")).toBe(false);
    expect(hasConfirmClose(null)).toBe(false);
  });
});
