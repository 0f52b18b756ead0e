import { HttpError } from "../model.js";
import { ok, paginate, repoOf, str, writer, type Route, type RouteContext } from "../route-kit.js";
import type { Label, Repository } from "../types.js";

function labelOf(ctx: RouteContext, repo: Repository): Label {
  const label = repo.labels.get(ctx.params.name!.toLowerCase());
  if (!label) throw new HttpError(404, "Not Found");
  return label;
}

export const labelRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/labels",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const { page, headers } = paginate(
        ctx,
        [...repo.labels.values()].sort((a, b) => a.id - b.id),
      );
      return { status: 200, body: page.map((l) => ctx.shapes.label(repo, l)), headers };
    },
  },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/labels",
    handler: (ctx) => {
      writer(ctx);
      const repo = repoOf(ctx);
      const color = str(ctx, "color");
      if (color !== undefined && !/^#?[0-9a-fA-F]{6}$/.test(color)) {
        throw new HttpError(422, "Validation Failed", {
          errors: [{ resource: "Label", code: "invalid", field: "color" }],
        });
      }
      const label = ctx.model.createLabel(repo, {
        name: str(ctx, "name", true)!,
        color,
        description: str(ctx, "description") ?? null,
      });
      return ok(ctx.shapes.label(repo, label), 201);
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/labels/:name",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      return ok(ctx.shapes.label(repo, labelOf(ctx, repo)));
    },
  },
  {
    method: "PATCH",
    pattern: "/repos/:owner/:repo/labels/:name",
    handler: (ctx) => {
      writer(ctx);
      const repo = repoOf(ctx);
      const label = labelOf(ctx, repo);
      const newName = str(ctx, "new_name");
      if (newName !== undefined && newName.toLowerCase() !== label.name.toLowerCase()) {
        if (repo.labels.has(newName.toLowerCase()))
          throw new HttpError(422, "Validation Failed", {
            errors: [{ resource: "Label", code: "already_exists", field: "name" }],
          });
        repo.labels.delete(label.name.toLowerCase());
        for (const issue of repo.issues.values())
          issue.labels = issue.labels.map((l) => (l === label.name ? newName : l));
        label.name = newName;
        repo.labels.set(newName.toLowerCase(), label);
      } else if (newName !== undefined) {
        label.name = newName;
      }
      const color = str(ctx, "color");
      if (color !== undefined) label.color = color.replace(/^#/, "").toLowerCase();
      const description = str(ctx, "description");
      if (description !== undefined) label.description = description;
      return ok(ctx.shapes.label(repo, label));
    },
  },
  {
    method: "DELETE",
    pattern: "/repos/:owner/:repo/labels/:name",
    handler: (ctx) => {
      writer(ctx);
      const repo = repoOf(ctx);
      const label = labelOf(ctx, repo);
      repo.labels.delete(label.name.toLowerCase());
      for (const issue of repo.issues.values()) issue.labels = issue.labels.filter((l) => l !== label.name);
      return { status: 204 };
    },
  },
];
