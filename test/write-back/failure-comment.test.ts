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

describe("the write-back failure comment, word for word", () => {
  const simple = { repoUrl: "https://github.com/acme/plans", branch: "main", path: "plan.md" };
  const link = "[`plan.md`](https://github.com/acme/plans/blob/main/plan.md)";
  const next = (again: string) =>
    `To write it at once, ${again}; otherwise plan-sync writes it with the plan's next write-back (the next close or reopen of one of its issues).`;
  const untick = `${WRITE_BACK_COMMENT_MARKER}\n**plan-sync could not untick \`DATA1\` in ${link}**, so the plan does not show this issue as open yet.\n\n`;
  const tick = `${WRITE_BACK_COMMENT_MARKER}\n**plan-sync could not tick \`DATA1\` in ${link}**, so the plan does not show this issue as done yet.\n\n`;

  it("an untick blocked by one error in the plan", () => {
    const diagnostic = { ...error(3), path: "plan.md" };
    expect(renderFailureComment(simple, reopened, { kind: "plan-errors", diagnostics: [diagnostic] })).toBe(
      untick +
        "The plan has 1 error, and plan-sync does not write to a plan that does not parse cleanly:\n\n" +
        "- [`plan.md:3`](https://github.com/acme/plans/blob/main/plan.md#L3): problem on 3\n\n" +
        `**Next:** fix the plan and push it. ${next("close this issue and reopen it again")}\n`,
    );
  });

  it("five errors are all listed, with no count of more", () => {
    const body = renderFailureComment(simple, closed, { kind: "plan-errors", diagnostics: [1, 2, 3, 4, 5].map(error) });
    expect(body).toContain("problem on 5\n\n**Next:**");
    expect(body).not.toContain("more error");
    const six = renderFailureComment(simple, closed, {
      kind: "plan-errors",
      diagnostics: [1, 2, 3, 4, 5, 6].map(error),
    });
    expect(six).toContain("problem on 5\n- …and 1 more error\n\n**Next:**");
  });

  it("a tick blocked by an invalid config lists at most five of its errors", () => {
    const errors = ["a", "b", "c", "d", "e", "f"].map((e) => `areas.${e}: unknown`);
    expect(renderFailureComment(simple, closed, { kind: "config", errors })).toBe(
      tick +
        "`.github/plan-sync.yml` is not valid:\n\n" +
        "- areas.a: unknown\n- areas.b: unknown\n- areas.c: unknown\n- areas.d: unknown\n- areas.e: unknown\n\n" +
        `**Next:** fix \`.github/plan-sync.yml\` and push it. ${next("reopen this issue and close it again")}\n`,
    );
  });

  it("a refusal gives GitHub's reason; giving up says whose fault it is not", () => {
    expect(renderFailureComment(simple, closed, { kind: "refused", reason: "file too large" })).toBe(
      `${tick}Reason: file too large\n\n**Next:** ${next("reopen this issue and close it again")}\n`,
    );
    expect(renderFailureComment(simple, closed, { kind: "gave-up", cause: "github" })).toBe(
      `${tick}GitHub kept answering plan-sync's requests with an error, every time plan-sync tried.\n\n` +
        `**Next:** nothing to fix in the plan. ${next("reopen this issue and close it again")}\n`,
    );
    expect(renderFailureComment(simple, closed, { kind: "gave-up", cause: "github", status: 502 })).toContain(
      "GitHub kept answering plan-sync's requests with an error (HTTP 502), every time plan-sync tried.\n\n",
    );
  });
});
