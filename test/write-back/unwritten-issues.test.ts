import { describe, expect, it } from "vitest";
import type { Json } from "../../src/queue/job-queue.js";
import { UnwrittenIssues, type NoteStore } from "../../src/write-back/unwritten-issues.js";

const issue = (number: number, done = true) => ({ number, task: `T${number}`, done });

/** The job store's notes, as a map (both backends are held to the same by test/queue/contract.ts). */
function mapStore(): NoteStore & { notes: Map<string, Json> } {
  const notes = new Map<string, Json>();
  return {
    notes,
    readNote: async (key) => structuredClone(notes.get(key) ?? null),
    writeNote: async (key, value) => {
      if (value === null) notes.delete(key);
      else notes.set(key, structuredClone(value));
    },
  };
}

describe("UnwrittenIssues", () => {
  it("keeps the latest word per issue and plan, and forgets what was written", async () => {
    const memory = new UnwrittenIssues(mapStore());
    await memory.remember("a", [issue(1), issue(2)]);
    await memory.remember("a", [issue(1, false)]);
    await memory.remember("b", [issue(3)]);
    expect(await memory.of("a")).toEqual([issue(1, false), issue(2)]);
    expect(await memory.forget("a", [1, 9])).toEqual([issue(1, false)]);
    expect(await memory.of("a")).toEqual([issue(2)]);
    expect(await memory.of("b")).toEqual([issue(3)]);
  });

  it("lives in the store, not in the object: a new one on the same store (a restart) knows the issues; a plan with none left leaves no note", async () => {
    const store = mapStore();
    await new UnwrittenIssues(store).remember("a", [issue(4), issue(2)]);
    const afterRestart = new UnwrittenIssues(store);
    expect(await afterRestart.of("a")).toEqual([issue(2), issue(4)]);
    await afterRestart.forget("a", [2, 4]);
    expect(await afterRestart.of("a")).toEqual([]);
    expect(store.notes.size).toBe(0);
  });
});

describe("UnwrittenIssues costs the store nothing when nothing changes", () => {
  it("remembering no issues and forgetting issues it never knew write no note", async () => {
    const store = mapStore();
    const writes: string[] = [];
    const counting: NoteStore = {
      readNote: store.readNote,
      writeNote: async (key, value) => {
        writes.push(key);
        await store.writeNote(key, value);
      },
    };
    const memory = new UnwrittenIssues(counting);
    await memory.remember("a", []);
    await memory.remember("b", [issue(1)]);
    expect(writes).toHaveLength(1);
    expect(await memory.forget("b", [7, 8])).toEqual([]);
    expect(writes).toHaveLength(1);
    expect(await memory.forget("b", [1])).toEqual([issue(1)]);
    expect(writes).toHaveLength(2);
  });
});
