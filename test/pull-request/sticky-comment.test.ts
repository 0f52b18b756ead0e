import { silentLog } from "../../src/log/log.js";
import { describe, expect, it } from "vitest";
import type { CommentRecord, Gateway } from "../../src/github/gateway.js";
import { upsertStickyComment } from "../../src/github/sticky-comment.js";

const MARKER = "<!-- plan-sync:pr-status v1 -->";
const BOT = "plan-sync[bot]";

/** Comments in memory; records every write so tests can assert "no write". */
function fakeComments(initial: CommentRecord[]) {
  const comments = [...initial];
  const writes: string[] = [];
  let nextId = 1000;
  const gateway: Pick<Gateway, "listComments" | "createComment" | "updateComment"> = {
    listComments: async () => comments.map((c) => ({ ...c })),
    createComment: async (_n, body) => {
      writes.push(`create`);
      const c = { id: nextId++, body, author: BOT };
      comments.push(c);
      return c;
    },
    updateComment: async (id, body) => {
      writes.push(`update ${id}`);
      const c = comments.find((x) => x.id === id);
      if (c) c.body = body;
    },
  };
  return { comments, writes, gateway };
}

const opts = { marker: MARKER, identity: BOT };

describe("upsertStickyComment", () => {
  it("creates the comment when there is none, then edits that same comment", async () => {
    const fake = fakeComments([{ id: 1, body: "LGTM", author: "alice" }]);
    expect(await upsertStickyComment(fake.gateway, 5, `${MARKER}\nv1`, opts)).toEqual({
      action: "created",
      commentId: 1000,
    });
    expect(await upsertStickyComment(fake.gateway, 5, `${MARKER}\nv2`, opts)).toEqual({
      action: "updated",
      commentId: 1000,
    });
    expect(fake.writes).toEqual(["create", "update 1000"]);
    expect(fake.comments.filter((c) => c.author === BOT)).toHaveLength(1);
  });

  it("writes nothing when the body is unchanged", async () => {
    const fake = fakeComments([{ id: 7, body: `${MARKER}\nsame`, author: BOT }]);
    expect(await upsertStickyComment(fake.gateway, 5, `${MARKER}\nsame`, opts)).toEqual({
      action: "unchanged",
      commentId: 7,
    });
    expect(fake.writes).toEqual([]);
  });

  it("never edits someone else's comment that carries our marker", async () => {
    const fake = fakeComments([{ id: 3, body: `${MARKER}\ncopied`, author: "mallory" }]);
    await upsertStickyComment(fake.gateway, 5, `${MARKER}\nreal`, opts);
    expect(fake.writes).toEqual(["create"]);
    expect(fake.comments.find((c) => c.id === 3)?.body).toBe(`${MARKER}\ncopied`);
  });

  it("ignores our other comments without the marker", async () => {
    const fake = fakeComments([{ id: 4, body: "something else plan-sync said", author: BOT }]);
    await upsertStickyComment(fake.gateway, 5, `${MARKER}\nreal`, opts);
    expect(fake.writes).toEqual(["create"]);
  });

  it("updates the first of several (an old race) and leaves the others, saying so in the log", async () => {
    const fake = fakeComments([
      { id: 10, body: `${MARKER}\nold`, author: BOT },
      { id: 11, body: `${MARKER}\nold`, author: BOT },
    ]);
    const logged: string[] = [];
    await upsertStickyComment(fake.gateway, 5, `${MARKER}\nnew`, {
      ...opts,
      log: { ...silentLog, info: (_fields: object | string, m?: string) => void logged.push(m ?? String(_fields)) },
    });
    expect(fake.writes).toEqual(["update 10"]);
    expect(logged.join()).toContain("10, 11");
  });
});
