import { describe, expect, it } from "vitest";
import { ConfigCache } from "../../src/app/config-cache.js";
import { EtagCache } from "../../src/github/etag-cache.js";
import { PLAIN_TEXT_CACHE_SIZE, plainText, plainTextCacheSize } from "../../src/render/issue-plain-text.js";

const page = (etag: string) => ({ etag, data: [], link: undefined });

describe("the ETag cache", () => {
  it("is bounded: past its size the page read least recently is dropped", () => {
    const cache = new EtagCache(2);
    cache.set("a", page("ea"));
    cache.set("b", page("eb"));
    expect(cache.get("a")?.etag).toBe("ea"); // "a" is now the most recently used
    cache.set("c", page("ec"));
    expect(cache.size).toBe(2);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")?.etag).toBe("ea");
    expect(cache.get("c")?.etag).toBe("ec");
  });

  it("forgets a repository's pages, and only its pages, after a write", () => {
    const cache = new EtagCache();
    cache.set("acme/plans\nx", page("1"));
    cache.set("acme/plans\ny", page("2"));
    cache.set("acme/other\nx", page("3"));
    cache.deletePrefix("acme/plans\n");
    expect(cache.size).toBe(1);
    expect(cache.get("acme/other\nx")?.etag).toBe("3");
  });
});

describe("the config cache", () => {
  const reads = () => {
    let count = 0;
    return {
      context: { config: async () => ((count += 1), { labels: [] }) },
      get count() {
        return count;
      },
    };
  };

  it("is bounded: past its size the repository read least recently is read again", async () => {
    const cache = new ConfigCache({ maxEntries: 2 });
    const r = reads();
    await cache.load("a", r.context);
    await cache.load("b", r.context);
    await cache.load("a", r.context); // cached, and now the most recently used
    await cache.load("c", r.context);
    expect(r.count).toBe(3);
    expect(cache.size).toBe(2);
    await cache.load("a", r.context);
    expect(r.count).toBe(3);
    await cache.load("b", r.context);
    expect(r.count).toBe(4);
  });

  it("reads again once the entry is older than its time to live, or when asked for a fresh read", async () => {
    let now = 0;
    const cache = new ConfigCache({ ttlMs: 1000, now: () => now });
    const r = reads();
    await cache.load("a", r.context);
    now = 999;
    await cache.load("a", r.context);
    expect(r.count).toBe(1);
    now = 1000;
    await cache.load("a", r.context);
    expect(r.count).toBe(2);
    await cache.load("a", r.context, { fresh: true });
    expect(r.count).toBe(3);
  });
});

describe("the plain-text title cache", () => {
  it("stays within its bound however many titles a plan has", () => {
    for (let i = 0; i < PLAIN_TEXT_CACHE_SIZE + 10; i++) plainText(`**task ${i}**`);
    expect(plainTextCacheSize()).toBe(PLAIN_TEXT_CACHE_SIZE);
    expect(plainText("**task 1**")).toBe("task 1");
  });
});
