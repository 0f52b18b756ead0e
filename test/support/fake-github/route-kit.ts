import type { IncomingHttpHeaders } from "node:http";
import { HttpError, type Caller, type GitHubModel } from "./model.js";
import type { Shapes } from "./shapes.js";
import type { Repository } from "./types.js";

export interface RouteContext {
  method: string;
  model: GitHubModel;
  shapes: Shapes;
  params: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, unknown>;
  caller: Caller | null;
  headers: IncomingHttpHeaders;
  /** This request's absolute URL without the query (with the prefix it came in on), for Link headers. */
  selfUrl: string;
  /** The caller's primary rate-limit budget, as the x-ratelimit-* headers report it. */
  rate: { limit: number; remaining: number; used: number; reset: number };
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A non-JSON body (raw file content) and its content type. */
  text?: { body: string; contentType: string };
}

export type Handler = (ctx: RouteContext) => RouteResult;

export interface Route {
  method: string;
  pattern: string;
  handler: Handler;
}

export const ok = (body: unknown, status = 200): RouteResult => ({ status, body });

/** `:name` matches one segment, `*name` the rest of the path; both are URL-decoded. */
export function matchRoute(pattern: string, rawPath: string): Record<string, string> | null {
  const want = pattern.split("/").filter(Boolean);
  const got = rawPath.split("/").filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    if (w.startsWith("*")) {
      if (i >= got.length) return null;
      params[w.slice(1)] = decode(got.slice(i).join("/"));
      return params;
    }
    const g = got[i];
    if (g === undefined) return null;
    if (w.startsWith(":")) params[w.slice(1)] = decode(g);
    else if (w !== g) return null;
  }
  return want.length === got.length ? params : null;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The repository in the path; 404 (as GitHub hides what the caller may not see) when absent or invisible. */
export function repoOf(ctx: RouteContext): Repository {
  const repo = ctx.model.repo({ owner: ctx.params.owner!, repo: ctx.params.repo! });
  if (!repo || !ctx.model.canSee(ctx.caller, repo)) throw new HttpError(404, "Not Found");
  if (ctx.method !== "GET" && ctx.caller?.installationId != null && !ctx.model.isInstalledOn(ctx.caller, repo)) {
    throw new HttpError(403, "Resource not accessible by integration");
  }
  return repo;
}

/** Writes need an identity; GitHub answers 401 without one. */
export function writer(ctx: RouteContext): NonNullable<Caller> {
  if (!ctx.caller) throw new HttpError(401, "Requires authentication");
  return ctx.caller;
}

export function intParam(ctx: RouteContext, name: string): number {
  const value = Number(ctx.params[name]);
  if (!Number.isInteger(value) || value <= 0) throw new HttpError(404, "Not Found");
  return value;
}

export function str(ctx: RouteContext, key: string, required = false): string | undefined {
  const value = ctx.body[key];
  if (value === undefined || value === null) {
    if (required) throw invalid(key, "missing_field");
    return undefined;
  }
  if (typeof value !== "string") throw invalid(key, "invalid");
  return value;
}

export function invalid(field: string, code: string, resource = "Issue"): HttpError {
  return new HttpError(
    422,
    code === "missing_field" ? `Invalid request.\n\n"${field}" wasn't supplied.` : "Validation Failed",
    {
      errors: [{ resource, field, code }],
    },
  );
}

/** Labels as GitHub accepts them: names or `{name}` objects. */
export function labelNames(ctx: RouteContext, key = "labels"): string[] | undefined {
  const value = ctx.body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalid(key, "invalid");
  return value.map((v) => {
    if (typeof v === "string") return v;
    if (v && typeof v === "object" && typeof (v as { name?: unknown }).name === "string")
      return (v as { name: string }).name;
    throw invalid(key, "invalid");
  });
}

/** page/per_page slicing with GitHub's Link header (per_page capped at 100). */
export function paginate<T>(
  ctx: RouteContext,
  items: readonly T[],
  defaultPerPage = 30,
): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Math.max(1, Number.parseInt(ctx.query.per_page ?? "", 10) || defaultPerPage));
  const pageNo = Math.max(1, Number.parseInt(ctx.query.page ?? "", 10) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const page = items.slice((pageNo - 1) * perPage, pageNo * perPage);
  const link = (n: number, rel: string): string => {
    const params = new URLSearchParams({ ...ctx.query, per_page: String(perPage), page: String(n) });
    return `<${ctx.selfUrl}?${params.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (pageNo > 1) links.push(link(pageNo - 1, "prev"));
  if (pageNo < last) links.push(link(pageNo + 1, "next"));
  if (pageNo < last) links.push(link(last, "last"));
  if (pageNo > 1) links.push(link(1, "first"));
  return { page, headers: links.length > 0 ? { link: links.join(", ") } : {} };
}
