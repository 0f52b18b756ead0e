import { describe, expect, it } from "vitest";
import { UnwrittenIssues } from "../../src/write-back/unwritten-issues.js";

const issue = (number: number, done = true) => ({ number, task: `T${number}`, done });

describe("UnwrittenIssues", () => {
  it("keeps the latest word per issue and plan, and forgets what was written", () => {
    const memory = new UnwrittenIssues();
    memory.remember("a", [issue(1), issue(2)]);
    memory.remember("a", [issue(1, false)]);
    memory.remember("b", [issue(3)]);
    expect(memory.of("a")).toEqual([issue(1, false), issue(2)]);
    expect(memory.forget("a", [1, 9])).toEqual([issue(1, false)]);
    expect(memory.of("a")).toEqual([issue(2)]);
    expect(memory.of("b")).toEqual([issue(3)]);
  });

  it("is bounded: the plan that failed longest ago is dropped first", () => {
    const memory = new UnwrittenIssues(2);
    memory.remember("a", [issue(1)]);
    memory.remember("b", [issue(2)]);
    memory.remember("a", [issue(3)]);
    memory.remember("c", [issue(4)]);
    expect(memory.of("b")).toEqual([]);
    expect(memory.of("a").map((i) => i.number)).toEqual([1, 3]);
    expect(memory.of("c").map((i) => i.number)).toEqual([4]);
  });
});
