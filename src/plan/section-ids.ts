import type { Task } from "./types.js";
import { slugId } from "./derived-id.js";

/**
 * Numbered tasks that start again at 1 in every section (`1, 2, 3` under
 * Phase 1, `1, 2` under Phase 2) are different tasks, not duplicates. When a
 * plan's numbers restart like that, every numbered task's ID is qualified by
 * its section — `Phase-1/1`, `Phase-2/1`, or the heading's slug
 * (`backend/1`) — so each keeps one identity. A plan whose numbers never
 * repeat across sections keeps its plain numbers (Kiro's `1`, `2.1`).
 */
export function isNumericId(id: string): boolean {
  return /^\d{1,6}(?:[.-]\d{1,6}){0,4}$/.test(id);
}

/** The key numbered IDs are unique under: the section (all headings above) and the number. */
export function sectionKey(id: string, headingPath: readonly string[]): string {
  return isNumericId(id) ? `${pathKey(headingPath)}\u0001${id}` : id;
}

/**
 * A heading path as a map key. With its length first: joined alone, no heading (`[]`) and an empty `##` heading
 * (`[""]`) gave the same key, and a task numbered `1.` under each was read as a repeat of the other.
 */
function pathKey(headingPath: readonly string[]): string {
  return `${headingPath.length}\u0002${headingPath.join("\u0000")}`;
}

export function qualifyRestartedIds(tasks: Task[]): void {
  const sections = new Map<string, Set<string>>();
  for (const t of tasks) {
    if (!isNumericId(t.id)) continue;
    const set = sections.get(t.id) ?? new Set<string>();
    set.add(pathKey(t.headingPath));
    sections.set(t.id, set);
  }
  if (![...sections.values()].some((s) => s.size > 1)) return;
  const paths = new Map<string, readonly string[]>();
  for (const t of tasks) if (isNumericId(t.id)) paths.set(pathKey(t.headingPath), t.headingPath);
  const names = qualifiers([...paths.values()]);
  for (const t of tasks) {
    if (!isNumericId(t.id)) continue;
    t.id = `${names.get(pathKey(t.headingPath)) ?? "plan"}/${t.id}`;
    t.idFrom = "section";
    t.area = "";
  }
}

const PART =
  /^[^\p{L}\p{N}]*(phase|part|stage|sprint|milestone|step|week|iteration|epic|section|release|day|module|chapter|wave|round|block)\s*#?\s*(\d+(?:\.\d+)*|[A-Z])\b/iu;

/** `Phase 2: Core` → `Phase-2`; any other heading → its slug. */
function qualifier(heading: string): string {
  const m = PART.exec(heading);
  if (m?.[1] && m[2]) return `${m[1].charAt(0).toUpperCase()}${m[1].slice(1).toLowerCase()}-${m[2]}`;
  return heading === "" ? "plan" : slugId(heading);
}

/**
 * One name per section: the nearest heading's, or when two sections share it
 * (`### Tasks` under `## Backend` and under `## Frontend`) the headings above
 * it too (`backend-tasks`), and a counter as the last resort.
 */
function qualifiers(paths: ReadonlyArray<readonly string[]>): Map<string, string> {
  const out = new Map<string, string>();
  const name = (path: readonly string[], depth: number): string =>
    path.length === 0
      ? "plan"
      : path
          .slice(-depth)
          .map((h) => qualifier(h))
          .join("-");
  const taken = new Set<string>();
  for (const path of paths) {
    let depth = 1;
    const clash = (d: number): boolean =>
      paths.some((other) => other !== path && pathKey(other) !== pathKey(path) && name(other, d) === name(path, d));
    while (depth < path.length && clash(depth)) depth++;
    let candidate = name(path, depth);
    for (let n = 2; taken.has(candidate); n++) candidate = `${name(path, depth)}-${n}`;
    taken.add(candidate);
    out.set(pathKey(path), candidate);
  }
  return out;
}
