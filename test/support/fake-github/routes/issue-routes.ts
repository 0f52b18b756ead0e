import { HttpError } from "../model.js";
import {
  intParam,
  invalid,
  labelNames,
  ok,
  paginate,
  repoOf,
  str,
  writer,
  type Route,
  type RouteContext,
} from "../route-kit.js";
import type { Issue, StateReason } from "../types.js";

const STATE_REASONS = new Set(["completed", "not_planned", "reopened", "duplicate"]);

function listIssues(ctx: RouteContext) {
  const repo = repoOf(ctx);
  const { query } = ctx;
  const state = query.state ?? "open";
  if (!["open", "closed", "all"].includes(state)) throw invalid("state", "invalid");
  const wanted = (query.labels ?? "")
    .split(",")
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean);
  const since = query.since ? Date.parse(query.since) : null;
  const sort = query.sort ?? "created";
  const direction = query.direction ?? "desc";
  const commentCount = (i: Issue) => ctx.model.issueComments(repo, i.number).length;
  const key = (i: Issue): number =>
    sort === "updated" ? Date.parse(i.updatedAt) : sort === "comments" ? commentCount(i) : Date.parse(i.createdAt);
  const issues = [...repo.issues.values()]
    .filter((i) => state === "all" || i.state === state)
    .filter((i) => query.creator === undefined || i.user.login.toLowerCase() === query.creator.toLowerCase())
    .filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)))
    .filter((i) => since === null || Date.parse(i.updatedAt) >= since)
    // Ties (same second) fall back to the number, so pages are stable.
    .sort((a, b) => (key(a) - key(b) || a.number - b.number) * (direction === "asc" ? 1 : -1));
  const { page, headers } = paginate(ctx, issues);
  return { status: 200, body: page.map((i) => ctx.shapes.issue(repo, i)), headers };
}

function stateReason(ctx: RouteContext): StateReason | undefined {
  const value = ctx.body.state_reason;
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value !== "string" || !STATE_REASONS.has(value)) throw invalid("state_reason", "invalid");
  return value as StateReason;
}

function titleOf(ctx: RouteContext, required: boolean): string | undefined {
  const value = ctx.body.title;
  if (value === undefined || value === null) {
    if (required) throw invalid("title", "missing_field");
    return undefined;
  }
  if (typeof value !== "string" && typeof value !== "number") throw invalid("title", "invalid");
  if (String(value).trim() === "") throw invalid("title", "missing_field");
  return String(value);
}

export const issueRoutes: Route[] = [
  { method: "GET", pattern: "/repos/:owner/:repo/issues", handler: listIssues },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/issues",
    handler: (ctx) => {
      const caller = writer(ctx);
      const repo = repoOf(ctx);
      const issue = ctx.model.createIssue(repo, {
        title: titleOf(ctx, true)!,
        body: str(ctx, "body") ?? null,
        labels: labelNames(ctx) ?? [],
        user: caller.actor.login,
      });
      return ok(ctx.shapes.issue(repo, issue), 201);
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues/:number",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      return ok(ctx.shapes.issue(repo, ctx.model.mustIssue(repo, intParam(ctx, "number"))));
    },
  },
  {
    method: "PATCH",
    pattern: "/repos/:owner/:repo/issues/:number",
    handler: (ctx) => {
      const caller = writer(ctx);
      const repo = repoOf(ctx);
      const number = intParam(ctx, "number");
      ctx.model.mustIssue(repo, number);
      const state = ctx.body.state;
      if (state !== undefined && state !== "open" && state !== "closed") throw invalid("state", "invalid");
      const body = ctx.body.body === null ? null : str(ctx, "body");
      const issue = ctx.model.updateIssue(
        repo,
        number,
        {
          title: titleOf(ctx, false),
          body,
          state: state as "open" | "closed" | undefined,
          stateReason: stateReason(ctx),
          labels: labelNames(ctx),
        },
        caller.actor,
      );
      return ok(ctx.shapes.issue(repo, issue));
    },
  },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/issues/:number/labels",
    handler: (ctx) => {
      const caller = writer(ctx);
      const repo = repoOf(ctx);
      const issue = ctx.model.mustIssue(repo, intParam(ctx, "number"));
      const added = labelNames(ctx) ?? [];
      const updated = ctx.model.updateIssue(repo, issue.number, { labels: [...issue.labels, ...added] }, caller.actor);
      return ok(updated.labels.map((n) => ctx.shapes.label(repo, ctx.model.ensureLabel(repo, n))));
    },
  },
  {
    method: "PUT",
    pattern: "/repos/:owner/:repo/issues/:number/labels",
    handler: (ctx) => {
      const caller = writer(ctx);
      const repo = repoOf(ctx);
      const issue = ctx.model.mustIssue(repo, intParam(ctx, "number"));
      const updated = ctx.model.updateIssue(repo, issue.number, { labels: labelNames(ctx) ?? [] }, caller.actor);
      return ok(updated.labels.map((n) => ctx.shapes.label(repo, ctx.model.ensureLabel(repo, n))));
    },
  },
  {
    method: "DELETE",
    pattern: "/repos/:owner/:repo/issues/:number/labels/:name",
    handler: (ctx) => {
      const caller = writer(ctx);
      const repo = repoOf(ctx);
      const issue = ctx.model.mustIssue(repo, intParam(ctx, "number"));
      const name = ctx.params.name!.toLowerCase();
      if (!issue.labels.some((l) => l.toLowerCase() === name)) throw new HttpError(404, "Label does not exist");
      const updated = ctx.model.updateIssue(
        repo,
        issue.number,
        { labels: issue.labels.filter((l) => l.toLowerCase() !== name) },
        caller.actor,
      );
      return ok(updated.labels.map((n) => ctx.shapes.label(repo, ctx.model.ensureLabel(repo, n))));
    },
  },
];
