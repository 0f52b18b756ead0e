import type { ListItem, Nodes } from "mdast";
import type { ParseContext } from "./parse-context.js";
import type { RawChecklistItem } from "./read-checklist-item.js";
import type { Task } from "./types.js";
import { unwrapId } from "./id-cell.js";
import { areaOf, isTaskId } from "./task-id.js";

/** A checklist item that opens with an ID of its own: a task unless the ID is a table task's (then it tracks that task). */
export interface ChecklistTaskCandidate {
  item: RawChecklistItem;
  id: string;
  /** Parser offsets of the ID token itself. */
  idSpan: [number, number];
  /** After the ID's formatting and its `.`: where write-back inserts the issue link. */
  linkAt: number;
  issueLink: { number: number; url: string; span: [number, number] } | null;
  /** Where the description starts. */
  textStart: number;
  /** The ID is set apart by formatting or a colon (`**INIT-001**`, `` `P0-T1` ``, `T7:`): it needs no company. */
  marked: boolean;
  /** The ID with its digits replaced (`T#`, `INIT-#`, `#.#`): an unmarked ID counts when another item shares its shape. */
  shape: string;
}

const LETTER_ID = /^[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*/;
const NUMERIC_ID = /^\d{1,4}(?:\.\d{1,4}){0,4}/;
const ISSUE_LINK = /^[ \t]+\(\[#([1-9]\d*)\]\(([^()\s]+)\)\)/;
/** `Task 3:` / `Step 1.2 —`: the number is the ID, the word is how people say it. */
const ID_WORD = /^(?:task|step|item|story)[ \t]+(?=\d)/i;

/**
 * Reads the ID an item's first line starts with — `T001 [P] [US1] Create…`,
 * `1.1 Implement…`, `1. Set up…`, `**INIT-001**: Create…`, `` `P0-T1` Scaffold… ``,
 * `[T-12](tasks/t-12.md) Write…` — or null. A letter ID must contain a digit
 * (so `Create the model` is not task `Create`); a bare number needs a dot
 * (`2.1`) or a `.`/`)`/`:` after it (`3.`), so `2 weeks of testing` is prose.
 */
export function readLeadingId(ctx: ParseContext, item: RawChecklistItem): ChecklistTaskCandidate | null {
  let at = item.checkbox[1];
  if (ctx.text.charAt(at) === "*") at++; // Kiro's optional task: `- [ ]* 4. …`
  const token = readIdToken(ctx.text, at, item.firstLineEnd);
  return token ? { item, ...token } : null;
}

/** An ID opening the text at `at` (up to `end`, the line's end), as a checklist item or a heading task writes it. */
export type IdToken = Omit<ChecklistTaskCandidate, "item"> & {
  /** Written after `Task`/`Step` (`Task 3:`): the word says it is a task. */
  worded: boolean;
  /** A number, not a letter ID. */
  numeric: boolean;
};

export function readIdToken(text: string, at: number, end: number): IdToken | null {
  while (at < end && (text.charAt(at) === " " || text.charAt(at) === "\t")) at++;
  const word = ID_WORD.exec(text.slice(at, end));
  if (word) at += word[0].length;
  const rest = text.slice(at, end);

  let idStart: number;
  let idEnd: number;
  let after: number;
  let marked = false;
  const formatted = formattedToken(rest);
  if (formatted) {
    const inner = unwrapId(text, at, at + formatted);
    if (!inner) return null;
    idStart = inner[0];
    idEnd = inner[1];
    // `**INIT-001:**` keeps its colon inside the bold.
    if (text.charAt(idEnd - 1) === ":") idEnd--;
    after = at + formatted;
    marked = true;
  } else {
    const m = LETTER_ID.exec(rest) ?? NUMERIC_ID.exec(rest);
    if (!m) return null;
    idStart = at;
    idEnd = at + m[0].length;
    after = idEnd;
  }
  const id = text.slice(idStart, idEnd);
  const numeric = /^\d/.test(id);
  if (numeric ? !/^\d+(?:\.\d+)*$/.test(id) : !isTaskId(id) || !/\d/.test(id)) return null;

  // `1.` / `1)` of an ordered-looking ID belong to it; the link goes after them.
  let dotted = false;
  if (numeric && (text.charAt(after) === "." || text.charAt(after) === ")")) {
    after++;
    dotted = true;
  }
  let issueLink: ChecklistTaskCandidate["issueLink"] = null;
  const link = ISSUE_LINK.exec(text.slice(after, end));
  if (link?.[1] && link[2]) {
    const linkStart = after + link[0].indexOf("(");
    issueLink = { number: Number(link[1]), url: link[2], span: [linkStart, after + link[0].length] };
  }
  let pos = issueLink ? issueLink.span[1] : after;
  while (pos < end && (text.charAt(pos) === " " || text.charAt(pos) === "\t")) pos++;
  const sep = text.charAt(pos);
  let separated = pos === end;
  if (sep === ":") {
    marked = true;
    separated = true;
    pos++;
  } else if ((sep === "-" || sep === "—" || sep === "–") && /[ \t]/.test(text.charAt(pos + 1))) {
    separated = true;
    pos++;
  } else if (pos > (issueLink ? issueLink.span[1] : after) || dotted) {
    separated = true;
  }
  if (!separated) return null;
  if (numeric && !dotted && !id.includes(".") && !marked) return null;
  while (pos < end && (text.charAt(pos) === " " || text.charAt(pos) === "\t")) pos++;
  return {
    id,
    idSpan: [idStart, idEnd],
    linkAt: after,
    issueLink,
    textStart: pos,
    marked: marked || word !== null,
    shape: id.replace(/\d+/g, "#"),
    worded: word !== null,
    numeric,
  };
}

/** Length of a leading `**…**`, `__…__`, `` `…` `` or `[…](…)` token (nesting allowed), or 0. */
function formattedToken(s: string): number {
  for (const [open, close] of [
    ["**", "**"],
    ["__", "__"],
    ["`", "`"],
  ] as const) {
    if (s.startsWith(open)) {
      const to = s.indexOf(close, open.length);
      if (to > open.length) return to + close.length;
      return 0;
    }
  }
  const link = /^\[[^[\]\s]+\]\([^()\s]+\)/.exec(s);
  return link ? link[0].length : 0;
}

const TAG = /^\[(P|US\d+|Story[ -]?\d+|[A-Z][A-Za-z]*\d+)\][ \t]*/;
const DETAIL_FIELD =
  /^[_*]*(Requirements?|Refs?|References?|Leverage|Files?|Depends on|Dependencies)[_*]*\s*:\s*[_*]*(.*?)[_*]*$/i;

/** The task a candidate stands for; `headingPath` is the section it sits in. */
export function checklistTask(ctx: ParseContext, c: ChecklistTaskCandidate): Task {
  const text = ctx.text;
  const extra: Record<string, string> = {};
  // spec-kit's markers after the ID: `[P]` (can run in parallel) and `[US1]` (user story).
  let from = c.textStart;
  for (
    let m = TAG.exec(text.slice(from, c.item.firstLineEnd));
    m;
    m = TAG.exec(text.slice(from, c.item.firstLineEnd))
  ) {
    const tag = m[1] ?? "";
    if (tag === "P") extra["Parallel"] = "yes";
    else extra["Story"] = extra["Story"] ? `${extra["Story"]}, ${tag}` : tag;
    from += m[0].length;
  }
  const description = paragraphText(text, from, firstParagraphEnd(c.item.node, c.item.firstLineEnd));
  const criteria: string[] = [];
  for (const detail of details(ctx, c.item.node)) {
    const field = DETAIL_FIELD.exec(detail);
    if (field?.[1]) extra[capitalise(field[1])] = (field[2] ?? "").trim();
    else criteria.push(detail);
  }
  const box = c.item.checkbox;
  // An in-progress box `[-]` is replaced whole: `[x]` when done, `[ ]` when reopened.
  const inProgress = !/[ xX]/.test(text.charAt(box[0] + 1));
  return {
    id: c.id,
    area: areaOf(c.id, ctx.areas),
    description,
    acceptanceCriteria: criteria,
    effort: "",
    done: c.item.checked,
    headingPath: [...c.item.headingPath],
    extra,
    issueLink: c.issueLink
      ? { number: c.issueLink.number, url: c.issueLink.url, span: ctx.span(c.issueLink.span[0], c.issueLink.span[1]) }
      : null,
    line: c.item.line,
    row: ctx.span(c.item.node.position?.start.offset ?? box[0], c.item.firstLineEnd),
    idSpan: ctx.span(c.idSpan[0], c.idSpan[1]),
    ...(c.linkAt !== c.idSpan[1] ? { linkAt: ctx.span(c.linkAt, c.linkAt).start } : {}),
    stateCell: ctx.span(box[0], box[1]),
    checkbox: inProgress ? null : ctx.span(box[0], box[1]),
    ...(inProgress ? { stateWords: { done: "[x]", open: "[ ]" } } : {}),
    source: "checklist",
  };
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

function firstParagraphEnd(item: ListItem, fallback: number): number {
  const first = item.children[0];
  return first?.type === "paragraph" ? (first.position?.end.offset ?? fallback) : fallback;
}

/** Source text of a range with its line breaks and continuation indents folded into spaces. */
function paragraphText(text: string, from: number, to: number): string {
  return text
    .slice(from, Math.max(from, to))
    .split(/\r\n|\r|\n/)
    .map((l, i) => (i === 0 ? l : l.replace(/^[\s>]*/, "")))
    .join(" ")
    .trim();
}

/**
 * The item's nested content, one entry per paragraph or nested list item
 * that is not itself a task (those are tasks of their own): the acceptance
 * criteria or details people write under a task.
 */
function details(ctx: ParseContext, item: ListItem): string[] {
  const out: string[] = [];
  const visit = (node: Nodes, top: boolean): void => {
    if (node.type === "paragraph" && !top) {
      const s = node.position?.start.offset ?? 0;
      const e = node.position?.end.offset ?? s;
      const t = paragraphText(ctx.text, s, e);
      if (t) out.push(t.replace(/^\[[ xX]\][ \t]+/, ""));
      return;
    }
    if (node.type === "listItem") {
      const first = node.children[0];
      const s = node.position?.start.offset ?? 0;
      if (ctx.taskItemStarts.has(s)) return;
      if (first?.type === "paragraph") {
        const fs = first.position?.start.offset ?? s;
        const fe = first.position?.end.offset ?? fs;
        const t = paragraphText(ctx.text, fs, fe).replace(/^\[[ xX~/-]\][ \t]+/, "");
        if (t) out.push(t);
      }
      for (const child of node.children.slice(1)) visit(child, false);
      return;
    }
    // Code blocks, quotes and tables under a task are context for a reader, not criteria.
    if (node.type === "list") for (const child of node.children) visit(child, false);
  };
  item.children.forEach((child, i) => visit(child, i === 0));
  return out;
}
