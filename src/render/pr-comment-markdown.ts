/**
 * Markdown helpers shared by the PR status comment and the check-run summary.
 * Task titles and paths are user text: they must neither break the layout
 * (pipes in tables, newlines) nor act on GitHub (an `@name` in a comment pings
 * that person; `<!--` would hide the rest of the comment).
 */

/** A code span that survives backticks inside the text and pipes inside a table cell. */
export function code(text: string): string {
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longestRun + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ")}${pad}${fence}`;
}

/** User text on one line, inert: no mentions, no HTML, no table breaks. */
export function inline(text: string, maxLength = 100): string {
  let flat = text.replace(/\s+/g, " ").trim();
  if (flat.length > maxLength) flat = `${flat.slice(0, maxLength - 1).trimEnd()}…`;
  return flat
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/@(?=[A-Za-z0-9])/g, "@\u200b");
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${Math.abs(count) === 1 ? singular : pluralForm}`;
}

/** Path segments URL-encoded, slashes kept: `docs/my plan.md` → `docs/my%20plan.md`. */
export function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/**
 * Cuts `text` at a line boundary so that it plus the note fits in `limit`
 * characters (GitHub rejects a check-run summary or comment over 65,535).
 */
export function truncateMarkdown(text: string, limit: number, note: (omittedChars: number) => string): string {
  if (text.length <= limit) return text;
  const reserve = note(text.length).length + 2;
  let cut = text.lastIndexOf("\n", limit - reserve);
  if (cut <= 0) cut = limit - reserve;
  return `${text.slice(0, cut)}\n\n${note(text.length - cut)}`;
}
