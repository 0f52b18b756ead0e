import { LRUCache } from "lru-cache";
import { IssueListings, listingKey } from "./issue-listings.js";

/** Plans remembered at most; past it the least recently used are forgotten (and simply reconciled in full next time). */
export const DEFAULT_RECONCILED_MEMORY_SIZE = 10_000;

/**
 * The App's per-process memory of the last full reconciliation of each plan:
 * repository + plan path → fingerprint of the plan's tasks as reconciled and
 * applied without a failure. A push whose plan still has that fingerprint
 * (before and after) cannot want anything new of the issues, so its sync
 * skips listing them. Empty after a restart, so the first push after one
 * (or after installing the App) reconciles in full.
 *
 * Beside it, `listings`: each repository's issues as last listed, so a plan
 * that is reconciled lists only the issues updated since.
 */
export class ReconciledMemory {
  private readonly entries: LRUCache<string, string>;
  readonly listings: IssueListings;

  constructor(opts: { maxEntries?: number; listings?: IssueListings } = {}) {
    this.entries = new LRUCache({ max: Math.max(1, opts.maxEntries ?? DEFAULT_RECONCILED_MEMORY_SIZE) });
    this.listings = opts.listings ?? new IssueListings();
  }

  get size(): number {
    return this.entries.size;
  }

  /** True when `fingerprint` is what was last reconciled for `key`. */
  matches(key: string, fingerprint: string): boolean {
    // A hit counts as a use: a plan pushed often stays remembered.
    return this.entries.get(key) === fingerprint;
  }

  remember(key: string, fingerprint: string): void {
    this.entries.set(key, fingerprint);
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  /**
   * One of the App's issues left `issueRepo` (deleted, or transferred to
   * another repository): no `since` listing can show that, and a plan whose
   * tasks are as remembered is not listed at all. So the repository's listing
   * and the issue's plan are forgotten: the plan's next push lists everything
   * and finds its task without an issue (and creates one), as after a restart.
   */
  issueGone(input: {
    serverUrl: string;
    issueRepo: { owner: string; repo: string };
    identity: string;
    plan: { repo: { owner: string; repo: string }; path: string } | null;
  }): void {
    this.listings.forget(listingKey(input.serverUrl, input.issueRepo, input.identity));
    if (input.plan) this.forget(reconciledKey(input.serverUrl, input.plan.repo, input.plan.path));
  }
}

/** The memory key of one plan: the server and repository (GitHub compares those case-insensitively) and the path (case-sensitive, as in git). */
export function reconciledKey(serverUrl: string, repo: { owner: string; repo: string }, path: string): string {
  return `${serverUrl}/${repo.owner}/${repo.repo}`.toLowerCase() + `\n${path}`;
}
