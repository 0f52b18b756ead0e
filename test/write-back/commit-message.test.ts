import { describe, expect, it } from "vitest";
import { countChanges, writeBackMessage } from "../../src/write-back/commit-message.js";

describe("writeBackMessage", () => {
  it("names the ticked tasks in the subject and ends with the app trailer", () => {
    expect(writeBackMessage({ done: ["DATA1", "GAIN2"], reopened: [], linked: [] })).toBe(
      "plan-sync: mark DATA1, GAIN2 done\n\nPlan-Sync-Bot: write-back",
    );
  });

  it("says reopen for unticked tasks and joins mixed bursts", () => {
    expect(writeBackMessage({ done: [], reopened: ["DATA3"], linked: [] }).split("\n")[0]).toBe(
      "plan-sync: reopen DATA3",
    );
    expect(writeBackMessage({ done: ["DATA1"], reopened: ["DATA3"], linked: [] }).split("\n")[0]).toBe(
      "plan-sync: mark DATA1 done; reopen DATA3",
    );
  });

  it("describes a links-only write (the first push of a plan)", () => {
    expect(writeBackMessage({ done: [], reopened: [], linked: ["DATA1", "DATA2"] }).split("\n")[0]).toBe(
      "plan-sync: link DATA1, DATA2 to their issues",
    );
  });

  it("keeps the subject short for big bursts and lists the IDs in the body", () => {
    const ids = Array.from({ length: 12 }, (_, i) => `GAIN${i + 1}`);
    const message = writeBackMessage({ done: ids, reopened: [], linked: [] });
    expect(message.split("\n")[0]).toBe("plan-sync: mark 12 tasks done");
    expect(message).toContain(`- mark ${ids.join(", ")} done`);
    expect(message.endsWith("\n\nPlan-Sync-Bot: write-back")).toBe(true);
  });
});

describe("writeBackMessage wording", () => {
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

  it("five IDs still fit the subject; six move to the body", () => {
    expect(writeBackMessage({ done: ids("D", 5), reopened: [], linked: [] })).toBe(
      "plan-sync: mark D1, D2, D3, D4, D5 done\n\nPlan-Sync-Bot: write-back",
    );
    expect(writeBackMessage({ done: ids("D", 6), reopened: [], linked: [] })).toBe(
      "plan-sync: mark 6 tasks done\n\n- mark D1, D2, D3, D4, D5, D6 done\n\nPlan-Sync-Bot: write-back",
    );
  });

  it("big reopen and link bursts are counted in the subject and listed in the body", () => {
    expect(writeBackMessage({ done: [], reopened: ids("R", 6), linked: ids("L", 7) })).toBe(
      "plan-sync: reopen 6 tasks; link 7 tasks to their issues\n\n" +
        "- reopen R1, R2, R3, R4, R5, R6\n- link L1, L2, L3, L4, L5, L6, L7 to their issues\n\n" +
        "Plan-Sync-Bot: write-back",
    );
  });

  it("one link says its issue; nothing to name says update task state", () => {
    expect(writeBackMessage({ done: [], reopened: [], linked: ["DATA1"] })).toBe(
      "plan-sync: link DATA1 to its issue\n\nPlan-Sync-Bot: write-back",
    );
    expect(writeBackMessage({ done: [], reopened: [], linked: [] })).toBe(
      "plan-sync: update task state\n\nPlan-Sync-Bot: write-back",
    );
  });

  it("counts every change of a burst", () => {
    expect(countChanges({ done: ["A"], reopened: ["B", "C"], linked: ["D", "E", "F"] })).toBe(6);
  });
});
