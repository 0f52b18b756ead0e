import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse-config.js";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { planFingerprint } from "../../src/sync/plan-fingerprint.js";
import { SEARCH_PLAN as PLAN, SEARCH_PLAN_PATH as PLAN_PATH } from "../support/search-plan.js";

const config = (raw: unknown = null) => {
  const parsed = parseConfig(raw);
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  return parsed.config;
};
const fingerprint = (text: string, raw: unknown = null, identity = "plan-sync[bot]") =>
  planFingerprint(parsePlan(text, PLAN_PATH), { config: config(raw), identity });

describe("a plan's fingerprint (what the App remembers as reconciled)", () => {
  const base = fingerprint(PLAN);

  it("stays the same when only prose, issue links or line positions change", () => {
    expect(fingerprint(PLAN.replace("## Repository Changes", "## Repository Changes\n\nWhy we do this."))).toBe(base);
    expect(fingerprint(PLAN.replace("| GAIN1 |", "| GAIN1 ([#7](https://github.com/acme/plans/issues/7)) |"))).toBe(
      base,
    );
  });

  it("changes with a tick, a task's content, an added or removed task", () => {
    const variants = [
      PLAN.replace("| GAIN1 |", "| [x] GAIN1 |"),
      PLAN.replace("Nightly embedding ETL", "Hourly embedding ETL"),
      PLAN.replace("| Shows hits | 3 |", "| Shows hits | 5 |"),
      PLAN.replace(/\| GAIN2 .*\n/, ""),
      PLAN.replace(
        "| GAIN2 | Search results page | Shows hits | 3 |\n",
        "| GAIN2 | Search results page | Shows hits | 3 |\n| GAIN3 | Ranking | Better hits | 2 |\n",
      ),
    ];
    for (const text of variants) {
      expect(text).not.toBe(PLAN);
      expect(fingerprint(text)).not.toBe(base);
    }
  });

  it("changes with the config and the identity the issues are rendered for", () => {
    expect(fingerprint(PLAN, { labels: { plan: { name: "roadmap" } } })).not.toBe(base);
    expect(fingerprint(PLAN, { links: false })).not.toBe(base);
    expect(fingerprint(PLAN, null, "other-app[bot]")).not.toBe(base);
  });

  it("changes when only a task's dependencies change (they are issue links, not in the issue's content hash)", () => {
    const table = (deps: [string, string, string, string]) =>
      [
        "# Plan",
        "",
        "| Task ID | Description | Acceptance Criteria | Effort | Depends on |",
        "|---|---|---|---|---|",
        `| DATA1 | Embeddings table | Table exists | 3 | ${deps[0]} |`,
        `| DATA2 | Nightly ETL | Runs nightly | 5 | ${deps[1]} |`,
        `| GAIN1 | Search API | Returns hits | 5 | ${deps[2]} |`,
        `| GAIN2 | Results page | Shows hits | 3 | ${deps[3]} |`,
        "",
      ].join("\n");
    const before = fingerprint(table(["", "DATA1", "DATA2", "GAIN1"]));
    expect(fingerprint(table(["", "DATA1", "DATA1", "GAIN1"]))).not.toBe(before);
    expect(fingerprint(table(["", "DATA1", "DATA2", ""]))).not.toBe(before);
    expect(fingerprint(table(["", "DATA1", "DATA2", "GAIN1"]))).toBe(before);
  });

  it("stays the same when an empty Depends on column is added: no task's issue changes", () => {
    const withColumn = PLAN.replaceAll("| Effort |", "| Effort | Depends on |")
      .replaceAll("|--------|", "|--------|---|")
      .replace(/^(\| (?:\[x\] )?[A-Z]+\d .*\|)$/gm, "$1  |");
    expect(withColumn).not.toBe(PLAN);
    expect(withColumn).toContain("| GAIN2 | Search results page | Shows hits | 3 |  |");
    expect(fingerprint(withColumn)).toBe(base);
  });
});
