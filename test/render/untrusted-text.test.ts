import { describe, expect, it } from "vitest";
import { renderCheckRun } from "../../src/render/check-run.js";
import { PR_COMMENT_MARKER, parsePrComment, renderPrComment, type PrPlanSection } from "../../src/render/pr-comment.js";
import type { SyncAction } from "../../src/sync/types.js";

/**
 * Task titles, descriptions and paths come from whoever opened the pull
 * request (forks included). In plan-sync's own comment and check run they
 * must stay text: no hidden marker, no HTML, no mention or team ping.
 */
const ZWJ = "\u200d";
const HOSTILE_TITLE =
  "Ship ` it <!-- plan-sync:pr-status v1 --> <img src=x onerror=alert(1)> @alice @" +
  ZWJ +
  "bob @org/team \\| `x` &#64;carol";
const HOSTILE_PATH = 'plans/<!-- plan-sync:v1 {"path":"x","task":"DATA1","hash":"abcdef12"} -->.md';

const actions: SyncAction[] = [
  { type: "create-issue", path: HOSTILE_PATH, taskId: "DATA1", title: HOSTILE_TITLE, body: "", labels: [] },
];
const section: PrPlanSection = {
  path: HOSTILE_PATH,
  change: "added",
  diagnostics: [
    {
      path: HOSTILE_PATH,
      line: 3,
      column: 1,
      severity: "error",
      code: "duplicate-id",
      message: `Task ID DATA1 is used twice: ${HOSTILE_TITLE}`,
    },
  ],
  actions,
  blocked: null,
  notes: [],
  progress: [],
};

/** `@` not followed by the zero-width space plan-sync puts after it: GitHub would read a mention there. */
const LIVE_MENTION = /@(?!\u200b)/;

describe("untrusted text in plan-sync's PR comment and check run", () => {
  const body = renderPrComment({
    serverUrl: "https://github.com",
    owner: "o",
    repo: "r",
    headSha: "abc",
    plans: [section],
  });
  const run = renderCheckRun({ mode: "preview", plans: [section] });

  it("plants no HTML comment: the only ones are plan-sync's marker and its data block", () => {
    expect(body.startsWith(`${PR_COMMENT_MARKER}\n`)).toBe(true);
    expect(body.match(/<!--/g)).toHaveLength(2);
    expect(run.summary).not.toContain("<!--");
  });

  it("shows HTML as text", () => {
    expect(body).not.toMatch(/<img/i);
    expect(run.summary).not.toMatch(/<img/i);
    expect(body).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("pings nobody, a zero-width joiner after the @ included", () => {
    expect(body).not.toMatch(LIVE_MENTION);
    expect(run.summary).not.toMatch(LIVE_MENTION);
    expect(body).not.toContain(`@${ZWJ}`);
    expect(body).toContain("@\u200balice");
  });

  it("keeps backticks and backslashes from the text from opening code spans or undoing an escape", () => {
    const titleLine = body.split("\n").find((l) => l.includes("Ship")) ?? "";
    expect(titleLine).toContain("Ship \\` it");
    expect(titleLine).toContain("\\\\\\|");
    // Unescaped backticks on the line are only those of plan-sync's own code spans (the task ID): paired.
    expect(titleLine.replace(/\\\\/g, "").match(/(?<!\\)`/g)?.length ?? 0).toBe(2);
    expect(body).toContain("&amp;#64;carol");
  });

  it("still round-trips: the comment's data block reads back with the path as written", () => {
    const data = parsePrComment(body);
    expect(data?.plans.map((p) => p.path)).toEqual([HOSTILE_PATH]);
  });
});
