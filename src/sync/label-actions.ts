import { EFFORT_LABEL_COLOR, NEUTRAL_COLOR, type PlanSyncConfig } from "../config/config-schema.js";
import type { LabelRecord } from "./gateway.js";
import type { SyncAction } from "./types.js";

type CreateLabel = Extract<SyncAction, { type: "create-label" }>;

/**
 * A create-label for each wanted label the repository lacks, once each, with
 * the colour the config gives it. Names compare case-insensitively, as GitHub
 * does, so an existing `data` label is reused for `DATA`.
 */
export function labelActions(
  wantedLabels: Iterable<string>,
  existingLabels: LabelRecord[],
  config: PlanSyncConfig,
): CreateLabel[] {
  const have = new Set(existingLabels.map((l) => l.name.toLowerCase()));
  const out: CreateLabel[] = [];
  for (const name of wantedLabels) {
    const key = name.toLowerCase();
    if (have.has(key)) continue;
    have.add(key);
    const { color, description } = describeLabel(name, config);
    // GitHub refuses label descriptions over 100 characters.
    out.push({
      type: "create-label",
      name,
      color,
      description: description.length > 100 ? `${description.slice(0, 99)}…` : description,
    });
  }
  return out;
}

function describeLabel(name: string, config: PlanSyncConfig): { color: string; description: string } {
  const key = name.toLowerCase();
  if (config.labels.plan.name.toLowerCase() === key) {
    return { color: config.labels.plan.color, description: "Issue kept in sync with a plan task by plan-sync" };
  }
  for (const [prefix, area] of Object.entries(config.areas)) {
    if (area.label.toLowerCase() === key)
      return { color: area.color, description: `Plan tasks ${prefix}1, ${prefix}2, …` };
  }
  for (const [effort, label] of Object.entries(config.effortLabels)) {
    if (label.toLowerCase() === key)
      return { color: EFFORT_LABEL_COLOR, description: `Plan tasks with effort ${effort}` };
  }
  // An area nobody configured: its label is the ID prefix itself.
  return { color: NEUTRAL_COLOR, description: `Plan tasks ${name}1, ${name}2, …` };
}
