import { blobSha } from "../git-model.js";
import { HttpError } from "../model.js";
import { ok, repoOf, str, writer, invalid, type Route, type RouteContext, type RouteResult } from "../route-kit.js";
import type { Commit, GitIdentity, Repository } from "../types.js";

const PROTECTED_DOCS = "https://docs.github.com/articles/about-protected-branches";

function wantsRaw(ctx: RouteContext): boolean {
  return /application\/vnd\.github(\.v3)?\.raw/.test(String(ctx.headers.accept ?? ""));
}

function getContents(ctx: RouteContext): RouteResult {
  const repo = repoOf(ctx);
  const path = (ctx.params.path ?? "").replace(/^\/+|\/+$/g, "");
  const ref = ctx.query.ref ?? repo.defaultBranch;
  const sha = ctx.model.resolveRef(repo, ref);
  if (!sha) throw new HttpError(404, `No commit found for the ref ${ref}`);
  const commit = ctx.model.git.get(sha)!;
  const text = commit.tree.get(path);
  if (text !== undefined) {
    if (wantsRaw(ctx)) return { status: 200, text: { body: text, contentType: "text/plain; charset=utf-8" } };
    return ok(ctx.shapes.content(repo, ref, path, text, true));
  }
  const prefix = path === "" ? "" : `${path}/`;
  const children = new Map<string, "file" | "dir">();
  for (const file of commit.tree.keys()) {
    if (!file.startsWith(prefix)) continue;
    const rest = file.slice(prefix.length);
    const slash = rest.indexOf("/");
    children.set(prefix + (slash < 0 ? rest : rest.slice(0, slash)), slash < 0 ? "file" : "dir");
  }
  if (children.size === 0) throw new HttpError(404, "Not Found");
  const entries = [...children].sort(([a], [b]) => (a < b ? -1 : 1));
  return ok(
    entries.map(([p, kind]) =>
      kind === "file"
        ? ctx.shapes.content(repo, ref, p, commit.tree.get(p)!, false)
        : ctx.shapes.directoryEntry(repo, ref, p),
    ),
  );
}

function identityFrom(ctx: RouteContext, key: "author" | "committer", fallback: GitIdentity): GitIdentity {
  const value = ctx.body[key];
  if (!value || typeof value !== "object") return fallback;
  const { name, email } = value as { name?: unknown; email?: unknown };
  if (typeof name !== "string" || typeof email !== "string") throw invalid(key, "invalid", "Commit");
  return { name, email, date: fallback.date };
}

/** Shared by PUT and DELETE: branch checks, protection, the blob-SHA precondition, then the commit. */
function writeFile(
  ctx: RouteContext,
  repo: Repository,
  path: string,
  next: string | null,
): { commit: Commit; created: boolean } {
  const caller = writer(ctx);
  const message = str(ctx, "message", true)!;
  const branch = str(ctx, "branch") ?? repo.defaultBranch;
  const headSha = repo.branches.get(branch);
  if (!headSha) throw new HttpError(404, `Branch ${branch} not found`);
  if (repo.protectedBranches.has(branch)) {
    throw new HttpError(409, "Could not update file: Changes must be made through a pull request.", {
      documentation_url: PROTECTED_DOCS,
    });
  }
  const head = ctx.model.git.get(headSha)!;
  const current = head.tree.get(path);
  const given = str(ctx, "sha");
  if (current !== undefined && given === undefined) throw invalid("sha", "missing_field");
  if (current === undefined && next === null) throw new HttpError(404, "Not Found");
  if (given !== undefined && (current === undefined || blobSha(current) !== given)) {
    throw new HttpError(409, `${path} does not match ${given}`);
  }
  const login = caller.actor.login;
  const committer = identityFrom(ctx, "committer", ctx.model.identity(login));
  const author = identityFrom(ctx, "author", committer);
  const tree = new Map(head.tree);
  if (next === null) tree.delete(path);
  else tree.set(path, next);
  const commit = ctx.model.git.create({ parents: [headSha], tree, message, author, committer, authorLogin: login });
  repo.branches.set(branch, commit.sha);
  repo.pushedAt = ctx.model.timestamp();
  return { commit, created: current === undefined };
}

export const contentsRoutes: Route[] = [
  { method: "GET", pattern: "/repos/:owner/:repo/contents", handler: getContents },
  { method: "GET", pattern: "/repos/:owner/:repo/contents/*path", handler: getContents },
  {
    method: "PUT",
    pattern: "/repos/:owner/:repo/contents/*path",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const path = ctx.params.path!;
      const encoded = str(ctx, "content", true)!;
      if (!/^[A-Za-z0-9+/=\s]*$/.test(encoded)) throw invalid("content", "invalid", "Blob");
      const text = Buffer.from(encoded, "base64").toString("utf8");
      const { commit, created } = writeFile(ctx, repo, path, text);
      const branch = str(ctx, "branch") ?? repo.defaultBranch;
      return ok(
        { content: ctx.shapes.content(repo, branch, path, text, false), commit: ctx.shapes.gitCommit(repo, commit) },
        created ? 201 : 200,
      );
    },
  },
  {
    method: "DELETE",
    pattern: "/repos/:owner/:repo/contents/*path",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      if (str(ctx, "sha") === undefined) throw invalid("sha", "missing_field");
      const { commit } = writeFile(ctx, repo, ctx.params.path!, null);
      return ok({ content: null, commit: ctx.shapes.gitCommit(repo, commit) });
    },
  },
];
