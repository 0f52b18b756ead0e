/**
 * Done state written in words or emoji, as people fill a Status column:
 * `✅ Done (PR #127)`, `**Complete**`, `⬜ Pending`, `🚧 WIP`. Only the
 * start of the cell counts, so trailing notes never change the state.
 */
export interface StatusWord {
  done: boolean;
  /** The source range of the status itself (emoji and word, emphasis included): what a table reuses when writing back. */
  length: number;
}

const DONE_EMOJI = ["✅", "✔️", "✔", "☑️", "☑", "✓", "🟢", "🎉", "✅️"];
const OPEN_EMOJI = [
  "⬜️",
  "⬜",
  "☐",
  "🚧",
  "⏳",
  "🔄",
  "🟡",
  "🟠",
  "🔴",
  "❌",
  "⏸️",
  "⏸",
  "🔲",
  "⭕",
  "⚪",
  "🔜",
  "📝",
  "🛑",
  "⛔",
  "🔵",
  "◻️",
  "◻",
];

const DONE_WORDS = [
  "done",
  "complete",
  "completed",
  "closed",
  "merged",
  "shipped",
  "finished",
  "resolved",
  "fixed",
  "implemented",
  "delivered",
  "released",
  "deployed",
  "yes",
  "y",
  "x",
];
const OPEN_WORDS = [
  "todo",
  "to do",
  "to-do",
  "pending",
  "not started",
  "not done",
  "not yet",
  "in progress",
  "in-progress",
  "inprogress",
  "wip",
  "blocked",
  "open",
  "planned",
  "backlog",
  "next",
  "new",
  "ready",
  "started",
  "ongoing",
  "active",
  "in review",
  "review",
  "partial",
  "partially done",
  "on hold",
  "deferred",
  "waiting",
  "draft",
  "tbd",
  "no",
  "n",
  "-",
  "—",
  "–",
];

// Longest first, so "not started" wins over "no" and "in progress" over "in".
const WORDS: Array<[string, boolean]> = [
  ...DONE_WORDS.map((w): [string, boolean] => [w, true]),
  ...OPEN_WORDS.map((w): [string, boolean] => [w, false]),
].sort((a, b) => b[0].length - a[0].length);

/**
 * Reads the status at the start of a trimmed cell; null when the cell starts
 * with neither a known emoji nor a known word (the caller warns once per table).
 * An empty cell is open.
 */
export function readStatusWord(cell: string): StatusWord | null {
  if (cell === "") return { done: false, length: 0 };
  let at = 0;
  const skipEmphasis = (): void => {
    while (at < cell.length && "*_~`".includes(cell.charAt(at))) at++;
  };
  const skipSpace = (): void => {
    while (at < cell.length && /\s/.test(cell.charAt(at))) at++;
  };
  skipEmphasis();
  let emoji: boolean | null = null;
  for (const [list, done] of [
    [DONE_EMOJI, true],
    [OPEN_EMOJI, false],
  ] as const) {
    const hit = list.find((e) => cell.startsWith(e, at));
    if (hit) {
      emoji = done;
      at += hit.length;
      if (cell.charAt(at) === "\uFE0F") at++;
      break;
    }
  }
  skipSpace();
  skipEmphasis();
  const rest = cell.slice(at).toLowerCase();
  const word = WORDS.find(([w]) => rest.startsWith(w) && !/[\p{L}\p{N}]/u.test(rest.charAt(w.length)));
  if (word && (emoji === null || emoji === word[1] || !word[1])) {
    at += word[0].length;
    while (at < cell.length && "*_~`".includes(cell.charAt(at))) at++;
    // An emoji that says open wins over a word that says done only when they agree; "✅ Not started" is open.
    return { done: emoji === null ? word[1] : emoji && word[1], length: at };
  }
  if (emoji !== null) {
    // The emoji alone decides; a word after it that is not a status is a note.
    let end = at;
    while (end > 0 && /\s/.test(cell.charAt(end - 1))) end--;
    return { done: emoji, length: end };
  }
  return null;
}

/** The done/open wording write-back uses when a table has no example of its own. */
export function defaultStatusText(done: boolean, emoji: boolean): string {
  if (done) return emoji ? "✅ Done" : "Done";
  return emoji ? "⬜ Todo" : "Todo";
}

/** True when a status text begins with an emoji (after emphasis): the table's dialect is emoji. */
export function startsWithEmoji(text: string): boolean {
  return /^[*_~`]*\p{Extended_Pictographic}/u.test(text) || /^[*_~`]*[☐☑✓✔]/u.test(text);
}

/** The word a table (or a plan's headings) uses most, so write-back answers in the plan's own dialect; ties go to the first seen. */
export function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  let best: string | undefined;
  for (const v of values) {
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (best === undefined || n > (counts.get(best) ?? 0)) best = v;
  }
  return best;
}
