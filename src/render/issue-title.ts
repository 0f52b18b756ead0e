import type { Task } from "../plan/types.js";
import { plainText } from "./issue-plain-text.js";

/**
 * `DATA1: <description as plain text>`, at most `maxLength` characters
 * (counted in code points so an emoji is never cut in half), trimmed on a word
 * boundary with an ellipsis. The `ID:` prefix is what re-adoption looks for
 * when a marker has been deleted, so it is always there.
 *
 * A task without an area (`T001`, `1.1`, `P0-T1`: IDs that every spec-kit or
 * Kiro `tasks.md` numbers afresh) is preceded by its plan's name,
 * `[004-photo-albums] T001: …`, so two plans' T001 are two tellable issues.
 */
export function renderIssueTitle(
  task: Pick<Task, "id" | "description"> & Partial<Pick<Task, "area">>,
  maxLength: number,
  planPath?: string,
): string {
  const text = plainText(task.description) || "(no description)";
  const scope = planPath !== undefined && task.area === "" ? `[${planScope(planPath)}] ` : "";
  const head = `${scope}${task.id}`;
  const full = Array.from(`${head}: ${text}`);
  if (full.length <= maxLength) return full.join("");
  const cut = full.slice(0, maxLength - 1).join("");
  const space = cut.lastIndexOf(" ");
  const keep = space > head.length + 1 ? cut.slice(0, space) : cut;
  return `${keep.trimEnd()}…`;
}

// File names that say "a plan" rather than which one: the folder names the feature (specs/004-photo-albums/tasks.md).
const GENERIC_NAMES = new Set([
  "tasks",
  "task",
  "plan",
  "todo",
  "readme",
  "index",
  "checklist",
  "backlog",
  "roadmap",
  "implementation",
  "implementation-plan",
  "implementation_plan",
]);

/** The plan's short name: its file name, or its folder's when the file is called `tasks.md`, `plan.md`, `TODO.md`… */
export function planScope(path: string): string {
  const parts = path.split("/").filter((p) => p !== "");
  const file = (parts.at(-1) ?? path).replace(/\.(md|markdown|mdx)$/i, "");
  const folder = parts.at(-2);
  return GENERIC_NAMES.has(file.toLowerCase()) && folder ? folder : file;
}

/** The title without the `[plan] ` scope, so re-adoption can look for `ID:` either way. */
export function titleWithoutScope(title: string): string {
  return title.replace(/^\[[^\]\r\n]*\] /, "");
}
