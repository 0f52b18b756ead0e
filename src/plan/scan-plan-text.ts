import { escapedByte } from "./decode-plan-bytes.js";
import { indexLines } from "./source-lines.js";
import type { Diagnostic } from "./types.js";

/**
 * A cheap linear pass over a plan's text before remark sees it. remark's
 * time grows much faster than its input on some shapes (deep nesting,
 * thousands of emphasis or link markers in one paragraph, very wide tables)
 * and it recurses per nesting level, so 8,000 nested `>` end in a stack
 * overflow. This pass refuses such text at its line in milliseconds, and
 * names the likeliest culprit when a parse that passed it still runs out of
 * time (`hotspot`). It also refuses text that is not text: bytes that were
 * not UTF-8 (surrogate escapes from decodePlanBytes) and NUL bytes.
 */
export const PLAN_TEXT_LIMITS = {
  /** Quotes and list items inside each other; real plans use a handful. */
  nesting: 100,
  /** `*`, `_`, `~`, `[`, `]` on one line: remark needs ~0.2 s for 1,000 of them and minutes for 40,000. */
  markersPerLine: 1000,
  /** Table cells in one row. */
  cellsPerRow: 1000,
  /**
   * `*`, `_`, `~`, `[`, `]` in one paragraph, over all its lines: remark resolves
   * emphasis and links per paragraph, in time that grows with the square of
   * their number (3,000 take ~1 s, 12,000 over 13 s). Table rows (read cell by
   * cell), list items and code blocks each count on their own.
   */
  markersPerParagraph: 4000,
} as const;

export interface Hotspot {
  line: number;
  column: number;
  /** What is there, in words: "a paragraph with 12,000 emphasis and link markers". */
  what: string;
}

export interface PlanTextScan {
  /** Errors that stop the plan from being parsed at all. */
  problems: Diagnostic[];
  /** The most demanding construct in the text, for a parse that runs out of time or memory. */
  hotspot: Hotspot | null;
  /**
   * How close the text's most demanding construct comes to a limit: nesting depth, markers in one
   * paragraph (table rows counted one by one: remark reads each cell on its own) or cells in a row,
   * each as a share of its limit; the largest. Ordinary plans stay far below 0.1; every known bomb is above 0.25.
   */
  pressure: number;
}

// The emphasis and link markers `*`, `_`, `~`, `[`, `]`, and the cell separator.
const [STAR, UNDERSCORE, TILDE, OPEN, CLOSE, PIPE, BACKSLASH] = [..."*_~[]|\\"].map((c) => c.charCodeAt(0)) as [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

export function scanPlanText(text: string, path: string): PlanTextScan {
  const problems: Diagnostic[] = [];
  const lines = indexLines(text);
  const error = (offset: number, code: string, message: string): void => {
    const { line, column } = lines.position(offset);
    problems.push({ path, line, column, severity: "error", code, message });
  };

  const encoding = findNotText(text);
  if (encoding !== null) {
    error(encoding.offset, encoding.code, encoding.message(path));
    // Nothing else is worth saying about bytes that are not text.
    return { problems, hotspot: null, pressure: 1 };
  }

  let deepest = { depth: 0, offset: 0 };
  let busiestBlock = { markers: 0, offset: 0 };
  let widest = { cells: 0, offset: 0 };
  let block = { markers: 0, offset: -1 };
  // Markers in one paragraph, where remark's inline pass can go superlinear; a table row is its own paragraph.
  let paragraphMarkers = 0;
  let busiestParagraph = 0;
  let nestingReported = false;
  let markersReported = false;
  let cellsReported = false;
  let paragraphReported = false;
  const listItems: number[] = [];
  // The paragraph being read: its markers so far and where its first one is (-1: none). Tables and code do not count.
  let paragraph = { markers: 0, offset: -1 };
  let inTable = false;
  let previousCells = 0;
  let fence: { char: string; length: number } | null = null;

  const starts = lines.starts;
  for (let n = 0; n < starts.length; n++) {
    const start = starts[n] as number;
    const end = n + 1 < starts.length ? (starts[n + 1] as number) : text.length;
    const shape = lineShape(text, start, end);

    if (shape.blank) {
      block = { markers: 0, offset: -1 };
      paragraphMarkers = 0;
      paragraph = { markers: 0, offset: -1 };
      inTable = false;
      previousCells = 0;
      continue;
    }

    // Nesting: list items opened on earlier, less indented lines, plus the quote and list markers this line opens.
    while ((listItems.at(-1) ?? -1) > shape.indent) listItems.pop();
    const depth = listItems.length + shape.containers;
    if (shape.listContent !== null) listItems.push(shape.listContent);
    if (depth > deepest.depth) deepest = { depth, offset: start };
    if (depth > PLAN_TEXT_LIMITS.nesting && !nestingReported) {
      nestingReported = true;
      error(
        start,
        "plan-too-complex",
        `Blocks nested ${depth} deep here (quotes \`>\` and list items inside each other); plan-sync reads plans nested up to ${PLAN_TEXT_LIMITS.nesting} levels. Flatten this part: nothing is synced from this plan until then.`,
      );
    }

    if (shape.markers > PLAN_TEXT_LIMITS.markersPerLine && !markersReported) {
      markersReported = true;
      error(
        shape.firstMarker,
        "plan-too-complex",
        `${count(shape.markers)} emphasis and link markers (\`*\`, \`_\`, \`~\`, \`[\`, \`]\`) on this line; plan-sync reads up to ${count(PLAN_TEXT_LIMITS.markersPerLine)} per line, as more can take minutes to read. Shorten the line or put the text in a code span: nothing is synced from this plan until then.`,
      );
    }
    // One paragraph's markers across its lines. What ends a paragraph for remark ends the count: a blank line (above),
    // a new list item, a heading, a rule or setext underline, a fence; a table's rows are read cell by cell.
    const fenceHere = /^(`{3,}|~{3,})/.exec(shape.content)?.[1];
    if (fence) {
      if (fenceHere?.[0] === fence.char && fenceHere.length >= fence.length && /^[`~]+\s*$/.test(shape.content))
        fence = null;
      paragraph = { markers: 0, offset: -1 };
    } else if (fenceHere) {
      fence = { char: fenceHere[0] as string, length: fenceHere.length };
      paragraph = { markers: 0, offset: -1 };
    } else if (inTable) {
      paragraph = { markers: 0, offset: -1 };
    } else if (shape.delimiterRow) {
      inTable = shape.content.includes("|") && previousCells > 0;
      paragraph = { markers: 0, offset: -1 };
    } else {
      if (shape.listContent !== null || shape.opensItem || shape.heading) paragraph = { markers: 0, offset: -1 };
      if (shape.markers > 0 && paragraph.offset < 0) paragraph.offset = shape.firstMarker;
      paragraph.markers += shape.markers;
      if (paragraph.markers > PLAN_TEXT_LIMITS.markersPerParagraph && !paragraphReported && !markersReported) {
        paragraphReported = true;
        error(
          paragraph.offset,
          "plan-too-complex",
          `This paragraph has more than ${count(PLAN_TEXT_LIMITS.markersPerParagraph)} emphasis and link markers (\`*\`, \`_\`, \`~\`, \`[\`, \`]\`) by line ${lines.position(start).line}; plan-sync reads up to ${count(PLAN_TEXT_LIMITS.markersPerParagraph)} per paragraph, as more can take minutes to read. Split it with blank lines or put the text in a code block: nothing is synced from this plan until then.`,
        );
      }
      if (shape.heading) paragraph = { markers: 0, offset: -1 };
    }
    previousCells = shape.cells;

    if (block.offset < 0) block = { markers: 0, offset: shape.markers > 0 ? shape.firstMarker : start };
    block.markers += shape.markers;
    if (block.markers > busiestBlock.markers) busiestBlock = { ...block };
    paragraphMarkers = shape.cells > 0 ? shape.markers : paragraphMarkers + shape.markers;
    if (paragraphMarkers > busiestParagraph) busiestParagraph = paragraphMarkers;

    if (shape.cells > widest.cells) widest = { cells: shape.cells, offset: start };
    if (shape.cells > PLAN_TEXT_LIMITS.cellsPerRow && !cellsReported) {
      cellsReported = true;
      error(
        start,
        "plan-too-complex",
        `A table row with ${count(shape.cells)} cells; plan-sync reads rows of up to ${count(PLAN_TEXT_LIMITS.cellsPerRow)} cells. Nothing is synced from this plan until the table is narrower.`,
      );
    }
  }

  // The construct closest to (or furthest past) its limit is the likeliest reason a parse ran long.
  const candidates: Array<{ ratio: number; offset: number; what: string }> = [
    {
      ratio: deepest.depth / PLAN_TEXT_LIMITS.nesting,
      offset: deepest.offset,
      what: `blocks nested ${deepest.depth} deep`,
    },
    {
      ratio: busiestBlock.markers / PLAN_TEXT_LIMITS.markersPerLine,
      offset: busiestBlock.offset,
      what: `a paragraph or table with ${count(busiestBlock.markers)} emphasis and link markers (\`*\`, \`_\`, \`~\`, \`[\`, \`]\`)`,
    },
    {
      ratio: widest.cells / PLAN_TEXT_LIMITS.cellsPerRow,
      offset: widest.offset,
      what: `a table row with ${count(widest.cells)} cells`,
    },
  ];
  const top = candidates.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  const hotspot = top.ratio > 0 ? { ...lines.position(top.offset), what: top.what } : null;
  const pressure = Math.max(
    deepest.depth / PLAN_TEXT_LIMITS.nesting,
    busiestParagraph / PLAN_TEXT_LIMITS.markersPerLine,
    widest.cells / PLAN_TEXT_LIMITS.cellsPerRow,
  );
  return { problems, hotspot, pressure };
}

interface LineShape {
  blank: boolean;
  /** Columns of leading whitespace (a tab advances to the next multiple of 4). */
  indent: number;
  /** Quote markers and list markers opening this line. */
  containers: number;
  /** Column where a list item opened by this line's first marker has its content, or null. */
  listContent: number | null;
  markers: number;
  firstMarker: number;
  cells: number;
  /** The line after its quote and list markers. */
  content: string;
  /** A list marker among the line's containers (also inside a quote): a new list item, so a new paragraph. */
  opensItem: boolean;
  /** An ATX heading (`# …`): a paragraph of its own. */
  heading: boolean;
  /** Only dashes, colons, pipes and spaces with at least one dash: a table's delimiter row, a rule or a setext underline. */
  delimiterRow: boolean;
}

function lineShape(text: string, start: number, end: number): LineShape {
  let i = start;
  let column = 0;
  const skipSpace = (): void => {
    while (i < end) {
      const c = text[i];
      if (c === " ") column++;
      else if (c === "\t") column += 4 - (column % 4);
      else break;
      i++;
    }
  };
  skipSpace();
  const indent = column;
  let containers = 0;
  let listContent: number | null = null;
  let opensItem = false;
  for (;;) {
    const c = text[i];
    if (i >= end || c === "\n" || c === "\r") break;
    if (c === ">") {
      containers++;
      i++;
      column++;
    } else {
      const marker = listMarker(text, i, end);
      if (marker === 0) break;
      if (containers === 0 && listContent === null) listContent = column + marker + 1;
      opensItem = true;
      containers++;
      i += marker;
      column += marker;
    }
    skipSpace();
  }
  const rest = text.slice(i, end).trimEnd();
  if (rest === "" && containers === 0) return blankShape(indent);

  let markers = 0;
  let firstMarker = start;
  let pipes = 0;
  // A thematic break (`***`, `___`) is cheap to read however long it is.
  const rule = /^([-*_])(?:[ \t]*\1){2,}[ \t]*$/.test(rest);
  // charCodeAt, not text[k]: this loop sees every character of the plan, and a one-character string per step doubles its cost.
  for (let k = i; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === PIPE) {
      if (text.charCodeAt(k - 1) !== BACKSLASH) pipes++;
    } else if ((c === STAR || c === UNDERSCORE || c === TILDE || c === OPEN || c === CLOSE) && !rule) {
      if (markers === 0) firstMarker = k;
      markers++;
    }
  }
  // `| a | b |` has 3 pipes and 2 cells; `a | b` has 1 pipe and 2 cells.
  const trimmed = rest;
  const cells = pipes === 0 ? 0 : pipes + 1 - (trimmed.startsWith("|") ? 1 : 0) - (trimmed.endsWith("|") ? 1 : 0);
  return {
    blank: false,
    indent,
    containers,
    listContent,
    markers,
    firstMarker,
    cells,
    content: rest,
    opensItem,
    heading: /^#{1,6}(?:[ \t]|$)/.test(rest),
    delimiterRow: /^[|: \t-]*-[|: \t-]*$/.test(rest),
  };
}

function blankShape(indent: number): LineShape {
  return {
    blank: true,
    indent,
    containers: 0,
    listContent: null,
    markers: 0,
    firstMarker: 0,
    cells: 0,
    content: "",
    opensItem: false,
    heading: false,
    delimiterRow: false,
  };
}

/** Length of a list marker (`-`, `*`, `+`, `1.`, `1)`) followed by a space or the line's end, else 0. */
function listMarker(text: string, i: number, end: number): number {
  const c = text[i];
  const followedByBreak = (k: number): boolean =>
    k >= end || text[k] === " " || text[k] === "\t" || text[k] === "\n" || text[k] === "\r";
  if (c === "-" || c === "*" || c === "+") return followedByBreak(i + 1) ? 1 : 0;
  let k = i;
  while (k < end && k - i < 9 && (text[k] as string) >= "0" && (text[k] as string) <= "9") k++;
  if (k === i || (text[k] !== "." && text[k] !== ")")) return 0;
  return followedByBreak(k + 1) ? k + 1 - i : 0;
}

interface NotText {
  offset: number;
  code: "not-utf8" | "not-text";
  message(path: string): string;
}

/** The first byte that makes the text not UTF-8 text: a surrogate escape or a NUL. */
function findNotText(text: string): NotText | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) {
      const guess = looksLikeUtf16(text) ? " (it looks like UTF-16 text saved without a byte-order mark)" : "";
      return {
        offset: i,
        code: "not-text",
        message: (path) =>
          `${path} is not UTF-8 text: it contains a NUL byte here${guess}. plan-sync reads plans as UTF-8 only: re-save the file as UTF-8.`,
      };
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      const byte = escapedByte(c);
      const shown = byte === null ? "" : ` 0x${byte.toString(16).toUpperCase().padStart(2, "0")}`;
      return {
        offset: i,
        code: "not-utf8",
        message: (path) =>
          `${path} is not UTF-8 text: the byte${shown} here is not valid UTF-8${encodingGuess(text, i)}. Re-save the file as UTF-8.`,
      };
    }
  }
  return null;
}

function encodingGuess(text: string, first: number): string {
  const b0 = escapedByte(text.charCodeAt(0));
  const b1 = escapedByte(text.charCodeAt(1));
  if (first === 0 && ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)))
    return " (the file starts with a UTF-16 byte-order mark)";
  return " (the file looks like Latin-1 or Windows-1252)";
}

/** NULs on every other position of the start: ASCII text as UTF-16. */
function looksLikeUtf16(text: string): boolean {
  const sample = text.slice(0, 1000);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample.charCodeAt(i) === 0) {
      if (i % 2 === 0) even++;
      else odd++;
    }
  }
  return Math.max(even, odd) >= sample.length / 4 && Math.min(even, odd) <= Math.max(even, odd) / 10;
}

/** `12,000`. Not toLocaleString: its first call loads ICU's locale data, ~0.1 s of every CLI run. */
function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ",");
}
