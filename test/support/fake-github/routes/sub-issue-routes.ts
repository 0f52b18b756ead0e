import { HttpError } from "../model.js";
import { intParam, invalid, ok, paginate, repoOf, writer, type Route, type RouteContext } from "../route-kit.js";
import type { Issue, Repository } from "../types.js";

/** GitHub's cap on sub-issues per parent. */
export const SUB_ISSUES_PER_PARENT = 100;

/** The issue with this `id` (not number) in any repository of `owner`: sub-issues may span an owner's repositories. */
function issueById(ctx: RouteContext, owner: string, id: number): { repo: Repository; issue: Issue } | null {
  for (const repo of ctx.model.repos.values()) {
    if (repo.owner.login.toLowerCase() !== owner.toLowerCase()) continue;
    for (const issue of repo.issues.values()) if (issue.id === id) return { repo, issue };
  }
  return null;
}

function children(ctx: RouteContext, parent: Issue): Array<{ repo: Repository; issue: Issue }> {
  const out: Array<{ repo: Repository; issue: Issue }> = [];
  for (const repo of ctx.model.repos.values())
    for (const issue of repo.issues.values()) if (issue.parentId === parent.id) out.push({ repo, issue });
  return out.sort((a, b) => (a.issue.subIssueOrder ?? 0) - (b.issue.subIssueOrder ?? 0));
}

let order = 0;

/**
 * REST sub-issues (docs.github.com/rest/issues/sub-issues): add takes the
 * child's `id`, not its number; the child must belong to the parent's owner;
 * one parent per issue (422 unless `replace_parent`); at most 100 per parent.
 * Add answers 201 with the parent issue.
 */
export const subIssueRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues/:number/sub_issues",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const parent = ctx.model.mustIssue(repo, intParam(ctx, "number"));
      const { page, headers } = paginate(ctx, children(ctx, parent));
      return { status: 200, body: page.map((c) => ctx.shapes.issue(c.repo, c.issue)), headers };
    },
  },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/issues/:number/sub_issues",
    handler: (ctx) => {
      writer(ctx);
      const repo = repoOf(ctx);
      const parent = ctx.model.mustIssue(repo, intParam(ctx, "number"));
      const id = ctx.body.sub_issue_id;
      if (typeof id !== "number" || !Number.isInteger(id)) throw invalid("sub_issue_id", "invalid");
      const child = issueById(ctx, repo.owner.login, id);
      if (!child) throw new HttpError(404, "Not Found");
      if (child.issue.id === parent.id) throw new HttpError(422, "An issue cannot be a sub-issue of itself");
      if (child.issue.parentId != null && child.issue.parentId !== parent.id && ctx.body.replace_parent !== true)
        throw new HttpError(422, "Sub issue may only have one parent");
      if (child.issue.parentId === parent.id) throw new HttpError(422, "Sub issue already exists on this parent");
      if (children(ctx, parent).length >= SUB_ISSUES_PER_PARENT)
        throw new HttpError(422, `Parent issue cannot have more than ${SUB_ISSUES_PER_PARENT} sub-issues`);
      child.issue.parentId = parent.id;
      child.issue.subIssueOrder = ++order;
      return ok(ctx.shapes.issue(repo, parent), 201);
    },
  },
];
