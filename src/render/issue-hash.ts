import { createHash } from "node:crypto";

/**
 * Bumped whenever the issue layout changes, so every issue is re-rendered
 * once into the new layout instead of keeping the old one forever.
 */
export const ISSUE_LAYOUT_VERSION = 1;

export interface HashedTaskContent {
  title: string;
  description: string;
  acceptanceCriteria: string[];
  effort: string;
  section: string;
  extra: Record<string, string>;
  labels: string[];
}

/**
 * What the plan says about a task, and nothing else: no commit SHA, no line
 * number, no path. A push that leaves a task alone therefore hashes the same
 * and costs zero writes for it, and a rename or a row moving down does not
 * rewrite every issue.
 */
export function hashTaskContent(content: HashedTaskContent): string {
  const canonical = JSON.stringify([
    ISSUE_LAYOUT_VERSION,
    content.title,
    content.description,
    content.acceptanceCriteria,
    content.effort,
    content.section,
    Object.entries(content.extra),
    content.labels,
  ]);
  return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}
