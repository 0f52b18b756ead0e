import { diffTrees } from "../git-model.js";
import { HttpError } from "../model.js";
import { intParam, invalid, ok, paginate, repoOf, str, writer, type Route, type RouteContext } from "../route-kit.js";
import type { PullRequest, Repository } from "../types.js";

function pullOf(ctx: RouteContext, repo: Repository): PullRequest {
  const pull = repo.pulls.get(intParam(ctx, "number"));
  if (!pull) throw new HttpError(404, "Not Found");
  return pull;
}

/** `ref` or `owner:ref` → [head repository full name, ref]. */
function parseHead(ctx: RouteContext, repo: Repository, head: string): [string, string] {
  const colon = head.indexOf(":");
  if (colon < 0) return [repo.fullName, head];
  const owner = head.slice(0, colon);
  const ref = head.slice(colon + 1);
  if (owner.toLowerCase() === repo.owner.login.toLowerCase()) return [repo.fullName, ref];
  const fork = [...ctx.model.repos.values()].find(
    (r) => r.owner.login.toLowerCase() === owner.toLowerCase() && r.parent === repo.fullName,
  );
  return [fork?.fullName ?? `${owner}/${repo.name}`, ref];
}

export const pullRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/pulls",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const state = ctx.query.state ?? "open";
      const head = ctx.query.head !== undefined ? parseHead(ctx, repo, ctx.query.head) : undefined;
      const pulls = [...repo.pulls.values()]
        .filter((p) => state === "all" || p.state === state)
        .filter((p) => ctx.query.base === undefined || p.baseRef === ctx.query.base)
        .filter((p) => head === undefined || (p.headRepo === head[0] && p.headRef === head[1]))
        .sort((a, b) => (ctx.query.direction === "asc" ? a.number - b.number : b.number - a.number));
      const { page, headers } = paginate(ctx, pulls);
      return { status: 200, headers, body: page.map((p) => ctx.shapes.pull(repo, p)) };
    },
  },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/pulls",
    handler: (ctx) => {
      const caller = writer(ctx);
      const repo = repoOf(ctx);
      const title = str(ctx, "title", true)!;
      const [headRepoName, headRef] = parseHead(ctx, repo, str(ctx, "head", true)!);
      const base = str(ctx, "base", true)!;
      const headRepo = ctx.model.repo(headRepoName);
      const headSha = headRepo?.branches.get(headRef);
      if (!headRepo || !headSha) throw invalid("head", "invalid", "PullRequest");
      const baseSha = repo.branches.get(base);
      if (!baseSha) throw invalid("base", "invalid", "PullRequest");
      if (ctx.model.git.commitsBetween(baseSha, headSha).length === 0) {
        throw new HttpError(422, "Validation Failed", {
          errors: [{ resource: "PullRequest", code: "custom", message: `No commits between ${base} and ${headRef}` }],
        });
      }
      const pull = ctx.model.openPullRequest(repo, {
        head: headRef,
        base,
        headRepo: headRepo.fullName,
        title,
        body: str(ctx, "body") ?? null,
        user: caller.actor.login,
        draft: ctx.body.draft === true,
      });
      return ok(ctx.shapes.pull(repo, pull), 201);
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/pulls/:number",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      return ok(ctx.shapes.pull(repo, pullOf(ctx, repo)));
    },
  },
  {
    method: "PATCH",
    pattern: "/repos/:owner/:repo/pulls/:number",
    handler: (ctx) => {
      const caller = writer(ctx);
      const repo = repoOf(ctx);
      const pull = pullOf(ctx, repo);
      const state = ctx.body.state;
      if (state !== undefined && state !== "open" && state !== "closed")
        throw invalid("state", "invalid", "PullRequest");
      const base = str(ctx, "base");
      if (base !== undefined) {
        if (!repo.branches.has(base)) throw invalid("base", "invalid", "PullRequest");
        pull.baseRef = base;
      }
      ctx.model.updateIssue(
        repo,
        pull.number,
        { title: str(ctx, "title"), body: str(ctx, "body"), state: state as "open" | "closed" | undefined },
        caller.actor,
      );
      return ok(ctx.shapes.pull(repo, pull));
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/pulls/:number/files",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const pull = pullOf(ctx, repo);
      const headSha = ctx.model.pullHeadSha(pull);
      const baseSha = repo.branches.get(pull.baseRef)!;
      const mergeBase = ctx.model.git.mergeBase(baseSha, headSha);
      const before = mergeBase ? ctx.model.git.get(mergeBase)!.tree : new Map<string, string>();
      // GitHub lists at most 3000 files for a pull request.
      const files = diffTrees(before, ctx.model.git.get(headSha)!.tree).slice(0, 3000);
      const { page, headers } = paginate(ctx, files);
      return { status: 200, headers, body: page.map((f) => ctx.shapes.file(repo, headSha, f)) };
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/pulls/:number/commits",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const pull = pullOf(ctx, repo);
      const commits = ctx.model.git.commitsBetween(repo.branches.get(pull.baseRef)!, ctx.model.pullHeadSha(pull));
      const { page, headers } = paginate(ctx, commits.slice(0, 250));
      return { status: 200, headers, body: page.map((c) => ctx.shapes.commit(repo, c)) };
    },
  },
  {
    method: "PUT",
    pattern: "/repos/:owner/:repo/pulls/:number/merge",
    handler: (ctx) => {
      const caller = writer(ctx);
      const repo = repoOf(ctx);
      const pull = pullOf(ctx, repo);
      if (pull.state !== "open") throw new HttpError(405, "Pull Request is not mergeable");
      if (repo.protectedBranches.has(pull.baseRef))
        throw new HttpError(405, "At least 1 approving review is required by reviewers with write access.");
      const sha = ctx.model.mergePullRequest(repo, pull.number, caller.actor.login);
      return ok({ sha, merged: true, message: "Pull Request successfully merged" });
    },
  },
];
