export const E2E_PLAN_PATH = "docs/plans/search.md";

/** A plan filled in from the template, small enough to sync in a few seconds at the real write pace: two areas, one task already done. */
export const E2E_PLAN = [
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
  "",
].join("\n");
