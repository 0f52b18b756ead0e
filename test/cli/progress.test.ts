import { describe, expect, it } from "vitest";
import { createProgressBar, PROGRESS_LINE_EVERY_MS } from "../../src/cli/sync/progress-bar.js";

const action = (done: number, total: number) =>
  ({
    kind: "action",
    done,
    total,
    action: { type: "create-label", name: "x", color: "ededed", description: "" },
  }) as const;

describe("sync progress without a terminal", () => {
  it("prints a plain line at least every 10 s while writes go on, even between tenths", () => {
    let clock = 0;
    let out = "";
    const bar = createProgressBar((s) => void (out += s), { tty: false, now: () => clock });
    bar.update(action(1, 300)); // not yet a tenth, no time passed: quiet
    clock += PROGRESS_LINE_EVERY_MS - 1;
    bar.update(action(2, 300));
    expect(out).toBe("");
    clock += 1;
    bar.update(action(3, 300));
    expect(out).toBe("plan-sync: 3/300 changes done\n");
    bar.update(action(30, 300)); // the first tenth
    expect(out).toBe("plan-sync: 3/300 changes done\nplan-sync: 30/300 changes done\n");
    bar.finish();
    expect(out).not.toContain("\r");
  });

  it("says nothing for a short run", () => {
    let out = "";
    const bar = createProgressBar((s) => void (out += s), { tty: false, now: () => 0 });
    for (let done = 1; done <= 9; done++) bar.update(action(done, 9));
    expect(out).toBe("");
  });
});
