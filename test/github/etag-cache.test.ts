import { describe, expect, it } from "vitest";
import { EtagCache, sharedEtagCache } from "../../src/github/etag-cache.js";

const page = (etag: string) => ({ etag, data: [etag], link: undefined });

describe("the ETag cache", () => {
  it("answers what was stored, and nothing for an unknown key", () => {
    const cache = new EtagCache(10);
    cache.set("a", page("1"));
    expect(cache.get("a")).toEqual(page("1"));
    expect(cache.get("b")).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it("holds at most maxEntries pages, dropping the least recently used", () => {
    const cache = new EtagCache(2);
    expect(cache.maxEntries).toBe(2);
    cache.set("a", page("1"));
    cache.set("b", page("2"));
    cache.get("a");
    cache.set("c", page("3"));
    expect(cache.size).toBe(2);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toEqual(page("1"));
  });

  it("holds 500 pages unless told otherwise, and one is shared by every gateway", () => {
    expect(new EtagCache().maxEntries).toBe(500);
    expect(sharedEtagCache).toBeInstanceOf(EtagCache);
    expect(sharedEtagCache.maxEntries).toBe(500);
  });

  it("drops every page of a repository's scope and keeps the others", () => {
    const cache = new EtagCache(10);
    cache.set("acme/plans\ni:1\n/x", page("1"));
    cache.set("acme/plans\ni:2\n/y", page("2"));
    cache.set("acme/plans-2\ni:1\n/x", page("3"));
    cache.set("other\nacme/plans\n", page("4"));
    cache.deletePrefix("acme/plans\n");
    expect(cache.size).toBe(2);
    expect(cache.get("acme/plans-2\ni:1\n/x")).toBeDefined();
    expect(cache.get("other\nacme/plans\n")).toBeDefined();
  });
});
