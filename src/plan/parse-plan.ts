import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import type { Heading, Nodes, Root, Table } from "mdast";
import type { ChecklistItem, Plan, Task } from "./types.js";
import { MAX_PLAN_BYTES } from "./max-plan-size.js";
import { indexLines } from "./source-lines.js";
import { ParseContext } from "./parse-context.js";
import { isTaskTable, readTaskTable } from "./read-task-table.js";
import { readChecklistItem, type RawChecklistItem } from "./read-checklist-item.js";
import { trackedIds } from "./track-ids.js";
import { checklistTask, readLeadingId, type ChecklistTaskCandidate } from "./read-checklist-task.js";
import { findOrphanRows, type SourceBlock } from "./find-orphan-rows.js";
import { findMissingIdColumns } from "./find-missing-id-column.js";
import { idPrefix } from "./task-id.js";
import { checkDependencies } from "./check-dependencies.js";
import { validatePlan } from "./validate-plan.js";
import { featureFromTitle, readField } from "./document-control.js";
import {
  findHeadingTasks,
  headingTask,
  statusLineWords,
  warnUnknownStatusLines,
  type HeadingTaskCandidate,
} from "./read-heading-task.js";
import { readIdlessChecklist } from "./read-idless-checklist.js";
import { qualifyRestartedIds, sectionKey } from "./section-ids.js";

export interface ParseOptions {
  /** ID prefix (upper-case letters, e.g. "DATA") → area name to report instead of the prefix. */
  areas?: Record<string, string>;
}

const processor = unified().use(remarkParse).use(remarkGfm);

/**
 * Reads a Markdown plan into tasks, checklists and diagnostics. Never throws
 * on bad input: every problem is a positioned diagnostic, so the caller can
 * show it at the line and refuse to act on a plan with errors.
 */
export function parsePlan(text: string, path: string, options: ParseOptions = {}): Plan {
  const plan: Plan = { path, featureName: null, date: null, tasks: [], checklists: [], diagnostics: [] };
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_PLAN_BYTES) {
    // Not even parsed: remark would take seconds, and a partial read would look like removed tasks.
    plan.diagnostics.push({
      path,
      line: 1,
      column: 1,
      severity: "error",
      code: "plan-too-large",
      message: `Plan is ${formatBytes(bytes)} (${bytes} bytes); plan-sync reads plans up to ${formatBytes(MAX_PLAN_BYTES)} (${MAX_PLAN_BYTES} bytes). Split it into several plan files.`,
    });
    return plan;
  }

  // remark drops a leading BOM, so its offsets are one short of the file's.
  const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = shift ? text.slice(1) : text;
  const ctx = new ParseContext(body, path, indexLines(body), shift, options.areas);
  const tree = processor.parse(body) as Root;

  const headings: Array<{ depth: number; text: string }> = [];
  const titles = countTitles(tree);
  const seen = new Map<string, number>();
  const rawItems: RawChecklistItem[] = [];
  const blocks: SourceBlock[] = [];
  const otherTables: Table[] = [];
  let firstTitle: string | undefined;
  let openItems = 0;
  let taskTables = 0;
  let featureName: string | null | undefined;
  let date: string | null | undefined;

  const visit = (node: Nodes): void => {
    switch (node.type) {
      case "heading": {
        const headingText = headingSource(body, node);
        if (node.depth === 1 && firstTitle === undefined) firstTitle = headingText;
        // A lone H1 is the document title, not a section a task belongs to.
        if (node.depth === 1 && titles === 1) return;
        while ((headings.at(-1)?.depth ?? 0) >= node.depth) headings.pop();
        headings.push({ depth: node.depth, text: headingText });
        return;
      }
      case "table": {
        const taskTable = isTaskTable(
          ctx,
          node,
          headings.map((h) => h.text),
        );
        addBlock(blocks, node, taskTable);
        if (taskTable) taskTables++;
        if (taskTable)
          plan.tasks.push(
            ...readTaskTable(
              ctx,
              node,
              headings.map((h) => h.text),
              seen,
            ),
          );
        else otherTables.push(node);
        return;
      }
      case "code":
      case "html":
        addBlock(blocks, node, false);
        return;
      case "paragraph": {
        const source = slice(body, node);
        if (featureName === undefined) featureName = readField(source, "Feature\\s+Name");
        if (date === undefined) date = readField(source, "Date");
        return;
      }
      case "listItem": {
        const item = readChecklistItem(
          ctx,
          node,
          headings.map((h) => h.text),
        );
        if (!item) break;
        item.nested = openItems > 0;
        rawItems.push(item);
        openItems++;
        for (const child of node.children) visit(child);
        openItems--;
        return;
      }
    }
    if ("children" in node) for (const child of node.children) visit(child);
  };
  visit(tree);

  findOrphanRows(ctx, blocks);
  const prefixes = new Set([...plan.tasks.map((t) => idPrefix(t.id)), ...Object.keys(options.areas ?? {})]);
  findMissingIdColumns(ctx, otherTables, prefixes);

  const tableKeys = new Set(plan.tasks.map((t) => sectionKey(t.id, t.headingPath)));
  const headingCandidates = findHeadingTasks(ctx, tree, titles === 1).filter(
    (c) => !tableKeys.has(sectionKey(c.token.id, c.headingPath)),
  );
  const checklistTasks = readChecklistTasks(ctx, rawItems, plan.tasks, headingCandidates);
  const headingWords = statusLineWords(headingCandidates);
  const uniqueHeadingCandidates = uniqueHeadings(ctx, headingCandidates);
  warnUnknownStatusLines(ctx, uniqueHeadingCandidates);
  const headingTasks = uniqueHeadingCandidates.map((c) => headingTask(ctx, c, headingWords));
  // Only a file with no other kind of task: the seed template's unnumbered checklists stay checklists, even unfilled.
  if (taskTables === 0 && headingCandidates.length === 0 && checklistTasks.tasks.length === 0) {
    const inferred = readIdlessChecklist(ctx, rawItems, path, firstTitle);
    checklistTasks.tasks.push(...inferred.tasks);
    for (const item of inferred.items) checklistTasks.items.add(item);
  }
  if (checklistTasks.tasks.length > 0 || headingTasks.length > 0) {
    plan.tasks.push(...checklistTasks.tasks, ...headingTasks);
    plan.tasks.sort((a, b) => a.line - b.line);
  }
  qualifyRestartedIds(plan.tasks);
  checkDependencies(ctx, plan.tasks);
  const ids = new Set(plan.tasks.map((t: Task) => t.id));
  plan.checklists = rawItems
    .filter((item) => !item.pseudo && !checklistTasks.items.has(item))
    .map((item): ChecklistItem => ({
      text: item.text,
      checked: item.checked,
      line: item.line,
      checkbox: ctx.span(item.checkbox[0], item.checkbox[1]),
      tracks: trackedIds(item.firstLine, ids),
    }));
  plan.featureName = featureName ?? (firstTitle === undefined ? null : featureFromTitle(firstTitle));
  plan.date = date ?? null;
  plan.diagnostics = ctx.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return validatePlan(plan);
}

/**
 * Checklist items that open with an ID of their own are tasks (`- [ ] T001 …`,
 * `- [x] 1.1 …`, `- [x] **INIT-001**: …`). An item naming a table task tracks
 * it instead, and so does a later item repeating a checklist task's ID. An
 * unmarked ID (`T001 Create…`, not bold, code or followed by a colon) counts
 * only when another item has an ID of the same shape, so a lone `S3 bucket`
 * in a list of chores is not read as task S3.
 */
function readChecklistTasks(
  ctx: ParseContext,
  items: readonly RawChecklistItem[],
  tableTasks: readonly Task[],
  headingTasks: readonly HeadingTaskCandidate[],
): { tasks: Task[]; items: Set<RawChecklistItem> } {
  const tableIds = new Set(tableTasks.map((t) => t.id));
  const tableKeys = new Set(tableTasks.map((t) => sectionKey(t.id, t.headingPath)));
  // A checklist item naming a heading task (`- [ ] T-3: cache warmed`) tracks it, as one naming a table task does.
  for (const h of headingTasks) {
    tableKeys.add(sectionKey(h.token.id, h.headingPath));
    if (!h.token.numeric) tableIds.add(h.token.id);
  }
  const candidates: ChecklistTaskCandidate[] = [];
  const shapes = new Map<string, number>();
  for (const item of items) {
    // An item naming table tasks (`DATA1, GAIN2: …`) tracks them, as it always has.
    if (trackedIds(item.firstLine, tableIds).length > 0) continue;
    const candidate = readLeadingId(ctx, item);
    // A number names a table's task only in that table's section: numbers restart per section.
    if (!candidate || tableKeys.has(sectionKey(candidate.id, item.headingPath))) continue;
    candidates.push(candidate);
    shapes.set(candidate.shape, (shapes.get(candidate.shape) ?? 0) + 1);
  }
  const chosen = new Map<string, ChecklistTaskCandidate>();
  for (const c of candidates) {
    if (!c.marked && (shapes.get(c.shape) ?? 0) < 2) continue;
    // A number repeated in another section is another task (numbers restart per phase); elsewhere a repeat tracks the first.
    const key = sectionKey(c.id, c.item.headingPath);
    if (!chosen.has(key)) chosen.set(key, c);
  }
  for (const c of chosen.values()) ctx.taskItemStarts.add(c.item.node.position?.start.offset ?? -1);
  const tasks = [...chosen.values()].map((c) => checklistTask(ctx, c));
  return { tasks, items: new Set([...chosen.values()].map((c) => c.item)) };
}

/** Two heading tasks with one ID in one section: the second is reported, like a repeated ID in a table, and not read. */
function uniqueHeadings(ctx: ParseContext, candidates: readonly HeadingTaskCandidate[]): HeadingTaskCandidate[] {
  const seen = new Map<string, number>();
  return candidates.filter((c) => {
    const key = sectionKey(c.token.id, c.headingPath);
    const line = c.heading.position?.start.line ?? 1;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, line);
      return true;
    }
    ctx.report(
      c.token.idSpan[0],
      "error",
      "duplicate-id",
      `Task ID ${c.token.id} is used twice: first at line ${first}. Each task needs its own ID; this heading is not read.`,
    );
    return false;
  });
}

function slice(text: string, node: Nodes): string {
  return text.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0);
}

/** The heading's inline Markdown as written (so `code` shows), without `#`s. */
function headingSource(text: string, heading: Heading): string {
  const first = heading.children[0];
  const last = heading.children.at(-1);
  if (!first?.position || !last?.position) return "";
  return text.slice(first.position.start.offset, last.position.end.offset).trim();
}

function countTitles(tree: Root): number {
  let n = 0;
  const walk = (node: Nodes): void => {
    if (node.type === "heading") {
      if (node.depth === 1) n++;
      return;
    }
    if ("children" in node) for (const child of node.children) walk(child);
  };
  walk(tree);
  return n;
}

function addBlock(blocks: SourceBlock[], node: Nodes, taskTable: boolean): void {
  if (node.position)
    blocks.push({ start: node.position.start.offset ?? 0, end: node.position.end.offset ?? 0, taskTable });
}

function formatBytes(n: number): string {
  return n >= 1_000_000 ? `${(n / 1_000_000).toFixed(2).replace(/\.?0+$/, "")} MB` : `${Math.round(n / 1000)} kB`;
}
