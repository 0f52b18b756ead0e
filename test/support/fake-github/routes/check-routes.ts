import { HttpError } from "../model.js";
import { intParam, ok, paginate, repoOf, str, writer, type Route, type RouteContext } from "../route-kit.js";
import type { CheckAnnotationInput, CheckRun, Repository } from "../types.js";

/** GitHub's per-request cap; more go in later PATCHes, which append. */
export const MAX_ANNOTATIONS_PER_REQUEST = 50;

const STATUSES = new Set(["queued", "in_progress", "completed", "waiting", "requested", "pending"]);
const CONCLUSIONS = new Set([
  "action_required",
  "cancelled",
  "failure",
  "neutral",
  "success",
  "skipped",
  "stale",
  "timed_out",
]);
const LEVELS = new Set(["notice", "warning", "failure"]);

function fail(field: string, message?: string): HttpError {
  return new HttpError(422, message ?? "Invalid request.", {
    errors: [{ resource: "CheckRun", field, code: "invalid" }],
  });
}

function requireApp(ctx: RouteContext): void {
  writer(ctx);
  // Only GitHub Apps may write check runs; tokens of users get 403.
  if (ctx.caller?.installationId == null) throw new HttpError(403, "You must authenticate via a GitHub App.");
}

function parseOutput(
  ctx: RouteContext,
): { title: string; summary: string; text: string | null; annotations: CheckAnnotationInput[] } | undefined {
  const output = ctx.body.output;
  if (output === undefined || output === null) return undefined;
  if (typeof output !== "object") throw fail("output");
  const o = output as Record<string, unknown>;
  if (typeof o.title !== "string") throw fail("output.title", 'Invalid request.\n\n"title" wasn\'t supplied.');
  if (typeof o.summary !== "string") throw fail("output.summary", 'Invalid request.\n\n"summary" wasn\'t supplied.');
  if (o.summary.length > 65535)
    throw fail("output.summary", "Invalid request.\n\nOnly 65535 characters are allowed; 'summary' is too long.");
  if (typeof o.text === "string" && o.text.length > 65535)
    throw fail("output.text", "Invalid request.\n\nOnly 65535 characters are allowed; 'text' is too long.");
  const annotations = (o.annotations ?? []) as unknown;
  if (!Array.isArray(annotations)) throw fail("output.annotations");
  if (annotations.length > MAX_ANNOTATIONS_PER_REQUEST) {
    throw fail(
      "output.annotations",
      `Invalid request.\n\nOnly ${MAX_ANNOTATIONS_PER_REQUEST} annotations are allowed per request.`,
    );
  }
  for (const a of annotations as Record<string, unknown>[]) {
    const valid =
      a &&
      typeof a.path === "string" &&
      Number.isInteger(a.start_line) &&
      Number.isInteger(a.end_line) &&
      typeof a.annotation_level === "string" &&
      LEVELS.has(a.annotation_level) &&
      typeof a.message === "string";
    if (!valid) throw fail("output.annotations");
  }
  return {
    title: o.title,
    summary: o.summary,
    text: typeof o.text === "string" ? o.text : null,
    annotations: annotations as CheckAnnotationInput[],
  };
}

function applyStatus(ctx: RouteContext, run: Pick<CheckRun, "status" | "conclusion" | "completedAt">): void {
  const status = str(ctx, "status");
  const conclusion = str(ctx, "conclusion");
  if (status !== undefined && !STATUSES.has(status)) throw fail("status");
  if (conclusion !== undefined && !CONCLUSIONS.has(conclusion)) throw fail("conclusion");
  if (status === "completed" && conclusion === undefined && run.conclusion === null) {
    throw fail("conclusion", 'Invalid request.\n\n"conclusion" wasn\'t supplied.');
  }
  if (status !== undefined) run.status = status as CheckRun["status"];
  if (conclusion !== undefined) {
    // Giving a conclusion completes the run, as on GitHub.
    run.conclusion = conclusion;
    run.status = "completed";
  }
  if (run.status === "completed" && run.completedAt === null)
    run.completedAt = str(ctx, "completed_at") ?? ctx.model.timestamp();
}

function runOf(ctx: RouteContext, repo: Repository): CheckRun {
  const run = repo.checkRuns.get(intParam(ctx, "id"));
  if (!run) throw new HttpError(404, "Not Found");
  return run;
}

export const checkRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/check-runs",
    handler: (ctx) => {
      requireApp(ctx);
      const repo = repoOf(ctx);
      const name = str(ctx, "name", true)!;
      const headSha = str(ctx, "head_sha", true)!;
      const commit = ctx.model.git.get(headSha);
      if (!commit) throw new HttpError(422, "No commit found for SHA: " + headSha);
      const output = parseOutput(ctx);
      const run: Omit<CheckRun, "id"> = {
        name,
        headSha: commit.sha,
        status: "queued",
        conclusion: null,
        startedAt: str(ctx, "started_at") ?? ctx.model.timestamp(),
        completedAt: null,
        detailsUrl: str(ctx, "details_url") ?? null,
        externalId: str(ctx, "external_id") ?? null,
        output: output ?? { title: null, summary: null, text: null, annotations: [] },
        app: ctx.model.app.slug,
      };
      applyStatus(ctx, run);
      return ok(ctx.shapes.checkRun(repo, ctx.model.createCheckRun(repo, run)), 201);
    },
  },
  {
    method: "PATCH",
    pattern: "/repos/:owner/:repo/check-runs/:id",
    handler: (ctx) => {
      requireApp(ctx);
      const repo = repoOf(ctx);
      const run = runOf(ctx, repo);
      const output = parseOutput(ctx);
      applyStatus(ctx, run);
      const name = str(ctx, "name");
      if (name !== undefined) run.name = name;
      const detailsUrl = str(ctx, "details_url");
      if (detailsUrl !== undefined) run.detailsUrl = detailsUrl;
      if (output) {
        run.output = {
          title: output.title,
          summary: output.summary,
          text: output.text,
          annotations: [...run.output.annotations, ...output.annotations],
        };
      }
      return ok(ctx.shapes.checkRun(repo, run));
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/check-runs/:id",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      return ok(ctx.shapes.checkRun(repo, runOf(ctx, repo)));
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/check-runs/:id/annotations",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const { page, headers } = paginate(ctx, runOf(ctx, repo).output.annotations);
      return {
        status: 200,
        headers,
        body: page.map((a) => ({
          path: a.path,
          start_line: a.start_line,
          end_line: a.end_line,
          start_column: a.start_column ?? null,
          end_column: a.end_column ?? null,
          annotation_level: a.annotation_level,
          title: a.title ?? null,
          message: a.message,
          raw_details: a.raw_details ?? null,
          blob_href: `https://github.com/${repo.fullName}/blob/main/${a.path}`,
        })),
      };
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/commits/:ref/check-runs",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const sha = ctx.model.resolveRef(repo, ctx.params.ref!);
      if (!sha) throw new HttpError(422, `No commit found for SHA: ${ctx.params.ref}`);
      const runs = [...repo.checkRuns.values()]
        .filter((r) => r.headSha === sha && (ctx.query.check_name === undefined || r.name === ctx.query.check_name))
        .sort((a, b) => b.id - a.id);
      const { page, headers } = paginate(ctx, runs);
      return {
        status: 200,
        headers,
        body: { total_count: runs.length, check_runs: page.map((r) => ctx.shapes.checkRun(repo, r)) },
      };
    },
  },
];
