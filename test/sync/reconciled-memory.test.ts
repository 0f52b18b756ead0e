import { describe, expect, it } from "vitest";
import type { Gateway } from "../../src/sync/gateway.js";
import { IssueListings, listingKey } from "../../src/sync/issue-listings.js";
import { ReconciledMemory, reconciledKey } from "../../src/sync/reconciled-memory.js";
import { makeIssue } from "./support.js";

describe("the memory of reconciled plans", () => {
  it("matches only the fingerprint last remembered for the plan", () => {
    const memory = new ReconciledMemory();
    expect(memory.matches("a", "f1")).toBe(false);
    memory.remember("a", "f1");
    expect(memory.matches("a", "f1")).toBe(true);
    expect(memory.matches("a", "f2")).toBe(false);
    memory.remember("a", "f2");
    expect(memory.matches("a", "f1")).toBe(false);
    memory.forget("a");
    expect(memory.matches("a", "f2")).toBe(false);
  });

  it("is bounded: past its size the plan looked at least recently is forgotten", () => {
    const memory = new ReconciledMemory({ maxEntries: 2 });
    memory.remember("a", "fa");
    memory.remember("b", "fb");
    expect(memory.matches("a", "fa")).toBe(true); // "a" is now the most recently used
    memory.remember("c", "fc");
    expect(memory.size).toBe(2);
    expect(memory.matches("b", "fb")).toBe(false);
    expect(memory.matches("a", "fa")).toBe(true);
    expect(memory.matches("c", "fc")).toBe(true);
  });

  it("keys plans by server and repository as GitHub compares them, and by the exact path", () => {
    const key = reconciledKey("https://github.com", { owner: "Acme", repo: "Plans" }, "docs/Plan.md");
    expect(key).toBe(reconciledKey("https://github.com", { owner: "acme", repo: "plans" }, "docs/Plan.md"));
    expect(key).not.toBe(reconciledKey("https://github.com", { owner: "acme", repo: "plans" }, "docs/plan.md"));
    expect(key).not.toBe(reconciledKey("https://ghe.example.com", { owner: "acme", repo: "plans" }, "docs/Plan.md"));
  });

  it("an issue gone from a repository forgets that repository's listing and its plan, so both are read in full next time", async () => {
    const listed: Array<string | null> = [];
    const gateway = {
      listIssuesByCreator: async () => [],
      listIssuesSince: async (_creator: string, since: string | null) => {
        listed.push(since);
        return { issues: [makeIssue(1)], listedAt: "2026-12-07T12:00:00Z" };
      },
    } as unknown as Gateway;
    const memory = new ReconciledMemory({
      listings: new IssueListings({ now: () => Date.parse("2026-12-07T12:00:00Z") }),
    });
    const server = "https://github.com";
    const issueRepo = { owner: "acme", repo: "data" };
    const key = listingKey(server, issueRepo, "plan-sync[bot]");
    const planKey = reconciledKey(server, { owner: "acme", repo: "app" }, "docs/plan.md");
    const otherPlan = reconciledKey(server, { owner: "acme", repo: "app" }, "docs/other.md");
    await memory.listings.list(gateway, "plan-sync[bot]", key);
    memory.remember(planKey, "f1");
    memory.remember(otherPlan, "f2");

    memory.issueGone({ serverUrl: server, issueRepo, identity: "plan-sync[bot]", plan: null });
    await memory.listings.list(gateway, "plan-sync[bot]", key);
    expect(listed).toEqual([null, null]);
    expect(memory.matches(planKey, "f1")).toBe(true);

    memory.issueGone({
      serverUrl: server,
      issueRepo,
      identity: "plan-sync[bot]",
      plan: { repo: { owner: "Acme", repo: "App" }, path: "docs/plan.md" },
    });
    await memory.listings.list(gateway, "plan-sync[bot]", key);
    expect(listed).toEqual([null, null, null]);
    expect(memory.matches(planKey, "f1")).toBe(false);
    expect(memory.matches(otherPlan, "f2")).toBe(true);
  });
});
