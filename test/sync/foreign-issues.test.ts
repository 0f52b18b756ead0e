import { describe, expect, it } from "vitest";
import {
  authorsOf,
  describeForeignIssues,
  ForeignIssuesError,
  foreignIssuesAmong,
  foreignIssuesHowTo,
  foreignIssuesPlanNote,
  withoutForeignCreates,
  type ForeignIssue,
} from "../../src/sync/foreign-issues.js";
import type { SyncAction } from "../../src/sync/types.js";
import { renderMarker } from "../../src/render/marker.js";
import { BOT, makeIssue } from "./support.js";

/**
 * Tasks that already have a plan-sync issue by another identity (the workflow's token before the App, or the
 * other way round): which ones, and what the check run and the command say about them.
 */

const create = (path: string, taskId: string): Extract<SyncAction, { type: "create-issue" }> => ({
  type: "create-issue",
  path,
  taskId,
  title: `${taskId}: do it`,
  body: "",
  labels: ["plan"],
});
const issueOf = (number: number, author: string, path: string, task: string) =>
  makeIssue(number, { author, body: renderMarker({ path, task, hash: "0123abcd" }) });

const found: ForeignIssue[] = [
  { path: "docs/a.md", taskId: "DATA3", number: 5, author: "hubot" },
  { path: "docs/a.md", taskId: "DATA1", number: 9, author: "octocat" },
  { path: "docs/b.md", taskId: "DATA2", number: 4, author: "octocat" },
  { path: "docs/b.md", taskId: "DATA1", number: 12, author: "octocat" },
];

describe("issues of another identity for the tasks a sync would create", () => {
  it("each clashing issue of another author once, by plan path then number; the identity's own and other tasks' are not", () => {
    const issues = [
      issueOf(12, "octocat", "docs/b.md", "DATA1"),
      issueOf(4, "octocat", "docs/b.md", "DATA2"),
      issueOf(9, "octocat", "docs/a.md", "DATA1"),
      issueOf(3, BOT, "docs/a.md", "DATA2"),
      issueOf(5, "hubot", "docs/a.md", "DATA3"),
      makeIssue(6, { author: "hubot", body: "no marker" }),
      issueOf(7, "hubot", "docs/a.md", "DATA9"),
    ];
    const creates = ["docs/a.md:DATA1", "docs/a.md:DATA2", "docs/a.md:DATA3", "docs/b.md:DATA1", "docs/b.md:DATA2"].map(
      (k) => create(k.split(":")[0]!, k.split(":")[1]!),
    );
    expect(foreignIssuesAmong(issues, BOT, creates)).toEqual(found);
    expect(foreignIssuesAmong([...issues].reverse(), BOT, creates)).toEqual(found);
  });

  it("only the create actions of those tasks are dropped; updates of them and other plans' tasks stay", () => {
    const update: SyncAction = { type: "update-issue", path: "docs/a.md", taskId: "DATA1", issueNumber: 2, title: "x" };
    const actions: SyncAction[] = [
      create("docs/a.md", "DATA1"),
      create("docs/a.md", "DATA4"),
      update,
      create("docs/c.md", "DATA3"),
      create("docs/b.md", "DATA2"),
    ];
    expect(withoutForeignCreates(actions, found)).toEqual([
      create("docs/a.md", "DATA4"),
      update,
      create("docs/c.md", "DATA3"),
    ]);
  });

  it("authors are named the one with most issues first, then alphabetically", () => {
    expect(authorsOf(found)).toEqual(["octocat", "hubot"]);
    const one = (author: string, number: number): ForeignIssue => ({ path: "p.md", taskId: "A1", number, author });
    expect(authorsOf([one("zed", 1), one("amy", 2), one("kim", 3)])).toEqual(["amy", "kim", "zed"]);
  });

  it("the tasks are listed with their issues, the first five (or the limit), then how many more", () => {
    expect(describeForeignIssues(found)).toBe("DATA3 (#5), DATA1 (#9), DATA2 (#4), DATA1 (#12)");
    expect(describeForeignIssues(found, 4)).toBe("DATA3 (#5), DATA1 (#9), DATA2 (#4), DATA1 (#12)");
    expect(describeForeignIssues(found, 1)).toBe("DATA3 (#5), and 3 more");
    const seven = Array.from({ length: 7 }, (_, i) => ({ ...found[0]!, taskId: `DATA${i + 1}`, number: i + 1 }));
    expect(describeForeignIssues(seven)).toBe("DATA1 (#1), DATA2 (#2), DATA3 (#3), DATA4 (#4), DATA5 (#5), and 2 more");
    expect(describeForeignIssues(found.slice(0, 2), 5, "https://github.com/acme/app")).toBe(
      "DATA3 ([#5](https://github.com/acme/app/issues/5)), DATA1 ([#9](https://github.com/acme/app/issues/9))",
    );
  });

  it("the plan's note on the check run: which tasks, whose issues (linked, the first ten), and why none was created", () => {
    expect(foreignIssuesPlanNote(found.slice(1, 2), BOT)).toBe(
      "DATA1 (#9) already has a plan-sync issue by octocat, so plan-sync[bot] created none for it: it only manages issues it created itself, and another would be a duplicate. See the note at the end.",
    );
    expect(foreignIssuesPlanNote(found.slice(0, 2), BOT, "https://github.com/acme/app")).toBe(
      "DATA3 ([#5](https://github.com/acme/app/issues/5)), DATA1 ([#9](https://github.com/acme/app/issues/9)) already have plan-sync issues by hubot and octocat, so plan-sync[bot] created none for them: it only manages issues it created itself, and another would be a duplicate. See the note at the end.",
    );
    const twelve = Array.from({ length: 12 }, (_, i) => ({ ...found[1]!, taskId: `DATA${i + 1}`, number: i + 1 }));
    expect(foreignIssuesPlanNote(twelve, BOT)).toMatch(/^DATA1 \(#1\), .*, DATA10 \(#10\), and 2 more already have /);
  });

  it("the way out, said once on the check run: move the issues to this identity, or keep the other in charge", () => {
    expect(foreignIssuesHowTo(found, { identity: BOT, label: "plan" })).toBe(
      "some tasks were not given issues because octocat and hubot already made plan-sync issues for them. " +
        "To move them to plan-sync[bot]: stop the other sync (e.g. the workflow running `plan-sync sync`), remove the `plan` label " +
        "from octocat and hubot's plan-sync issues (they stay as history; the issue list can do it for many at once), then push any change to the plan or re-run this check: " +
        "plan-sync[bot] creates its own issues and relinks the plan. To keep octocat and hubot in charge instead, uninstall the App from this repository. " +
        'See "Whose issues" in plan-sync\'s README.',
    );
  });

  it("the command refuses with the tasks, their issues' authors and that nothing was written", () => {
    const error = new ForeignIssuesError(BOT, found);
    expect(error.name).toBe("ForeignIssuesError");
    expect(error.message).toBe(
      "DATA3 (#5), DATA1 (#9), DATA2 (#4), DATA1 (#12) already have plan-sync issues by octocat, hubot, not by plan-sync[bot]; nothing was written",
    );
    expect(error.found).toBe(found);
    expect(error.identity).toBe(BOT);
  });
});
