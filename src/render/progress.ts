import type { Task } from "../plan/types.js";

export interface AreaProgress {
  area: string;
  done: number;
  total: number;
}

/**
 * Done / total per area, areas in the order the plan first mentions them, so
 * the rendering follows the document a reader has open (DATA, GAIN, EDH).
 */
export function progressByArea(tasks: ReadonlyArray<Pick<Task, "area" | "done">>): AreaProgress[] {
  const byArea = new Map<string, AreaProgress>();
  for (const task of tasks) {
    const area = task.area === "" ? "(no area)" : task.area;
    let entry = byArea.get(area);
    if (!entry) {
      entry = { area, done: 0, total: 0 };
      byArea.set(area, entry);
    }
    entry.total += 1;
    if (task.done) entry.done += 1;
  }
  return [...byArea.values()];
}

export const PROGRESS_BAR_WIDTH = 10;

/**
 * `▓▓▓▓▓░░░░░ 4/8`. Rounds, but never shows a full bar before the last task is
 * done nor an empty one once the first is: readers take those two ends literally.
 */
export function progressBar(done: number, total: number, width = PROGRESS_BAR_WIDTH): string {
  if (total <= 0) return `${"░".repeat(width)} 0/0`;
  const clampedDone = Math.max(0, Math.min(done, total));
  let filled = Math.round((clampedDone / total) * width);
  if (clampedDone > 0 && filled === 0) filled = 1;
  if (clampedDone < total && filled === width) filled = width - 1;
  return `${"▓".repeat(filled)}${"░".repeat(width - filled)} ${clampedDone}/${total}`;
}
