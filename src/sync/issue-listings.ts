import { LRUCache } from "lru-cache";
import type { Gateway, IssueRecord } from "./gateway.js";

/** Every this many listings of a repository, one lists all its issues again (see IssueListings). */
export const FULL_LISTING_EVERY = 20;
/** A listing remembered for longer than this is replaced by a full one, however few pushes came meanwhile. */
export const FULL_LISTING_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/**
 * Each `since` reaches this far back before GitHub's time of the previous
 * answer: a change GitHub stamped just before it answered may not have been
 * in that answer yet (a replica behind the primary). Listing a few issues
 * twice costs nothing; missing a close would leave a plan unticked. At the
 * App's pace (80 writes a minute at most) a sync's last 30 s hold at most 40
 * of its own writes, so the listing after it still fits one page.
 */
export const SINCE_OVERLAP_MS = 30_000;
/**
 * A sync that wrote to at least this many issues lists them again at its end
 * (see refresh): the next push's listing would otherwise hold them all, a page
 * per 100. Fewer fit in that listing's one page anyway, so they cost nothing.
 */
export const REFRESH_AFTER_WRITES = 50;
/** Bound on what is kept, in characters of issue text (bodies and titles): about 100 MB of strings at most. */
export const DEFAULT_LISTINGS_MAX_CHARS = 50_000_000;

interface Listing {
  issues: Map<number, IssueRecord>;
  /** GitHub's time of the last answer, ms. */
  listedAt: number;
  /** Our clock when the last full listing was made, ms. */
  fullAt: number;
  /** Listings since the last full one, that one included. */
  count: number;
}

/**
 * The App's per-process memory of each repository's plan-sync issues, so a
 * push lists only the issues updated since the last listing (GitHub's
 * `since`: one page in the common case) instead of all of them (a page per
 * 100 issues), and merges them into what it remembers. Drift healing needs
 * the issues on every plan change, so without this a prose edit of a
 * 300-task plan would read three pages.
 *
 * What a `since` listing cannot show is an issue that left the list: deleted
 * or transferred to another repository. Such an issue would stay remembered,
 * so every FULL_LISTING_EVERY-th listing (or one a day old) lists everything,
 * and any doubt — a fresh process, a sync that failed, a listing that did not
 * say GitHub's time — forgets the repository, so its next listing is full.
 */
export class IssueListings {
  private readonly entries: LRUCache<string, Listing>;

  constructor(opts: { maxChars?: number; now?: () => number } = {}) {
    this.now = opts.now ?? Date.now;
    this.entries = new LRUCache({
      maxSize: Math.max(1, opts.maxChars ?? DEFAULT_LISTINGS_MAX_CHARS),
      sizeCalculation: (listing) => {
        let size = 1;
        for (const issue of listing.issues.values()) size += issue.body.length + issue.title.length + 200;
        return size;
      },
    });
  }

  private readonly now: () => number;

  get size(): number {
    return this.entries.size;
  }

  /**
   * The creator's issues in the gateway's repository, as a full listing would
   * return them (newest first), read with `since` when a listing is remembered.
   */
  async list(gateway: Gateway, creator: string, key: string): Promise<IssueRecord[]> {
    if (!gateway.listIssuesSince) return gateway.listIssuesByCreator(creator);
    const known = this.entries.get(key);
    const full =
      known === undefined ||
      known.count >= FULL_LISTING_EVERY - 1 ||
      this.now() - known.fullAt >= FULL_LISTING_MAX_AGE_MS;
    // Forgotten first: a listing that fails half-way must not leave a memory that looks whole.
    this.entries.delete(key);
    const since = full ? null : new Date(known.listedAt - SINCE_OVERLAP_MS).toISOString().replace(/\.\d{3}Z$/, "Z");
    const answer = await gateway.listIssuesSince(creator, since);
    const issues = full ? new Map<number, IssueRecord>() : known.issues;
    for (const issue of answer.issues) issues.set(issue.number, issue);
    const listedAt = answer.listedAt === null ? NaN : Date.parse(answer.listedAt);
    if (!Number.isNaN(listedAt)) {
      this.entries.set(key, {
        issues,
        listedAt,
        fullAt: full ? this.now() : known.fullAt,
        count: full ? 1 : known.count + 1,
      });
    }
    return [...issues.values()].sort((a, b) => b.number - a.number);
  }

  /**
   * After a sync wrote to the issues: lists what changed since (its own writes
   * and anyone else's meanwhile), so the next push's listing is one page again
   * rather than a page per 100 issues this sync wrote. Only a remembered
   * repository; a failure forgets it instead of failing the sync that wrote.
   */
  async refresh(gateway: Gateway, creator: string, key: string): Promise<void> {
    if (!this.entries.has(key)) return;
    try {
      await this.list(gateway, creator, key);
    } catch {
      this.entries.delete(key);
    }
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}

/** The listing key of one repository's issues by one creator: the server and repository compared as GitHub does (case-insensitively). */
export function listingKey(serverUrl: string, repo: { owner: string; repo: string }, creator: string): string {
  return `${serverUrl}/${repo.owner}/${repo.repo}\n${creator}`.toLowerCase();
}
