const TOKEN = /[A-Za-z][A-Za-z0-9.-]*/y;
const LINK = /[ \t]*\(\[#\d+\]\([^()\s]*\)\)/y;
const SPACE = /[ \t]*/y;

function eat(re: RegExp, s: string, at: number): number {
  re.lastIndex = at;
  return re.exec(s) ? re.lastIndex : -1;
}

/**
 * The task IDs a checklist item tracks: its first line starts with one or
 * more of this plan's IDs (comma-separated, each optionally followed by its
 * issue link) and then a colon, a dash or the end of the line —
 * `DATA1`, `DATA1, GAIN2: schema`, `EDH1 — publish`, `DATA1 ([#12](url))`.
 * An item that merely mentions an ID in a sentence tracks nothing, and so
 * does one naming an ID the plan does not have.
 */
export function trackedIds(firstLine: string, taskIds: ReadonlySet<string>): string[] {
  const ids: string[] = [];
  let at = eat(SPACE, firstLine, 0);
  for (;;) {
    const end = eat(TOKEN, firstLine, at);
    if (end === -1) return [];
    const id = firstLine.slice(at, end);
    if (!taskIds.has(id)) return [];
    if (!ids.includes(id)) ids.push(id);
    at = end;
    const afterLink = eat(LINK, firstLine, at);
    if (afterLink !== -1) at = afterLink;
    at = eat(SPACE, firstLine, at);
    const next = firstLine.charAt(at);
    if (next === ",") {
      at = eat(SPACE, firstLine, at + 1);
      continue;
    }
    return next === "" || next === ":" || next === "-" || next === "–" || next === "—" ? ids : [];
  }
}
