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
});
