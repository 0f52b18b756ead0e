import { describe, expect, it } from "vitest";
import { looksLikePlan } from "../../src/plan/is-plan.js";

/**
 * Which files of a push are read as plans at all: a table header that names
 * tasks makes a plan, a status table or a lone `Task ID` line in prose does not,
 * and a plan saved as UTF-16 without a byte-order mark is still picked up (so
 * its encoding error can be shown instead of the file being passed over).
 */
describe("a file looks like a plan", () => {
  it("with a table naming a Description beside a Status column, even without IDs", () => {
    expect(looksLikePlan("# Work\n\n| Description | Status |\n|---|---|\n| Build | Done |\n", "notes.md")).toBe(true);
  });

  it("with an ID column such as `Key` beside a Description column", () => {
    expect(looksLikePlan("# Work\n\n| Key | Description |\n|---|---|\n| A-1 | Build |\n", "notes.md")).toBe(true);
  });

  it("when saved as UTF-16 without a byte-order mark (a NUL between letters)", () => {
    const utf16 = "## Tasks\n\n| Task ID | Description |\n|---|---|\n| DATA1 | One |\n".replace(
      /./gs,
      (c) => `${c}\u0000`,
    );
    expect(looksLikePlan(utf16, "plan.md")).toBe(true);
  });
});

describe("a file does not look like a plan", () => {
  it("for a status table with no task name column", () => {
    expect(looksLikePlan("# Services\n\n| Service | Status |\n|---|---|\n| api | up |\n", "README.md")).toBe(false);
  });

  it("for the words `Task ID` on a line of prose in a file with a table elsewhere", () => {
    expect(looksLikePlan("# Notes\n\nTask ID\n\n| Option | Meaning |\n|---|---|\n| a | b |\n", "notes.md")).toBe(false);
  });
});
