import type { Heading, Nodes, Root, RootContent } from "mdast";
import type { ParseContext } from "./parse-context.js";
import type { Task } from "./types.js";
import { readIdToken, type IdToken } from "./read-checklist-task.js";
import { mostCommon, readStatusWord, startsWithEmoji, type StatusWord } from "./status-word.js";
import { areaOf, idPrefix } from "./task-id.js";

/**
 * Tasks written as headings, each with a body under it:
 *
 *     ### Task 1: Set up the database
 *     **Status:** ✅ Done
 *     - Create the schema
 *
 *     #### ✅ T-3 — Cache the lookups
 *
 * A heading is a task when it opens with `Task <number>`, or with a letter ID
 * (`T-3`, `INIT-001`) that another heading of the same depth shares the shape
 * of or that has a state, or with a number (`1.2`) that has a state. Headings
 * that name a part of the plan (`Phase 1`, `Sprint 2`, `M1`, `v1.0`), a
 * requirement or a story (`FR-001`, `US1`), and numbered chapters
 * (`## 1. Introduction`, no state) are not tasks.
 *
 * State, first found wins: a checkbox or a status emoji opening or ending the
 * heading (`### [x] Task 1`, `### ✅ Task 1`, `### Task 1 ✅`); a `Status:`
 * line in the body (`**Status:** Done`, `- **Status**: in progress`); else the
 * body's checkboxes (all ticked: done). Write-back flips the checkbox, rewrites
 * the Status line's value, or puts `✅ ` (reopened: `⬜ `) before the ID. An
 * emoji that says no status (`### 🚀 Task 1`) is decoration, read past.
 */
export interface HeadingTaskCandidate {
  heading: Heading;
  token: IdToken;
  headingPath: string[];
  /** Where the heading's text starts and ends. */
  contentStart: number;
  contentEnd: number;
  /** Block nodes under the heading, up to the next heading of the same or a higher level. */
  body: RootContent[];
  state: HeadingState | null;
}

type HeadingState =
  | { kind: "checkbox"; span: [number, number]; done: boolean }
  | {
      kind: "words";
      span: [number, number];
      done: boolean;
      value: string;
      marker: boolean;
      /** The status itself, without a trailing note (`✅ Done` of `✅ Done (PR #127)`): the plan's dialect. */
      word: string;
      /** A Status line whose value is no status word plan-sync knows: the task is open, with one warning per plan. */
      unknown?: true;
    };

/** IDs that name a part of the plan or something other than a task: never a heading task. */
const NOT_A_TASK_ID =
  /^(phase|part|stage|sprint|milestone|m|week|wk|day|chapter|ch|section|sec|iteration|iter|release|rel|version|ver|v|epic|module|level|tier|wave|round|q|h|fy|us|story|fr|nfr|req|r|risk|adr|uc|ac|br|dr|rfc|ep|p|step|gate|issue|pr|bug|cve|rev|appendix|figure|fig|table|tab|item|test|tc|sc|kpi|okr|g|goal|obj|objective|deliverable|d|wp)[-_.]?\d+(?:\.\d+)*[a-z]?$/i;

const STATUS_LINE = /^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?Status(?:\*\*|__)?[ \t]*:[ \t]*(?:\*\*|__)?[ \t]*(?=\S)/i;

/** Every heading that reads as a task, in document order, before deciding which ones count. */
export function findHeadingTasks(ctx: ParseContext, tree: Root, loneTitle: boolean): HeadingTaskCandidate[] {
  const all: HeadingTaskCandidate[] = [];
  const stack: Array<{ depth: number; text: string }> = [];
  const nodes = tree.children;
  nodes.forEach((node, index) => {
    if (node.type !== "heading") return;
    const contentStart = node.children[0]?.position?.start.offset;
    const contentEnd = node.children.at(-1)?.position?.end.offset;
    // The lone H1 is the document's title, not a section (as parsePlan reads headings).
    if (!(node.depth === 1 && loneTitle)) while ((stack.at(-1)?.depth ?? 0) >= node.depth) stack.pop();
    const path = stack.map((h) => h.text);
    if (contentStart !== undefined && contentEnd !== undefined && node.depth > 1) {
      const candidate = readHeading(ctx, node, index, nodes, contentStart, contentEnd, path);
      if (candidate) all.push(candidate);
    }
    if (node.depth === 1 && loneTitle) return;
    const text = contentStart !== undefined && contentEnd !== undefined ? ctx.text.slice(contentStart, contentEnd) : "";
    stack.push({ depth: node.depth, text: text.trim() });
  });
  // An unmarked letter ID counts when another heading of its depth has the same shape (`T-1`, `T-2`).
  const shapes = new Map<string, number>();
  for (const c of all)
    shapes.set(`${c.heading.depth}:${c.token.shape}`, (shapes.get(`${c.heading.depth}:${c.token.shape}`) ?? 0) + 1);
  return all.filter((c) => {
    if (c.token.worded) return true;
    if (c.state?.kind === "checkbox" || (c.state?.kind === "words" && c.state.marker)) return true;
    // A Status line makes a heading a task only when it reads as a status: `**Status:** Draft` under a chapter does not.
    if (c.state?.kind === "words" && c.state.unknown !== true) return true;
    if (c.token.numeric) return false;
    return (shapes.get(`${c.heading.depth}:${c.token.shape}`) ?? 0) >= 2;
  });
}

function readHeading(
  ctx: ParseContext,
  heading: Heading,
  index: number,
  nodes: RootContent[],
  contentStart: number,
  contentEnd: number,
  headingPath: string[],
): HeadingTaskCandidate | null {
  const text = ctx.text;
  let at = pastDecoration(text, contentStart, contentEnd);
  let state: HeadingState | null = null;
  const box = /^\[([ xX])\][ \t]+/.exec(text.slice(at, contentEnd));
  if (box) {
    state = { kind: "checkbox", span: [at, at + 3], done: box[1] !== " " };
    at += box[0].length;
  } else if (startsWithEmoji(text.slice(at, contentEnd))) {
    // Past the decoration, an emoji opening the heading says a status.
    const word = readStatusWord(text.slice(at, contentEnd)) as StatusWord;
    const emojiEnd = emojiLength(text.slice(at, contentEnd));
    state = {
      kind: "words",
      span: [at, at + emojiEnd],
      done: word.done,
      value: text.slice(at, at + emojiEnd),
      marker: true,
      word: text.slice(at, at + emojiEnd),
    };
    at += emojiEnd;
  }
  at = pastDecoration(text, at, contentEnd);
  if (
    /^(?:task|step|item|story)[ \t]+\d/i.test(text.slice(at, contentEnd)) &&
    !/^task/i.test(text.slice(at, contentEnd))
  )
    return null;
  const token = readIdToken(text, at, contentEnd);
  if (!token) return null;
  if (!token.worded && !token.numeric && NOT_A_TASK_ID.test(token.id)) return null;
  if (!token.worded && !token.numeric && idPrefix(token.id).length === 0) return null;
  if (token.textStart >= contentEnd && !token.worded) return null;

  let end = contentEnd;
  if (!state) {
    // A state at the end of the heading: `### Task 1: Set up ✅`.
    const tail = /[ \t]+(\p{Extended_Pictographic}|[☐☑✓✔])\uFE0F?$/u.exec(text.slice(token.textStart, contentEnd));
    const word = tail ? readStatusWord(tail[0].trim()) : null;
    if (tail && word) {
      const s = token.textStart + tail.index;
      const value = text.slice(s, contentEnd);
      state = { kind: "words", span: [s, contentEnd], done: word.done, value, marker: true, word: value };
      end = s;
    }
  }
  const body: RootContent[] = [];
  for (let i = index + 1; i < nodes.length; i++) {
    const next = nodes[i] as RootContent;
    if (next.type === "heading" && next.depth <= heading.depth) break;
    body.push(next);
  }
  state ??= statusLine(text, body);
  return { heading, token: { ...token }, headingPath, contentStart: at, contentEnd: end, body, state };
}

/**
 * Where a heading's text goes on past emoji that say no status (`### 🚀 Task 1: Launch`, `### ✅ 📦 T-3 Package`):
 * decoration, read as if it were not there. Write-back's `✅ ` goes after it, where this reads it back as the state.
 */
function pastDecoration(text: string, at: number, end: number): number {
  while (startsWithEmoji(text.slice(at, end)) && !readStatusWord(text.slice(at, end)))
    at += emojiLength(text.slice(at, end));
  return at;
}

/** The emoji opening `text` (which startsWithEmoji), its emphasis and the spaces after it. */
function emojiLength(text: string): number {
  return (/^\S+[ \t]*/u.exec(text) as RegExpExecArray)[0].length;
}

/** The first `Status:` line in the body before any sub-heading: its value is the task's state. */
function statusLine(text: string, body: RootContent[]): HeadingState | null {
  for (const node of body) {
    if (node.type === "heading") return null;
    if (node.type !== "paragraph" && node.type !== "list") continue;
    const from = node.position?.start.offset ?? 0;
    const to = node.position?.end.offset ?? from;
    // Split at every line ending Markdown knows: with `\r` alone (old Mac files) a "\n" split would read the lines
    // after `Status: Done` as part of its value, and write-back would overwrite them.
    const parts = text.slice(from, to).split(/(\r\n|\r|\n)/);
    let lineStart = from;
    for (let i = 0; i < parts.length; i += 2) {
      const line = parts[i] as string;
      const m = STATUS_LINE.exec(line);
      if (m) {
        const s = lineStart + m[0].length;
        const value = line.slice(m[0].length).trimEnd();
        const word = readStatusWord(value);
        const span: [number, number] = [s, s + value.length];
        if (!word) return { kind: "words", span, done: false, value, marker: false, word: value, unknown: true };
        return { kind: "words", span, done: word.done, value, marker: false, word: value.slice(0, word.length) };
      }
      lineStart += line.length + (parts[i + 1]?.length ?? 0);
    }
  }
  return null;
}

/** The task a heading stands for. `checklistTaskStarts`: list items that are tasks of their own, not this one's details. */
export function headingTask(ctx: ParseContext, c: HeadingTaskCandidate, words: { done: string; open: string }): Task {
  const text = ctx.text;
  const description = text.slice(c.token.textStart, c.contentEnd).trim();
  const criteria: string[] = [];
  const boxes: boolean[] = [];
  for (const node of c.body) {
    if (node.type === "heading") break;
    if (node.type !== "list") continue;
    for (const item of node.children) {
      const s = item.position?.start.offset ?? 0;
      if (ctx.taskItemStarts.has(s)) continue;
      const first = item.children[0];
      if (first?.type !== "paragraph") continue;
      const t = inlineText(text, first);
      if (STATUS_LINE.test(t)) continue;
      if (typeof item.checked === "boolean") boxes.push(item.checked);
      if (t !== "") criteria.push(t);
    }
  }
  const headingStart = c.heading.position?.start.offset ?? c.contentStart;
  const headingEnd = c.heading.position?.end.offset ?? c.contentEnd;
  const base = {
    id: c.token.id,
    area: areaOf(c.token.id, ctx.areas),
    description,
    acceptanceCriteria: criteria,
    effort: "",
    headingPath: [...c.headingPath],
    extra: {},
    issueLink: c.token.issueLink
      ? {
          number: c.token.issueLink.number,
          url: c.token.issueLink.url,
          span: ctx.span(c.token.issueLink.span[0], c.token.issueLink.span[1]),
        }
      : null,
    line: c.heading.position?.start.line ?? 1,
    row: ctx.span(headingStart, headingEnd),
    idSpan: ctx.span(c.token.idSpan[0], c.token.idSpan[1]),
    ...(c.token.linkAt !== c.token.idSpan[1] ? { linkAt: ctx.span(c.token.linkAt, c.token.linkAt).start } : {}),
    source: "heading" as const,
  };
  const state = c.state;
  if (state?.kind === "checkbox")
    return { ...base, done: state.done, stateCell: ctx.span(...state.span), checkbox: ctx.span(...state.span) };
  if (state?.kind === "words") {
    const stateWords = state.marker
      ? // An emoji before the ID goes with its space; one after the title with the space before it.
        markerWords(state.value, state.done)
      : // A Status line: the words the plan's Status lines use (its own value may carry a note, or be unknown).
        { done: words.done, open: words.open };
    return { ...base, done: state.done, stateCell: ctx.span(...state.span), checkbox: null, stateWords };
  }
  // No state written: the body's checkboxes say it (all ticked: done); write-back puts an emoji before the ID.
  const done = boxes.length > 0 && boxes.every(Boolean);
  const at = c.contentStart;
  return {
    ...base,
    done,
    stateCell: ctx.span(at, at),
    checkbox: null,
    stateWords: { done: "✅ ", open: boxes.length > 0 ? "⬜ " : "" },
  };
}

function markerWords(value: string, done: boolean): { done: string; open: string } {
  const leading = value.trimStart() === value;
  const other = leading ? (done ? "" : "✅ ") : done ? "" : " ✅";
  return done ? { done: value, open: other } : { done: other, open: value };
}

function inlineText(text: string, node: Nodes): string {
  const s = node.position?.start.offset ?? 0;
  const e = node.position?.end.offset ?? s;
  return text
    .slice(s, e)
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .join(" ")
    .trim();
}

/** The done and open words the plan's `Status:` lines use, most common first: what write-back writes into the others. */
export function statusLineWords(candidates: readonly HeadingTaskCandidate[]): { done: string; open: string } {
  const done: string[] = [];
  const open: string[] = [];
  for (const c of candidates)
    if (c.state?.kind === "words" && !c.state.marker && c.state.unknown !== true)
      (c.state.done ? done : open).push(c.state.word);
  const emoji = [...done, ...open].some(startsWithEmoji);
  return {
    done: mostCommon(done) ?? (emoji ? "✅ Done" : "Done"),
    open: mostCommon(open) ?? (emoji ? "⬜ Todo" : "Todo"),
  };
}

/**
 * Status lines whose value is no status word (`**Status:** Reviewing`): their
 * tasks count as open, and the plan gets one warning naming the words, as a
 * table gets one for its Status column, not one per heading.
 */
export function warnUnknownStatusLines(ctx: ParseContext, read: readonly HeadingTaskCandidate[]): void {
  const unknown = read.flatMap((c) => (c.state?.kind === "words" && c.state.unknown === true ? [c.state] : []));
  const first = unknown[0];
  if (!first) return;
  const words = [...new Set(unknown.map((u) => `"${u.value}"`))];
  const listed = words.slice(0, 5).join(", ") + (words.length > 5 ? ", …" : "");
  const n = unknown.length;
  ctx.report(
    first.span[0],
    "warning",
    "unknown-status",
    `Status ${listed} ${words.length === 1 ? "is not a word" : "are not words"} plan-sync knows (${n} heading task${n === 1 ? "" : "s"}), so ${n === 1 ? "that task counts" : "those tasks count"} as open. Done reads as ✅, Done, Complete, Closed, Merged or Shipped; open as ⬜, Todo, Pending, In progress, WIP or Blocked.`,
  );
}
