/**
 * A realistic plan in the template's shape with `rows` task rows spread
 * round-robin over DATA, GAIN and EDH (DATA1, GAIN1, EDH1, DATA2, ...).
 * Deterministic, so benchmarks and tests can compare runs. The output parses
 * without diagnostics.
 */
export interface GeneratePlanOptions {
  featureName?: string;
  /** Tick every Nth task (`[x]`); when set, every other row gets an open `[ ]`. 0 = no checkboxes. */
  doneEvery?: number;
  /** Write each ID cell the way write-back does: `DATA1 ([#N](url))`, N counting from `firstIssue`. */
  linkIssues?: boolean;
  firstIssue?: number;
  /** "owner/repo" used in issue links. */
  repo?: string;
  eol?: "\n" | "\r\n";
  /** Add an "Implementation Timeline" checklist that tracks a few tasks. Default true. */
  checklist?: boolean;
}

const AREAS = [
  {
    prefix: "DATA",
    heading: "1. Data Repository (`/data`)",
    blurb: "*Changes to Databricks ETL and Warehouse Objects*",
  },
  {
    prefix: "GAIN",
    heading: "2. Gain Repository (`/gain`)",
    blurb: "*Changes to Application UI, LangGraph Services, API, and Database*",
  },
  { prefix: "EDH", heading: "3. EDH Repository (`/edh`)", blurb: "*Changes to Entity Data Hub UI, API, and Database*" },
] as const;

const VERBS = ["Create", "Extend", "Backfill", "Validate", "Expose", "Document", "Migrate", "Monitor"];
const THINGS = [
  "`risk.supplier_score` table",
  "nightly scoring job",
  "`GET /suppliers/{id}/risk` endpoint",
  "risk panel",
  "`DimSupplierRisk` export",
  "Redis cache",
  "alerting rules",
  "hierarchy mapping",
];
const EFFORTS = ["2h", "4h", "1d", "2d", "3", "5"];

export function generatePlan(rows: number, opts: GeneratePlanOptions = {}): string {
  const eol = opts.eol ?? "\n";
  const doneEvery = opts.doneEvery ?? 0;
  const repo = opts.repo ?? "acme/plans";
  const firstIssue = opts.firstIssue ?? 1;
  const byArea: string[][] = AREAS.map(() => []);
  const ids: string[] = [];

  for (let i = 0; i < rows; i++) {
    const area = i % AREAS.length;
    const id = `${AREAS[area]?.prefix ?? "T"}${Math.floor(i / AREAS.length) + 1}`;
    ids.push(id);
    const box = doneEvery > 0 ? ((i + 1) % doneEvery === 0 ? "[x] " : "[ ] ") : "";
    const n = firstIssue + i;
    const link = opts.linkIssues ? ` ([#${n}](https://github.com/${repo}/issues/${n}))` : "";
    const verb = VERBS[i % VERBS.length] ?? "Build";
    const thing = THINGS[(i * 3) % THINGS.length] ?? "component";
    const description = `${verb} ${thing} for slice ${i + 1}`;
    const criteria = `Works in \`dev\` and \`prod\`<br>Covered by tests (>= 80%)<br>Reviewed by the ${AREAS[area]?.prefix ?? ""} owners`;
    byArea[area]?.push(
      `| ${box}${id}${link} | ${description} | ${criteria} | ${EFFORTS[i % EFFORTS.length] ?? "1d"} |`,
    );
  }

  const out: string[] = [
    "# Generated Feature - Implementation Plan",
    "",
    "## Document Control",
    `**Feature Name:** ${opts.featureName ?? "Generated Feature"}  `,
    "**Date:** 2026-01-15  ",
    "",
    "---",
    "",
    "## Executive Summary",
    "Score suppliers nightly and show the score where people work.",
    "",
    "---",
    "",
    "## Repository Changes",
  ];
  AREAS.forEach((area, i) => {
    const areaRows = byArea[i] ?? [];
    if (areaRows.length === 0) return;
    out.push(
      "",
      `### ${area.heading}`,
      area.blurb,
      "",
      "#### Components Affected",
      "- [ ] New: `components/risk-panel.tsx` - shows the score",
      "",
      "#### Implementation Tasks",
      "| Task ID | Description | Acceptance Criteria | Effort |",
      "|---------|-------------|-------------------|--------|",
      ...areaRows,
      "",
      "---",
    );
  });
  if (opts.checklist ?? true) {
    const tracked = ids.slice(0, 3);
    out.push("", "## Implementation Timeline", "", "### Phase 1: Foundation");
    if (tracked.length > 0) out.push(`- [ ] ${tracked.join(", ")}: first slice end to end`);
    if (ids[0]) out.push(`- [ ] ${ids[0]} backfill signed off by Finance`);
    out.push("- [ ] Production deployment");
  }
  out.push("");
  return out.join(eol);
}
