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

  test("label descriptions fit GitHub's 100-character limit", () => {
    const parsed = parseConfig({ areas: { ["X".repeat(40)]: {} }, effortLabels: { ["e".repeat(95)]: "long" } });
    if (!parsed.ok) throw new Error(parsed.errors.join());
    for (const a of labelActions(["X".repeat(40), "long", "plan-sync"], [], parsed.config)) {
      expect(a.description.length).toBeLessThanOrEqual(100);
    }
  });
});
