import type { Octokit } from "@octokit/rest";
import type { CachedPage, EtagCache } from "../etag-cache.js";
import type { RepoRef } from "../gateway.js";
import { httpStatus } from "../errors.js";
import { decodePlanBytes } from "../../plan/decode-plan-bytes.js";

/**
 * What the gateway needs from an Octokit. Both Probot's `context.octokit` and a
 * plain `@octokit/rest` Octokit have it; only `request` is used so that the two
 * packages' slightly different typings never matter.
 */
export type GatewayOctokit = Pick<Octokit, "request">;

export type WriteMethod = "POST" | "PATCH" | "PUT" | "DELETE";

/**
 * One repository's requests, shared by the per-resource modules (issues,
 * labels, contents …): conditional GETs through the ETag cache, all pages of a
 * list, and writes that make the repository's cached pages stale.
 */
export interface RepoRequests {
  readonly octokit: GatewayOctokit;
  readonly owner: string;
  readonly name: string;
  /** `/repos/{owner}/{repo}`, encoded. */
  readonly base: string;
  conditionalGet(url: string): Promise<CachedPage>;
  getAllPages<T>(firstUrl: string): Promise<T[]>;
  /** The resource, or null when GitHub answers 404 or 410. */
  getOrNull<T>(url: string): Promise<T | null>;
  /** `retry: false` for POSTs whose timeout may hide a success (a retry would duplicate it). */
  write<T>(method: WriteMethod, url: string, body: object, retry?: boolean): Promise<T>;
}

export interface RepoRequestsOptions {
  cache: EtagCache;
  identity: string;
}

/** Never retried by plugin-retry: a POST that timed out may have created the issue, and a retry would duplicate it. The next sync reconciles instead. */
const NO_RETRY = { request: { retries: 0 } };

export function repoRequests(octokit: GatewayOctokit, repo: RepoRef, opts: RepoRequestsOptions): RepoRequests {
  const { owner, repo: name } = repo;
  const { cache, identity } = opts;
  const base = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
  // Writes by any identity make every identity's pages of this repo stale.
  const repoScope = `${owner.toLowerCase()}/${name.toLowerCase()}\n`;
  const cacheKey = (url: string) => `${repoScope}${identity}\n${url}`;
  const invalidate = () => cache.deletePrefix(repoScope);

  async function conditionalGet(url: string): Promise<CachedPage> {
    const key = cacheKey(url);
    const cached = cache.get(key);
    try {
      const res = await octokit.request({
        method: "GET",
        url,
        headers: cached ? { "if-none-match": cached.etag } : {},
      });
      const etag = res.headers.etag;
      const page: CachedPage = { etag: etag ?? "", data: res.data, link: res.headers.link };
      if (etag) cache.set(key, page);
      return page;
    } catch (error) {
      if (httpStatus(error) === 304 && cached) return cached;
      throw error;
    }
  }

  async function getAllPages<T>(firstUrl: string): Promise<T[]> {
    const items: T[] = [];
    let url: string | undefined = firstUrl;
    while (url !== undefined) {
      const page: CachedPage = await conditionalGet(url);
      if (!Array.isArray(page.data)) throw new Error(`GET ${url}: expected a list`);
      items.push(...(page.data as T[]));
      url = nextLink(page.link);
    }
    return items;
  }

  async function getOrNull<T>(url: string): Promise<T | null> {
    try {
      return (await conditionalGet(url)).data as T;
    } catch (error) {
      const status = httpStatus(error);
      if (status === 404 || status === 410) return null;
      throw error;
    }
  }

  async function write<T>(method: WriteMethod, url: string, body: object, retry = true): Promise<T> {
    try {
      const res = await octokit.request({ method, url, ...body, ...(retry ? {} : NO_RETRY) });
      return res.data as T;
    } finally {
      // Also after a failure: the write may have landed even though we saw an error.
      invalidate();
    }
  }

  return { octokit, owner, name, base, conditionalGet, getAllPages, getOrNull, write };
}

/** `rel="next"` target of a Link header. */
export function nextLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/** A repository path for a URL: each segment encoded, the slashes kept. */
export function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/**
 * Exact bytes → text, BOM and CRLF kept. Strict UTF-8: bytes that are not
 * stay visible as surrogate escapes (decodePlanBytes), so a Latin-1 plan is
 * reported at its first bad byte instead of syncing `Caf� cr�me` titles.
 */
export function decodeContent(content: string, encoding: string): string {
  if (encoding !== "base64") return content;
  return decodePlanBytes(Buffer.from(content.replace(/\n/g, ""), "base64"));
}
