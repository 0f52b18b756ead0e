import { diffTrees } from "../git-model.js";
import { CommitTrees } from "../git-trees.js";
import { HttpError } from "../model.js";
import { ok, paginate, repoOf, str, writer, type Route, type RouteContext } from "../route-kit.js";
import type { Repository } from "../types.js";

function commitAt(ctx: RouteContext, repo: Repository, ref: string) {
  const sha = ctx.model.resolveRef(repo, ref);
  const commit = sha ? ctx.model.git.get(sha) : undefined;
  if (!commit) throw new HttpError(422, `No commit found for SHA: ${ref}`);
  return commit;
}

function findTree(
  ctx: RouteContext,
  repo: Repository,
  wanted: string,
): { trees: CommitTrees; sha: string | null } | null {
  const commitSha = ctx.model.resolveRef(repo, wanted);
  const commit = commitSha ? ctx.model.git.get(commitSha) : undefined;
  if (commit) return { trees: new CommitTrees(commit), sha: null };
  if (!/^[0-9a-f]{40}$/.test(wanted)) return null;
  // A tree SHA: any commit of the repository that holds it (the object store is shared, as GitHub's is).
  for (const sha of new Set(repo.branches.values())) {
    for (const ancestor of ctx.model.git.ancestors(sha)) {
      const trees = new CommitTrees(ctx.model.git.get(ancestor)!);
      if (trees.has(wanted)) return { trees, sha: wanted };
    }
  }
  return null;
}

function protectedRefusal(branch: string): HttpError {
  return new HttpError(422, `Protected branch update failed for refs/heads/${branch}.`, {
    documentation_url: "https://docs.github.com/articles/about-protected-branches",
  });
}

export const gitRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/branches/*branch",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const branch = ctx.params.branch!;
      const sha = repo.branches.get(branch);
      if (!sha) throw new HttpError(404, "Branch not found");
      return ok({
        name: branch,
        commit: ctx.shapes.commit(repo, ctx.model.git.get(sha)!),
        protected: repo.protectedBranches.has(branch),
      });
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/commits",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const head = commitAt(ctx, repo, ctx.query.sha ?? repo.defaultBranch);
      const path = ctx.query.path;
      const commits = ctx.model.git
        .commitsBetween(null, head.sha)
        .reverse()
        .filter((c) => {
          if (path === undefined) return true;
          const parent = c.parents[0] ? ctx.model.git.get(c.parents[0]) : undefined;
          return c.tree.get(path) !== parent?.tree.get(path);
        });
      const { page, headers } = paginate(ctx, commits);
      return { status: 200, body: page.map((c) => ctx.shapes.commit(repo, c)), headers };
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/commits/*ref",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const commit = commitAt(ctx, repo, ctx.params.ref!);
      const parent = commit.parents[0] ? ctx.model.git.get(commit.parents[0]) : undefined;
      const files = diffTrees(parent?.tree ?? new Map(), commit.tree);
      return ok(ctx.shapes.commit(repo, commit, files));
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/compare/*basehead",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const spec = ctx.params.basehead!;
      const sep = spec.indexOf("...");
      if (sep < 0) throw new HttpError(404, "Not Found");
      const base = commitAt(ctx, repo, spec.slice(0, sep));
      const head = commitAt(ctx, repo, spec.slice(sep + 3));
      const mergeBaseSha = ctx.model.git.mergeBase(base.sha, head.sha);
      if (!mergeBaseSha)
        throw new HttpError(404, `No common ancestor between ${spec.slice(0, sep)} and ${spec.slice(sep + 3)}.`);
      const mergeBase = ctx.model.git.get(mergeBaseSha)!;
      const ahead = ctx.model.git.commitsBetween(base.sha, head.sha);
      const behind = ctx.model.git.commitsBetween(head.sha, base.sha);
      const status =
        ahead.length === 0 && behind.length === 0
          ? "identical"
          : behind.length === 0
            ? "ahead"
            : ahead.length === 0
              ? "behind"
              : "diverged";
      const files = diffTrees(mergeBase.tree, head.tree);
      return ok({
        url: `${ctx.selfUrl}`,
        html_url: `https://github.com/${repo.fullName}/compare/${spec}`,
        permalink_url: `https://github.com/${repo.fullName}/compare/${base.sha}...${head.sha}`,
        diff_url: `https://github.com/${repo.fullName}/compare/${spec}.diff`,
        patch_url: `https://github.com/${repo.fullName}/compare/${spec}.patch`,
        base_commit: ctx.shapes.commit(repo, base),
        merge_base_commit: ctx.shapes.commit(repo, mergeBase),
        status,
        ahead_by: ahead.length,
        behind_by: behind.length,
        total_commits: ahead.length,
        // GitHub returns at most 250 commits here.
        commits: ahead.slice(0, 250).map((c) => ctx.shapes.commit(repo, c)),
        files: files.slice(0, 300).map((f) => ctx.shapes.file(repo, head.sha, f)),
      });
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/git/blobs/:sha",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const text = ctx.model.git.blobs.get(ctx.params.sha!);
      if (text === undefined) throw new HttpError(404, "Not Found");
      return ok(ctx.shapes.blob(repo, ctx.params.sha!, text));
    },
  },
  {
    // tree_sha: a tree SHA, or (as GitHub also accepts) a commit SHA or a branch name for its root tree.
    method: "GET",
    pattern: "/repos/:owner/:repo/git/trees/*sha",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const wanted = ctx.params.sha!;
      const recursive = ctx.query.recursive !== undefined;
      const found = findTree(ctx, repo, wanted);
      if (!found) throw new HttpError(404, "Not Found");
      const { sha, entries } = found.trees.list(found.sha, recursive);
      const truncated = recursive && entries.length > ctx.model.treeEntryLimit;
      return ok(
        ctx.shapes.tree(repo, sha, truncated ? entries.slice(0, ctx.model.treeEntryLimit) : entries, truncated),
      );
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/git/ref/*ref",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const ref = ctx.params.ref!;
      if (!ref.startsWith("heads/")) throw new HttpError(404, "Not Found");
      const branch = ref.slice("heads/".length);
      const sha = repo.branches.get(branch);
      if (!sha) throw new HttpError(404, "Not Found");
      return ok(ctx.shapes.branchRef(repo, branch, sha));
    },
  },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/git/refs",
    handler: (ctx) => {
      writer(ctx);
      const repo = repoOf(ctx);
      const ref = str(ctx, "ref", true)!;
      const sha = str(ctx, "sha", true)!;
      if (!/^refs\/heads\/.+/.test(ref))
        throw new HttpError(422, "Reference name must start with 'refs/' and have at least two slashes.");
      const branch = ref.slice("refs/heads/".length);
      if (repo.branches.has(branch)) throw new HttpError(422, "Reference already exists");
      if (!ctx.model.git.get(sha)) throw new HttpError(422, "Object does not exist");
      repo.branches.set(branch, ctx.model.git.get(sha)!.sha);
      return ok(ctx.shapes.branchRef(repo, branch, repo.branches.get(branch)!), 201);
    },
  },
  {
    method: "PATCH",
    pattern: "/repos/:owner/:repo/git/refs/*ref",
    handler: (ctx) => {
      writer(ctx);
      const repo = repoOf(ctx);
      const ref = ctx.params.ref!;
      const branch = ref.replace(/^(refs\/)?heads\//, "");
      const current = repo.branches.get(branch);
      if (!current) throw new HttpError(422, "Reference does not exist");
      const sha = str(ctx, "sha", true)!;
      const target = ctx.model.git.get(sha);
      if (!target) throw new HttpError(422, "Object does not exist");
      if (repo.protectedBranches.has(branch)) throw protectedRefusal(branch);
      if (ctx.body.force !== true && !ctx.model.git.ancestors(target.sha).has(current))
        throw new HttpError(422, "Update is not a fast forward");
      repo.branches.set(branch, target.sha);
      return ok(ctx.shapes.branchRef(repo, branch, target.sha));
    },
  },
  {
    method: "DELETE",
    pattern: "/repos/:owner/:repo/git/refs/*ref",
    handler: (ctx) => {
      writer(ctx);
      const repo = repoOf(ctx);
      const branch = ctx.params.ref!.replace(/^(refs\/)?heads\//, "");
      if (!repo.branches.has(branch)) throw new HttpError(422, "Reference does not exist");
      if (repo.protectedBranches.has(branch)) throw protectedRefusal(branch);
      repo.branches.delete(branch);
      return { status: 204 };
    },
  },
];
