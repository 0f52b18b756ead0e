import { describe, expect, it } from "vitest";
import { writeBackMessage } from "../../src/write-back/commit-message.js";

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
