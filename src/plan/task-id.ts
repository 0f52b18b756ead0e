/**
 * One token: a letter, then letters, digits, dots and dashes, not ending in
 * punctuation (DATA1, T1.1, P0-1.1, TASK-JCA-01). A trailing dot or dash is
 * far more often a typo than an intended ID, so it is rejected loudly.
 */
export const TASK_ID_SOURCE = "[A-Za-z](?:[A-Za-z0-9.-]*[A-Za-z0-9])?";
const TASK_ID = new RegExp(`^${TASK_ID_SOURCE}$`);

/** `3`, `2.1`, `2-1`, `1.2.3`: read as IDs only where a header or a checklist says the token is one. */
export const NUMERIC_ID_SOURCE = "\\d{1,6}(?:[.-]\\d{1,6}){0,4}";
const NUMERIC_ID = new RegExp(`^${NUMERIC_ID_SOURCE}$`);

export function isTaskId(token: string, allowNumeric = false): boolean {
  return TASK_ID.test(token) || (allowNumeric && NUMERIC_ID.test(token));
}

/** The ID's leading letters as written: `DATA` of `DATA1`, `Gain` of `Gain2Api`. */
export function idPrefix(id: string): string {
  return /^[A-Za-z]+/.exec(id)?.[0] ?? "";
}

/**
 * Prefixes that say "this is a task" rather than which part of the system it
 * belongs to: a label named after them would sit on every issue and tell nobody anything.
 */
const GENERIC_PREFIXES = new Set([
  "TASK",
  "TASKS",
  "TSK",
  "TK",
  "TODO",
  "ITEM",
  "STEP",
  "ID",
  "NO",
  "PHASE",
  "PH",
  "STORY",
  "US",
  "ISSUE",
  "TICKET",
  "WI",
  "ACTION",
  "SUB",
]);

/**
 * The task's area: the configured name for its prefix when `areas` has one,
 * else the ID's leading letters upper-cased (DATA of DATA1, INIT of INIT-001).
 * A one-letter prefix (T001, P0-T1), a generic word (TASK-12) or a numeric ID
 * has no area unless configured: no label `T` or `P` nobody asked for.
 */
export function areaOf(id: string, areas?: Record<string, string>): string {
  const prefix = idPrefix(id).toUpperCase();
  const configured = areas?.[prefix];
  if (configured !== undefined) return configured;
  return prefix.length < 2 || GENERIC_PREFIXES.has(prefix) ? "" : prefix;
}
