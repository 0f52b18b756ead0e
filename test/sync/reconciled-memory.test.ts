import { describe, expect, it } from "vitest";
import { ReconciledMemory, reconciledKey } from "../../src/sync/reconciled-memory.js";

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
});
