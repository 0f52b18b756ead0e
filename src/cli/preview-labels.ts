import type { Task } from "../plan/types.js";

/** The labels an issue gets: its area (DATA, GAIN, EDH, …) and the label marking plan-sync's issues. */
export function previewLabels(task: Pick<Task, "area">): string[] {
  return [task.area, "plan-sync"];
}
