/**
 * One token: a letter, then letters, digits, dots and dashes, not ending in
 * punctuation (DATA1, T1.1, P0-1.1, TASK-JCA-01). A trailing dot or dash is
 * far more often a typo than an intended ID, so it is rejected loudly.
 */
export const TASK_ID_SOURCE = "[A-Za-z](?:[A-Za-z0-9.-]*[A-Za-z0-9])?";
const TASK_ID = new RegExp(`^${TASK_ID_SOURCE}$`);

export function isTaskId(token: string): boolean {
  return TASK_ID.test(token);
}

/** The ID's leading letters as written: `DATA` of `DATA1`, `Gain` of `Gain2Api`. */
export function idPrefix(id: string): string {
  return /^[A-Za-z]+/.exec(id)?.[0] ?? "";
}

/** The ID's leading letters, upper-cased; `areas` maps such a prefix to another name. */
export function areaOf(id: string, areas?: Record<string, string>): string {
  const prefix = idPrefix(id).toUpperCase();
  return areas?.[prefix] ?? prefix;
}
