import { describe, expect, it } from "vitest";
import type { Gateway, RepoRef } from "../../src/github/gateway.js";
import { GATEWAY_METHODS, wrapGateway } from "../../src/github/wrap-gateway.js";

/** A gateway written as a class: its methods live on the prototype and use `this`. */
class ClassGateway {
  readonly calls: string[] = [];
  constructor(public repo: RepoRef) {}
  async getIssue(number: number) {
    this.calls.push(`getIssue(${number})`);
    return null;
  }
  async getFile(path: string) {
    this.calls.push(`getFile(${path})`);
    return null;
  }
}

const asGateway = (g: ClassGateway) => g as unknown as Gateway;

describe("wrapGateway, the one way to put something around a gateway", () => {
  it("forwards the methods of a class-based gateway, bound to it, and follows its repo", async () => {
    const inner = new ClassGateway({ owner: "o", repo: "r" });
    const wrapped = wrapGateway(asGateway(inner));
    await wrapped.getIssue(7);
    expect(inner.calls).toEqual(["getIssue(7)"]);
    inner.repo = { owner: "o2", repo: "r2" };
    expect(wrapped.repo).toEqual({ owner: "o2", repo: "r2" });
    // An optional capability the inner gateway lacks stays absent, so callers can still test for it.
    expect(wrapped.addSubIssue).toBeUndefined();
  });

  it("puts `around` around every call, replaced ones included, naming the method", async () => {
    const inner = new ClassGateway({ owner: "o", repo: "r" });
    const seen: string[] = [];
    const wrapped = wrapGateway(asGateway(inner), {
      replace: { getFile: async (path) => ({ path, text: "from memory", sha: "s" }) },
      around: async (method, call) => {
        seen.push(method);
        return call();
      },
    });
    expect(await wrapped.getFile("p.md", "main")).toEqual({ path: "p.md", text: "from memory", sha: "s" });
    await wrapped.getIssue(1);
    expect(seen).toEqual(["getFile", "getIssue"]);
    expect(inner.calls).toEqual(["getIssue(1)"]);
  });

  it("an optional method the inner gateway lacks stays absent with `around` too", () => {
    const wrapped = wrapGateway(asGateway(new ClassGateway({ owner: "o", repo: "r" })), {
      around: async (_method, call) => call(),
    });
    expect(wrapped.addSubIssue).toBeUndefined();
    expect("addSubIssue" in wrapped).toBe(false);
    expect(typeof wrapped.getIssue).toBe("function");
  });

  it("a copy of a wrapped gateway (`{ ...gateway }`) keeps its repo", () => {
    const wrapped = wrapGateway(asGateway(new ClassGateway({ owner: "o", repo: "r" })));
    expect({ ...wrapped }.repo).toEqual({ owner: "o", repo: "r" });
  });

  it("keeps an added capability beside the contract", async () => {
    const inner = new ClassGateway({ owner: "o", repo: "r" });
    const wrapped = wrapGateway(asGateway(inner), {
      add: { readTree: async (ref: string) => ({ entries: [{ path: ref }], truncated: false }) },
    });
    expect(await wrapped.readTree("main")).toEqual({ entries: [{ path: "main" }], truncated: false });
  });

  it("sorts every write of the contract as a write, so the pacer cannot miss one", () => {
    const writes = Object.entries(GATEWAY_METHODS)
      .filter(([, kind]) => kind === "write")
      .map(([name]) => name);
    for (const name of writes) expect(name).toMatch(/^(create|update|put|set|add|remove)/);
    const reads = Object.entries(GATEWAY_METHODS)
      .filter(([, kind]) => kind === "read")
      .map(([name]) => name);
    for (const name of reads) expect(name).toMatch(/^(get|list|find|compare)/);
  });
});
