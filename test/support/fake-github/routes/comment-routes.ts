import { HttpError } from "../model.js";
import { intParam, ok, paginate, repoOf, str, writer, type Route, type RouteContext } from "../route-kit.js";
import type { IssueComment, Repository } from "../types.js";

function commentOf(ctx: RouteContext, repo: Repository): IssueComment {
  const comment = repo.comments.get(intParam(ctx, "id"));
  if (!comment) throw new HttpError(404, "Not Found");
  return comment;
}

// Literal `/issues/comments...` routes must be tried before `/issues/:number`.
export const commentRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues/comments/:id",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      return ok(ctx.shapes.comment(repo, commentOf(ctx, repo)));
    },
  },
  {
    method: "PATCH",
    pattern: "/repos/:owner/:repo/issues/comments/:id",
    handler: (ctx) => {
      writer(ctx);
      const repo = repoOf(ctx);
      const comment = commentOf(ctx, repo);
      comment.body = str(ctx, "body", true)!;
      comment.updatedAt = ctx.model.timestamp();
      return ok(ctx.shapes.comment(repo, comment));
    },
  },
  {
    method: "DELETE",
    pattern: "/repos/:owner/:repo/issues/comments/:id",
    handler: (ctx) => {
      writer(ctx);
      const repo = repoOf(ctx);
      repo.comments.delete(commentOf(ctx, repo).id);
      return { status: 204 };
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues/:number/comments",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const issue = ctx.model.mustIssue(repo, intParam(ctx, "number"));
      const since = ctx.query.since ? Date.parse(ctx.query.since) : null;
      const comments = ctx.model
        .issueComments(repo, issue.number)
        .filter((c) => since === null || Date.parse(c.updatedAt) >= since);
      const { page, headers } = paginate(ctx, comments);
      return { status: 200, body: page.map((c) => ctx.shapes.comment(repo, c)), headers };
    },
  },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/issues/:number/comments",
    handler: (ctx) => {
      const caller = writer(ctx);
      const repo = repoOf(ctx);
      const issue = ctx.model.mustIssue(repo, intParam(ctx, "number"));
      const comment = ctx.model.addComment(repo, issue.number, str(ctx, "body", true)!, caller.actor.login);
      return ok(ctx.shapes.comment(repo, comment), 201);
    },
  },
];
