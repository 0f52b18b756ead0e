import { describe, expect, it } from "vitest";
import type { CommentRecord } from "../../src/github/gateway.js";
import type { Log } from "../../src/log/log.js";
import { findStickyComment, upsertStickyComment } from "../../src/github/sticky-comment.js";

const BOT = "plan-sync[bot]";
const MARKER = "<!-- plan-sync:pr-status v1 -->";
const options = { marker: MARKER, identity: BOT };

/** The three comment calls of a Gateway over one PR's comments, recording each write. */
function comments(initial: CommentRecord[]) {
  const list = [...initial];
  const writes: string[] = [];
  let nextId = 100;
  return {
    writes,
    list,
    async listComments(issue: number) {
      expect(issue).toBe(12);
      return [...list];
    },
    async createComment(issue: number, body: string) {
      writes.push(`create #${issue} ${body}`);
      const c = { id: nextId++, body, author: BOT };
      list.push(c);
      return c;
    },
    async updateComment(id: number, body: string) {
      writes.push(`update ${id} ${body}`);
    },
  };
}

function lines() {
  const out: string[] = [];
  const push = (...args: [string] | [object, string]) => void out.push(args.length === 1 ? args[0] : args[1]);
  const log: Log = { debug: push, info: push, warn: push, error: push };
  return { out, log };
}

describe("the one status comment of ours on a pull request", () => {
  it("is created when there is none of ours", async () => {
    const g = comments([{ id: 1, body: `${MARKER}\ncopied by a person`, author: "octocat" }]);
    const result = await upsertStickyComment(g, 12, `${MARKER}\nstatus`, options);
    expect(result).toEqual({ action: "created", commentId: 100 });
    expect(g.writes).toEqual([`create #12 ${MARKER}\nstatus`]);
  });

  it("costs no write when its text is unchanged", async () => {
    const g = comments([{ id: 5, body: `${MARKER}\nstatus`, author: BOT }]);
    expect(await upsertStickyComment(g, 12, `${MARKER}\nstatus`, options)).toEqual({
      action: "unchanged",
      commentId: 5,
    });
    expect(g.writes).toEqual([]);
  });

  it("is edited in place when its text differs; a comment of ours without the marker is not it", async () => {
    const g = comments([
      { id: 4, body: "a plain note of ours", author: BOT },
      { id: 5, body: `  \n${MARKER}\nold`, author: BOT },
    ]);
    expect(await upsertStickyComment(g, 12, `${MARKER}\nnew`, options)).toEqual({ action: "updated", commentId: 5 });
    expect(g.writes).toEqual([`update 5 ${MARKER}\nnew`]);
  });

  it("with two of ours (a race), updates the first and logs both, deleting nothing", async () => {
    const g = comments([
      { id: 5, body: `${MARKER}\nold`, author: BOT },
      { id: 9, body: `${MARKER}\nolder`, author: BOT },
    ]);
    const { out, log } = lines();
    expect(await upsertStickyComment(g, 12, `${MARKER}\nnew`, { ...options, log })).toEqual({
      action: "updated",
      commentId: 5,
    });
    expect(g.writes).toEqual([`update 5 ${MARKER}\nnew`]);
    expect(out).toEqual(["#12: 2 plan-sync status comments (5, 9); updating 5 only"]);
  });

  it("with two of ours and no log, still updates the first", async () => {
    const g = comments([
      { id: 5, body: `${MARKER}\nold`, author: BOT },
      { id: 9, body: `${MARKER}\nolder`, author: BOT },
    ]);
    expect(await upsertStickyComment(g, 12, `${MARKER}\nnew`, options)).toEqual({ action: "updated", commentId: 5 });
  });

  it("logs nothing with one comment of ours", async () => {
    const g = comments([{ id: 5, body: `${MARKER}\nold`, author: BOT }]);
    const { out, log } = lines();
    await upsertStickyComment(g, 12, `${MARKER}\nnew`, { ...options, log });
    expect(out).toEqual([]);
  });
});

describe("finding our status comment", () => {
  it("is the first comment of ours that starts with the marker", async () => {
    const g = comments([
      { id: 1, body: `${MARKER} by someone else`, author: "octocat" },
      { id: 2, body: `text then ${MARKER}`, author: BOT },
      { id: 3, body: `\n${MARKER}\nours`, author: BOT },
      { id: 4, body: `${MARKER}\nalso ours`, author: BOT },
    ]);
    expect(await findStickyComment(g, 12, options)).toEqual({ id: 3, body: `\n${MARKER}\nours`, author: BOT });
  });

  it("is null when there is none", async () => {
    expect(await findStickyComment(comments([{ id: 1, body: MARKER, author: "octocat" }]), 12, options)).toBeNull();
  });
});
