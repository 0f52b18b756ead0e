/**
 * Markdown helpers shared by the PR status comment and the check-run summary.
 * Task titles and paths are user text: they must neither break the layout
 * (pipes in tables, newlines) nor act on GitHub (an `@name` in a comment pings
 * that person; `<!--` would hide the rest of the comment).
 */

/**
 * A code span that survives backticks inside the text and pipes inside a table cell.
 * Nothing in a code span renders as HTML or pings anyone, but the comment's
 * source still holds the text: an HTML comment opener is broken up so no
 * path can plant what reads as one of plan-sync's hidden markers.
 */
export function code(text: string): string {
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longestRun + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  const flat = text
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, " ")
    .replace(/<!--/g, "<\u200b!--")
    .replace(/-->/g, "--\u200b>");
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** User text on one line, inert: no mentions, no HTML, no code spans, no table breaks. */
export function inline(text: string, maxLength = 100): string {
  let flat = text.replace(/\s+/g, " ").trim();
  if (flat.length > maxLength) flat = `${flat.slice(0, maxLength - 1).trimEnd()}…`;
  return (
    flat
      // First, so a backslash in the text cannot undo one of the escapes below (`\|`, `\``).
      .replace(/\\/g, "\\\\")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/\|/g, "\\|")
      // A backtick run with no partner would pair with one in plan-sync's own text and swallow it into a code span.
      .replace(/`+/g, (run, at: number, all: string) => (closedCodeSpans(all) ? run : run.replace(/`/g, "\\`")))
      // A zero-width space after every `@`, and any invisible format character there (`@<ZWJ>name`) dropped:
      // no mention or team ping, however the name is dressed.
      .replace(/@\p{Cf}*/gu, "@\u200b")
  );
}

/** Does every backtick run that opens a code span meet its closing run of the same length (CommonMark)? */
function closedCodeSpans(text: string): boolean {
  const runs = [...text.matchAll(/`+/g)].map((m) => m[0].length);
  for (let i = 0; i < runs.length; i++) {
    const close = runs.indexOf(runs[i] as number, i + 1);
    if (close < 0) return false;
    i = close;
  }
  return true;
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
