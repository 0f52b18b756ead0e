import type { PlanSyncConfig } from "../config/config-schema.js";
import type { IssueRecord } from "./gateway.js";

/** Labels plan-sync may add or take away; everything else on an issue belongs to people. */
function isManagedLabel(name: string, config: PlanSyncConfig): boolean {
  const key = name.toLowerCase();
  return (
    config.labels.plan.name.toLowerCase() === key ||
    Object.values(config.areas).some((a) => a.label.toLowerCase() === key) ||
    Object.values(config.effortLabels).some((l) => l.toLowerCase() === key)
  );
}

/**
 * The issue's labels with ours brought up to date: labels people added stay,
 * managed labels the task no longer wants go. GitHub replaces the whole list
 * on update, so the full list is returned, or null when nothing would change.
 */
export function mergeLabels(current: string[], wanted: string[], config: PlanSyncConfig): string[] | null {
  const wantedKeys = new Set(wanted.map((l) => l.toLowerCase()));
  const kept = current.filter((l) => wantedKeys.has(l.toLowerCase()) || !isManagedLabel(l, config));
  const keptKeys = new Set(kept.map((l) => l.toLowerCase()));
  const merged = [...kept, ...wanted.filter((l) => !keptKeys.has(l.toLowerCase()))];
  const before = new Set(current.map((l) => l.toLowerCase()));
  const after = new Set(merged.map((l) => l.toLowerCase()));
  const same = before.size === after.size && [...after].every((l) => before.has(l));
  return same ? null : merged;
}

/** Only the fields that differ, so an update never rewrites what is already right. */
export function issueChanges(
  issue: Pick<IssueRecord, "title" | "body" | "labels">,
  wanted: { title: string; body: string; labels: string[] },
  config: PlanSyncConfig,
): { title?: string; body?: string; labels?: string[] } {
  const changes: { title?: string; body?: string; labels?: string[] } = {};
  if (issue.title !== wanted.title) changes.title = wanted.title;
  if (issue.body !== wanted.body) changes.body = wanted.body;
  const labels = mergeLabels(issue.labels, wanted.labels, config);
  if (labels) changes.labels = labels;
  return changes;
}
