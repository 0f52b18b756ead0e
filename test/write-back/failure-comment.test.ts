import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/plan/types.js";
import {
  renderFailureComment,
  renderWrittenComment,
  WRITE_BACK_COMMENT_MARKER,
} from "../../src/write-back/failure-comment.js";

const place = { repoUrl: "https://github.com/acme/plans", branch: "release/2.x", path: "docs/my plan#1.md" };
const closed = { number: 4, task: "DATA1", done: true };
const reopened = { number: 4, task: "DATA1", done: false };
const error = (line: number): Diagnostic => ({
  path: place.path,
  line,
  column: 1,
  severity: "error",
  code: "duplicate-id",
  message: `problem on ${line}`,
});

describe("the write-back failure comment", () => {
  it("links the plan and each error's line on the default branch, path and branch encoded segment by segment", () => {
    const body = renderFailureComment(place, closed, { kind: "plan-errors", diagnostics: [error(7)] });
    const url = "https://github.com/acme/plans/blob/release/2.x/docs/my%20plan%231.md";
    expect(body.startsWith(`${WRITE_BACK_COMMENT_MARKER}\n`)).toBe(true);
    expect(body).toContain(`could not tick \`DATA1\` in [\`docs/my plan#1.md\`](${url})`);
    expect(body).toContain(`- [\`docs/my plan#1.md:7\`](${url}#L7): problem on 7`);
  });

  it("lists the first five errors and counts the rest", () => {
    const body = renderFailureComment(place, closed, {
      kind: "plan-errors",
      diagnostics: [1, 2, 3, 4, 5, 6, 7].map(error),
    });
    expect(body).toContain("The plan has 7 errors");
    expect(body).toContain("problem on 5");
    expect(body).not.toContain("problem on 6");
    expect(body).toContain("- …and 2 more errors");
  });

  it("for a reopen, says the untick was not written and how to redo it", () => {
    const body = renderFailureComment(place, reopened, {
      kind: "refused",
      reason: "docs/my plan#1.md does not exist on release/2.x",
    });
    expect(body).toContain("could not untick `DATA1`");
    expect(body).toContain("Reason: docs/my plan#1.md does not exist on release/2.x");
    expect(body).toContain("close this issue and reopen it again");
  });

  it("tells conflicts from GitHub failing", () => {
    expect(renderFailureComment(place, closed, { kind: "gave-up", cause: "conflicts" })).toContain(
      "The plan kept changing between plan-sync's read and its write",
    );
    expect(renderFailureComment(place, closed, { kind: "gave-up", cause: "github" })).toContain(
      "with an error, every time",
    );
  });

  it("says how the state was written: a commit, a pull request, or the plan already agreeing", () => {
    expect(renderWrittenComment(place, closed, { kind: "committed", commitSha: "abcdef0123" })).toContain(
      "`DATA1` is ticked in [`docs/my plan#1.md`]",
    );
    expect(renderWrittenComment(place, closed, { kind: "committed", commitSha: "abcdef0123" })).toContain(
      "(commit abcdef0).",
    );
    expect(
      renderWrittenComment(place, reopened, {
        kind: "pull-request",
        number: 9,
        url: "https://github.com/acme/plans/pull/9",
      }),
    ).toContain(
      "`DATA1` is unticked in [`docs/my plan#1.md`](https://github.com/acme/plans/blob/release/2.x/docs/my%20plan%231.md) by pull request [#9](https://github.com/acme/plans/pull/9)",
    );
    expect(renderWrittenComment(place, closed, { kind: "unchanged" })).toContain(
      "already shows it: `DATA1` is ticked.",
    );
  });
});
