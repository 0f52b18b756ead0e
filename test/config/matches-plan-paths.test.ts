import { describe, expect, test } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config/config-schema.js";
import { matchesPlanPaths } from "../../src/config/matches-plan-paths.js";
import { parseConfig } from "../../src/config/parse-config.js";

function config(raw: unknown) {
  const result = parseConfig(raw);
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.config;
}

describe("matchesPlanPaths", () => {
  test("by default any Markdown file, at the root or nested, is a candidate", () => {
    expect(matchesPlanPaths("plan.md", DEFAULT_CONFIG)).toBe(true);
    expect(matchesPlanPaths("docs/plans/q3.md", DEFAULT_CONFIG)).toBe(true);
    expect(matchesPlanPaths("src/index.ts", DEFAULT_CONFIG)).toBe(false);
  });

  test("ignore wins over paths", () => {
    const c = config({ paths: ["docs/**/*.md"], ignore: ["docs/archive/**"] });
    expect(matchesPlanPaths("docs/plan.md", c)).toBe(true);
    expect(matchesPlanPaths("docs/archive/old.md", c)).toBe(false);
    expect(matchesPlanPaths("README.md", c)).toBe(false);
  });

  test("a leading ./ in the path does not defeat the globs", () => {
    expect(matchesPlanPaths("./docs/plan.md", config({ paths: "docs/*.md" }))).toBe(true);
  });
});
