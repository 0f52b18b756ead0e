import { NEUTRAL_COLOR, type AreaLabel, type PlanSyncConfig } from "../config/config-schema.js";
import type { Task } from "../plan/types.js";

/** The area's configured label, else one named after the prefix in a neutral colour. */
export function areaLabelFor(area: string, config: Pick<PlanSyncConfig, "areas">): AreaLabel | null {
  if (area === "") return null;
  const configured = config.areas[area.toUpperCase()];
  if (configured) return configured;
  // The parser may already have mapped the prefix to a label name.
  const byLabel = Object.values(config.areas).find((a) => a.label.toLowerCase() === area.toLowerCase());
  return byLabel ?? { label: area, color: NEUTRAL_COLOR };
}

/** The label for a task's effort, when the config maps that effort text to one. */
export function effortLabelFor(effort: string, config: Pick<PlanSyncConfig, "effortLabels">): string | null {
  const text = effort.trim();
  if (text === "") return null;
  const exact = config.effortLabels[text];
  if (exact) return exact;
  const key = Object.keys(config.effortLabels).find((k) => k.trim().toLowerCase() === text.toLowerCase());
  return key === undefined ? null : (config.effortLabels[key] ?? null);
}

/** Area, plan and effort labels, without case-insensitive duplicates (GitHub treats `Data` and `DATA` as one). */
export function renderIssueLabels(task: Pick<Task, "area" | "effort">, config: PlanSyncConfig): string[] {
  const wanted = [areaLabelFor(task.area, config)?.label, config.labels.plan.name, effortLabelFor(task.effort, config)];
  const out: string[] = [];
  for (const name of wanted) {
    if (name && !out.some((n) => n.toLowerCase() === name.toLowerCase())) out.push(name);
  }
  return out;
}
