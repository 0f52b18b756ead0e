/** Where the write-back tests keep SAMPLE_PLAN. */
export const SAMPLE_PLAN_PATH = "docs/plan.md";

/** A small filled-in plan: two areas, a checklist item that tracks DATA1 and one that merely mentions it. */
export const SAMPLE_PLAN = [
  "# Search - Implementation Plan",
  "",
  "## Document Control",
  "**Feature Name:** Search  ",
  "**Date:** 2026-11-02  ",
  "",
  "## Repository Changes",
  "",
  "### 1. Data Repository (`/data`)",
  "",
  "#### Components Affected",
  "- [ ] DATA1: ingest table exists",
  "- [ ] Review what DATA1 produces with the analysts",
  "",
  "#### Implementation Tasks",
  "| Task ID | Description | Acceptance Criteria | Effort |",
  "|---------|-------------|-------------------|--------|",
  "| DATA1 | Create the `search_docs` table | Table exists<br>Backfilled | 3 |",
  "| DATA2 | Nightly ETL into `search_docs` | Runs nightly | 5 |",
  "| [x] DATA3 | Drop the legacy view | View gone | 1 |",
  "",
  "### 2. Gain Repository (`/gain`)",
  "",
  "#### Implementation Tasks",
  "| Task ID | Description | Acceptance Criteria | Effort |",
  "|---------|-------------|-------------------|--------|",
  "| GAIN1 | Search endpoint `GET /search` | Returns ranked hits | 5 |",
  "| GAIN2 | Search box component | Debounced input | 3 |",
  "",
].join("\n");

export const crlf = (text: string): string => text.replace(/\r?\n/g, "\r\n");
