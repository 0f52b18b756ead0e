import { describe, expect, it } from "vitest";
import { progressBar, progressByArea } from "../../src/render/progress.js";

describe("progressBar", () => {
  it("shows done / total with a ten-cell bar", () => {
    expect(progressBar(4, 8)).toBe("▓▓▓▓▓░░░░░ 4/8");
    expect(progressBar(0, 3)).toBe("░░░░░░░░░░ 0/3");
    expect(progressBar(3, 3)).toBe("▓▓▓▓▓▓▓▓▓▓ 3/3");
  });

  it("never shows a full bar before the last task is done, nor an empty one after the first", () => {
    expect(progressBar(99, 100)).toBe("▓▓▓▓▓▓▓▓▓░ 99/100");
    expect(progressBar(1, 100)).toBe("▓░░░░░░░░░ 1/100");
  });

  it("copes with a plan without tasks", () => {
    expect(progressBar(0, 0)).toBe("░░░░░░░░░░ 0/0");
  });
});

describe("progressByArea", () => {
  it("counts per area in the order the plan first mentions them", () => {
    const tasks = [
      { area: "DATA", done: true },
      { area: "GAIN", done: false },
      { area: "DATA", done: false },
      { area: "EDH", done: true },
      { area: "GAIN", done: true },
    ];
    expect(progressByArea(tasks)).toEqual([
      { area: "DATA", done: 1, total: 2 },
      { area: "GAIN", done: 1, total: 2 },
      { area: "EDH", done: 1, total: 1 },
    ]);
  });
});
