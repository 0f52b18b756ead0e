import { HttpError } from "../model.js";
import { intParam, invalid, ok, paginate, repoOf, writer, type Route, type RouteContext } from "../route-kit.js";
import type { Issue, Repository } from "../types.js";

/** GitHub's cap on the issues one issue is blocked by. */
export const BLOCKED_BY_PER_ISSUE = 50;

/** The issue with this `id` (not number) in any repository of `owner`: a dependency may span an owner's repositories. */
function issueById(ctx: RouteContext, owner: string, id: number): { repo: Repository; issue: Issue } | null {
  for (const repo of ctx.model.repos.values()) {
    if (repo.owner.login.toLowerCase() !== owner.toLowerCase()) continue;
    for (const issue of repo.issues.values()) if (issue.id === id) return { repo, issue };
  }
  return null;
}

function blockers(ctx: RouteContext, issue: Issue): Array<{ repo: Repository; issue: Issue }> {
  const out: Array<{ repo: Repository; issue: Issue }> = [];
  for (const id of issue.blockedBy ?? []) {
    for (const repo of ctx.model.repos.values())
      for (const other of repo.issues.values()) if (other.id === id) out.push({ repo, issue: other });
  }
  return out;
}

/**
 * REST issue dependencies (docs.github.com/rest/issues/issue-dependencies):
 * "blocked by" is listed, added with the blocking issue's `id` (not its
 * number) in `issue_id`, and removed by that id in the path. Add answers 201
 * and remove 200, each with the blocking issue; adding a link that exists,
 * a link to itself or past the cap is 422; removing one that is not there is 404.
 */
export const dependencyRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues/:number/dependencies/blocked_by",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const issue = ctx.model.mustIssue(repo, intParam(ctx, "number"));
      const { page, headers } = paginate(ctx, blockers(ctx, issue));
      return { status: 200, body: page.map((b) => ctx.shapes.issue(b.repo, b.issue)), headers };
    },
  },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/issues/:number/dependencies/blocked_by",
    handler: (ctx) => {
      writer(ctx);
      const repo = repoOf(ctx);
      const issue = ctx.model.mustIssue(repo, intParam(ctx, "number"));
      const id = ctx.body.issue_id;
      if (typeof id !== "number" || !Number.isInteger(id)) throw invalid("issue_id", "invalid");
      const blocking = issueById(ctx, repo.owner.login, id);
      if (!blocking) throw new HttpError(404, "Not Found");
      if (blocking.issue.id === issue.id) throw new HttpError(422, "An issue cannot be blocked by itself");
      const list = issue.blockedBy ?? [];
      if (list.includes(id)) throw new HttpError(422, "Issue dependency already exists");
      if (list.length >= BLOCKED_BY_PER_ISSUE)
        throw new HttpError(422, `An issue cannot be blocked by more than ${BLOCKED_BY_PER_ISSUE} issues`);
      issue.blockedBy = [...list, id];
      return ok(ctx.shapes.issue(blocking.repo, blocking.issue), 201);
    },
  },
  {
    method: "DELETE",
    pattern: "/repos/:owner/:repo/issues/:number/dependencies/blocked_by/:issue_id",
    handler: (ctx) => {
      writer(ctx);
      const repo = repoOf(ctx);
      const issue = ctx.model.mustIssue(repo, intParam(ctx, "number"));
      const id = intParam(ctx, "issue_id");
      const blocking = issueById(ctx, repo.owner.login, id);
      if (!blocking || !(issue.blockedBy ?? []).includes(id)) throw new HttpError(404, "Not Found");
      issue.blockedBy = (issue.blockedBy ?? []).filter((b) => b !== id);
      return ok(ctx.shapes.issue(blocking.repo, blocking.issue), 200);
    },
  },
];
