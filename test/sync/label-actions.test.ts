import { describe, expect, test } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config/config-schema.js";
import { parseConfig } from "../../src/config/parse-config.js";
import { labelActions } from "../../src/sync/label-actions.js";

describe("labelActions", () => {
  test("creates each missing label once, in the configured colour", () => {
    const actions = labelActions(
      ["DATA", "plan-sync", "DATA", "Plan-Sync", "GAIN"],
      [{ name: "gain", color: "000000" }],
      DEFAULT_CONFIG,
    );
    expect(actions).toEqual([
      { type: "create-label", name: "DATA", color: DEFAULT_CONFIG.areas.DATA!.color, description: expect.any(String) },
      {
        type: "create-label",
        name: "plan-sync",
        color: DEFAULT_CONFIG.labels.plan.color,
        description: expect.any(String),
      },
    ]);
  });

  test("unknown areas get a neutral colour, effort labels their own", () => {
    const parsed = parseConfig({ effortLabels: { S: "size: S" } });
    if (!parsed.ok) throw new Error("config");
    expect(labelActions(["OPS", "size: S"], [], parsed.config).map((a) => a.color)).toEqual(["ededed", "d4c5f9"]);
  });

  test("each label says on GitHub what it is for", () => {
    const parsed = parseConfig({ effortLabels: { S: "size: S" } });
    if (!parsed.ok) throw new Error("config");
    expect(labelActions(["plan-sync", "DATA", "OPS", "size: S"], [], parsed.config)).toEqual([
      expect.objectContaining({ name: "plan-sync", description: "Issue kept in sync with a plan task by plan-sync" }),
      expect.objectContaining({ name: "DATA", description: "Plan tasks DATA1, DATA2, …" }),
      expect.objectContaining({ name: "OPS", description: "Plan tasks OPS1, OPS2, …" }),
      expect.objectContaining({ name: "size: S", description: "Plan tasks with effort S" }),
    ]);
  });

  test("a description over 100 characters is cut to 99 and an ellipsis; one of exactly 100 is kept", () => {
    // "Plan tasks with effort " is 23 characters.
    const parsed = parseConfig({ effortLabels: { ["e".repeat(77)]: "exact", ["f".repeat(78)]: "over" } });
    if (!parsed.ok) throw new Error(parsed.errors.join());
    const [exact, over] = labelActions(["exact", "over"], [], parsed.config);
    expect(exact!.description).toBe(`Plan tasks with effort ${"e".repeat(77)}`);
    expect(over!.description).toBe(`Plan tasks with effort ${"f".repeat(76)}…`);
  });

  test("label descriptions fit GitHub's 100-character limit", () => {
    const parsed = parseConfig({ areas: { ["X".repeat(40)]: {} }, effortLabels: { ["e".repeat(95)]: "long" } });
    if (!parsed.ok) throw new Error(parsed.errors.join());
    for (const a of labelActions(["X".repeat(40), "long", "plan-sync"], [], parsed.config)) {
      expect(a.description.length).toBeLessThanOrEqual(100);
    }
  });
});
