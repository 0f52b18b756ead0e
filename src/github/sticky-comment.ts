import type { Log } from "../log/log.js";
import { isAuthoredBy } from "../sync/managed-issues.js";
import type { CommentRecord, Gateway } from "./gateway.js";

export interface StickyCommentOptions {
  /** Hidden marker the comment starts with, e.g. `<!-- plan-sync:pr-status v1 -->`. */
  marker: string;
  /** Login of the app, e.g. "plan-sync[bot]": a marker in someone else's comment must not make us edit it. */
  identity: string;
  log?: Log;
}

export interface StickyCommentResult {
  action: "created" | "updated" | "unchanged";
  commentId: number;
}

/**
 * Keeps exactly one comment of ours on an issue or PR: found across every page
 * of comments, edited in place only when the text differs (so an unchanged
 * status costs no write and no notification), created when absent.
 */
export async function upsertStickyComment(
  gateway: Pick<Gateway, "listComments" | "createComment" | "updateComment">,
  issueNumber: number,
  body: string,
  options: StickyCommentOptions,
): Promise<StickyCommentResult> {
  const ours = (await gateway.listComments(issueNumber)).filter((c) => isOurs(c, options));
  const [first, ...extra] = ours;
  if (extra.length > 0) {
    // Two deliveries raced before the lock existed. Deleting is a destructive write
    // we cannot undo, so the extras stay; the first one is the one we keep current.
    options.log?.info(
      `#${issueNumber}: ${extra.length + 1} plan-sync status comments (${ours.map((c) => c.id).join(", ")}); updating ${first?.id} only`,
    );
  }
  if (!first) {
    const created = await gateway.createComment(issueNumber, body);
    return { action: "created", commentId: created.id };
  }
  if (first.body === body) return { action: "unchanged", commentId: first.id };
  await gateway.updateComment(first.id, body);
  return { action: "updated", commentId: first.id };
}

export async function findStickyComment(
  gateway: Pick<Gateway, "listComments">,
  issueNumber: number,
  options: Pick<StickyCommentOptions, "marker" | "identity">,
): Promise<CommentRecord | null> {
  return (await gateway.listComments(issueNumber)).find((c) => isOurs(c, options)) ?? null;
}

function isOurs(comment: CommentRecord, options: Pick<StickyCommentOptions, "marker" | "identity">): boolean {
  return isAuthoredBy(comment, options.identity) && comment.body.trimStart().startsWith(options.marker);
}
