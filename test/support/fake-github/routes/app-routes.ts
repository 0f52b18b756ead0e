import { HttpError } from "../model.js";
import { ok, intParam, repoOf, type Route, type RouteContext } from "../route-kit.js";

function requireJwt(ctx: RouteContext): void {
  if (!ctx.caller?.isAppJwt) throw new HttpError(401, "A JSON web token could not be decoded");
}

function installationOf(ctx: RouteContext): number {
  const id = intParam(ctx, "id");
  if (!ctx.model.installations.has(id)) throw new HttpError(404, "Not Found");
  return id;
}

export const appRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/app",
    handler: (ctx) => {
      requireJwt(ctx);
      return ok(ctx.shapes.app());
    },
  },
  {
    method: "GET",
    pattern: "/app/installations",
    handler: (ctx) => {
      requireJwt(ctx);
      return ok([...ctx.model.installations.keys()].map((id) => ctx.shapes.installation(id)));
    },
  },
  {
    method: "GET",
    pattern: "/app/installations/:id",
    handler: (ctx) => {
      requireJwt(ctx);
      return ok(ctx.shapes.installation(installationOf(ctx)));
    },
  },
  {
    method: "POST",
    pattern: "/app/installations/:id/access_tokens",
    handler: (ctx) => {
      requireJwt(ctx);
      const id = installationOf(ctx);
      const token = ctx.model.mintToken(id);
      const expires = new Date(ctx.model.now().getTime() + 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
      const installation = ctx.shapes.installation(id);
      return ok(
        {
          token,
          expires_at: expires,
          permissions: installation.permissions,
          repository_selection: "selected",
          repositories: [...ctx.model.installations.get(id)!.repos].map((name) =>
            ctx.shapes.repository(ctx.model.mustRepo(name)),
          ),
        },
        201,
      );
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/installation",
    handler: (ctx) => {
      requireJwt(ctx);
      const repo = ctx.model.repo({ owner: ctx.params.owner!, repo: ctx.params.repo! });
      const installation = repo ? ctx.model.installationFor(repo) : undefined;
      if (!installation) throw new HttpError(404, "Not Found");
      return ok(ctx.shapes.installation(installation.id));
    },
  },
  {
    method: "GET",
    pattern: "/installation/repositories",
    handler: (ctx) => {
      const id = ctx.caller?.installationId;
      if (id == null) throw new HttpError(403, "This endpoint requires an installation access token");
      const repos = [...ctx.model.installations.get(id)!.repos].map((name) =>
        ctx.shapes.repository(ctx.model.mustRepo(name)),
      );
      return ok({ total_count: repos.length, repository_selection: "selected", repositories: repos });
    },
  },
  {
    method: "GET",
    pattern: "/rate_limit",
    handler: (ctx) => {
      const core = { ...ctx.rate, resource: "core" };
      const other = (limit: number) => ({ limit, used: 0, remaining: limit, reset: ctx.rate.reset });
      return ok({
        resources: { core, search: other(30), graphql: other(5000), integration_manifest: other(5000) },
        rate: core,
      });
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo",
    handler: (ctx) => ok(ctx.shapes.repository(repoOf(ctx))),
  },
];
