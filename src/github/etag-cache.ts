import { LRUCache } from "lru-cache";

/**
 * Conditional-request memory: a 304 costs no primary rate limit, so re-reading
 * an unchanged page of issues is free if we still hold the page and its ETag.
 * Bounded LRU so a long-running App serving many installations does not grow
 * without limit.
 */

export interface CachedPage {
  etag: string;
  data: unknown;
  /** The `link` header, so pagination can continue from a cached page. */
  link: string | undefined;
}

export class EtagCache {
  private readonly entries: LRUCache<string, CachedPage>;

  constructor(readonly maxEntries = 500) {
    this.entries = new LRUCache({ max: maxEntries });
  }

  get(key: string): CachedPage | undefined {
    return this.entries.get(key);
  }

  set(key: string, page: CachedPage): void {
    this.entries.set(key, page);
  }

  /** Drop every entry whose key starts with `prefix` (a repository's scope). */
  deletePrefix(prefix: string): void {
    for (const key of [...this.entries.keys()]) {
      if (key.startsWith(prefix)) this.entries.delete(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/** One per process, shared by every gateway unless a test passes its own. */
export const sharedEtagCache = new EtagCache();
