import { describe, expect, test } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config/config-schema.js";
import { parseConfig } from "../../src/config/parse-config.js";

function errorsOf(raw: unknown): string[] {
  const result = parseConfig(raw);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.config)}`);
  return result.errors;
}

function configOf(raw: unknown) {
  const result = parseConfig(raw);
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.config;
}

describe("parseConfig", () => {
  test("a repository without .github/plan-sync.yml gets the documented defaults", () => {
    expect(configOf(null)).toEqual(DEFAULT_CONFIG);
    expect(configOf(undefined)).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG).toMatchObject({
      paths: ["**/*.md"],
      ignore: [],
      labels: { plan: { name: "plan-sync" } },
      effortLabels: {},
      links: true,
      writeBack: true,
      massClose: { maxFraction: 0.5, minCount: 5 },
      statusWords: {},
      titleLength: 80,
    });
  });

  test("statusWords: the done and open texts write-back puts into a Status column that speaks in words", () => {
    expect(configOf({ statusWords: { done: "✔ Shipped", open: "Pending" } }).statusWords).toEqual({
      done: "✔ Shipped",
      open: "Pending",
    });
    expect(errorsOf({ statusWords: { done: "Pending" } })).toEqual([
      'statusWords.done: expected a status that reads as done, such as "✅ Done", "Done", "Complete" or "Shipped"',
    ]);
    expect(errorsOf({ statusWords: { open: "Yay" } })).toEqual([
      'statusWords.open: expected a status that reads as open, such as "⬜ Todo", "Todo", "Pending" or "Not started"',
    ]);
    expect(errorsOf({ statusWords: { done: "Done | now" } })[0]).toContain('without "|"');
    expect(errorsOf({ statusWords: { dne: "Done" } })).toEqual(["statusWords.dne: unknown key, did you mean `done`?"]);
  });

  test("the defaults cannot be changed by accident, and each parse gets its own copy", () => {
    expect(() => {
      (DEFAULT_CONFIG.areas.DATA as { color: string }).color = "ff0000";
    }).toThrow(TypeError);
    const a = configOf(null);
    a.paths.push("x/**");
    expect(configOf(null).paths).toEqual(["**/*.md"]);
  });

  test("the three built-in areas have distinct colours", () => {
    const colors = ["DATA", "GAIN", "EDH"].map((a) => DEFAULT_CONFIG.areas[a]?.color);
    expect(new Set(colors).size).toBe(3);
    expect(colors.every((c) => c && /^[0-9a-f]{6}$/.test(c))).toBe(true);
  });

  test("a partial nested setting keeps the other defaults", () => {
    const config = configOf({ massClose: { minCount: 10 }, labels: { plan: { name: "roadmap" } } });
    expect(config.massClose).toEqual({ maxFraction: 0.5, minCount: 10 });
    expect(config.labels.plan).toEqual({ name: "roadmap", color: DEFAULT_CONFIG.labels.plan.color });
  });

  test("an added area is merged with the built-in ones and prefixes are upper-cased", () => {
    const config = configOf({ areas: { ops: { label: "area: ops", color: "#FF0000" }, DATA: { color: "000000" } } });
    expect(config.areas.OPS).toEqual({ label: "area: ops", color: "ff0000" });
    expect(config.areas.DATA).toEqual({ label: "DATA", color: "000000" });
    expect(config.areas.GAIN).toEqual(DEFAULT_CONFIG.areas.GAIN);
  });

  test("a single glob is accepted as a list", () => {
    expect(configOf({ paths: "docs/plans/**/*.md" }).paths).toEqual(["docs/plans/**/*.md"]);
  });

  test("each error names the key path and what is wrong", () => {
    expect(errorsOf({ massClose: { maxFraction: 2 } })).toEqual([
      "massClose.maxFraction: expected a number between 0 and 1",
    ]);
    expect(errorsOf({ paths: ["docs/*.md", 3] })).toEqual(["paths[1]: expected a glob (text)"]);
    expect(errorsOf({ titleLength: 5 })).toEqual(["titleLength: expected a whole number between 20 and 256"]);
    expect(errorsOf({ links: "yes" })).toEqual(["links: expected true or false"]);
    expect(errorsOf({ areas: { "da-ta": {} } })).toEqual([
      "areas.da-ta: expected an ID prefix made of letters only, such as DATA",
    ]);
  });

  test("all errors are reported at once, not just the first", () => {
    expect(errorsOf({ links: 1, writeBack: 1, titleLength: "long" })).toHaveLength(3);
  });

  test("an unknown key is an error, with a suggestion for a likely typo", () => {
    expect(errorsOf({ writeback: false })).toEqual(["writeback: unknown key, did you mean `writeBack`?"]);
    expect(errorsOf({ massClose: { maxFracton: 0.2 } })).toEqual([
      "massClose.maxFracton: unknown key, did you mean `maxFraction`?",
    ]);
    expect(errorsOf({ areas: { OPS: { colour: "ff0000" } } })).toEqual([
      "areas.OPS.colour: unknown key, did you mean `color`?",
    ]);
    expect(errorsOf({ somethingElse: 1 })[0]).toMatch(/^somethingElse: unknown key \(known keys: paths, ignore,/);
  });

  test("an unquoted YAML colour that became a number gets a hint to quote it", () => {
    expect(errorsOf({ labels: { plan: { color: 0 } } })).toEqual([
      'labels.plan.color: expected a 6-digit hex colour such as "1d76db" (quote it in YAML)',
    ]);
  });

  test("a label name longer than GitHub allows is refused", () => {
    expect(errorsOf({ effortLabels: { S: "x".repeat(51) } })[0]).toMatch(/^effortLabels\.S: .*50 characters/);
  });

  test("a file that is not a mapping is an error, not the defaults", () => {
    expect(errorsOf(["paths"])).toEqual(["(top level): expected a mapping of settings"]);
    expect(errorsOf("paths: x")).toEqual(["(top level): expected a mapping of settings"]);
  });
});
