export const SEARCH_PLAN_PATH = "docs/plans/search.md";

/** Everything of the search plan up to its last task row. */
const HEAD = [
  "# Semantic search - Implementation Plan",
  "",
  "## Document Control",
  "**Feature Name:** Semantic search  ",
  "**Date:** 2024-05-01  ",
  "",
  "## Repository Changes",
  "",
  "### 1. Data Repository (`/data`)",
  "",
  "#### Implementation Tasks",
  "| Task ID | Description | Acceptance Criteria | Effort |",
  "|---------|-------------|-------------------|--------|",
  "| [x] DATA1 | Embeddings table | Table exists | 3 |",
  "| DATA2 | Nightly embedding ETL | Runs nightly | 5 |",
  "",
  "### 2. Gain Repository (`/gain`)",
  "",
  "#### Implementation Tasks",
  "| Task ID | Description | Acceptance Criteria | Effort |",
  "|---------|-------------|-------------------|--------|",
  "| GAIN1 | Search API | Returns ranked hits | 5 |",
];

/** A plan as teams write it from the template: two areas, one task already done. */
export const SEARCH_PLAN = [...HEAD, "| GAIN2 | Search results page | Shows hits | 3 |", ""].join("\n");

/** The same plan without GAIN2: three tasks, small enough to sync in a few seconds at the real write pace. */
export const SMALL_SEARCH_PLAN = [...HEAD, ""].join("\n");
