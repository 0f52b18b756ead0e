import { z } from "zod";

/**
 * The plan model shared by every layer. Offsets are UTF-16 code-unit indexes
 * into the ORIGINAL text as read from the file (a leading BOM included), so a
 * patcher can splice `text.slice(0, start) + x + text.slice(end)` directly.
 * Lines and columns are 1-based, as editors and GitHub annotations show them.
 */

export const SpanSchema = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type Span = z.infer<typeof SpanSchema>;

export const SeveritySchema = z.enum(["error", "warning"]);
export type Severity = z.infer<typeof SeveritySchema>;

export const DiagnosticSchema = z.object({
  path: z.string(),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
  severity: SeveritySchema,
  /** Stable machine-readable rule name, e.g. "duplicate-id", "malformed-id". */
  code: z.string(),
  message: z.string(),
});
export type Diagnostic = z.infer<typeof DiagnosticSchema>;

/** A link from a task row to its issue, as plan-sync writes it: `DATA1 ([#12](url))`. */
export const IssueLinkSchema = z.object({
  number: z.number().int().positive(),
  url: z.string(),
  /** The `([#12](url))` text, without the space before it. */
  span: SpanSchema,
});
export type IssueLink = z.infer<typeof IssueLinkSchema>;

export const TaskSchema = z.object({
  id: z.string().min(1),
  /** Leading letters of the ID, upper-cased: DATA, GAIN, EDH, or any other. */
  area: z.string(),
  /** Cell source (inline Markdown kept), trimmed. */
  description: z.string(),
  acceptanceCriteria: z.array(z.string()),
  effort: z.string(),
  done: z.boolean(),
  /** Headings above the table, outermost first, e.g. ["Repository Changes", "2. Gain Repository (`/gain`)", "Implementation Tasks"]. */
  headingPath: z.array(z.string()),
  /** Columns other than Task ID / Description / Acceptance Criteria / Effort / Status, by header text. */
  extra: z.record(z.string(), z.string()),
  issueLink: IssueLinkSchema.nullable(),
  line: z.number().int().positive(),
  /** The whole table row. */
  row: SpanSchema,
  /** The ID token itself (no checkbox, no link). */
  idSpan: SpanSchema,
  /** The trimmed content of the cell that holds the checkbox: the Status cell if the table has one, else the Task ID cell. */
  stateCell: SpanSchema,
  /** The three characters `[ ]` / `[x]` / `[X]`; null when the cell has no checkbox yet. */
  checkbox: SpanSchema.nullable(),
  /** Where write-back inserts the issue link, when not right after the ID (`**T-12**`, `[T-12](t.md)`). */
  linkAt: z.number().int().nonnegative().optional(),
  /**
   * Set when the task's state is written in words (a Status cell reading `✅ Done`, `Pending`):
   * the words this table uses, which write-back puts in the state cell instead of a checkbox.
   */
  stateWords: z.object({ done: z.string(), open: z.string() }).optional(),
  /** Task IDs of this plan the task waits for (a `Depends on` column), in the order written; absent without such a column. */
  dependsOn: z.array(z.string()).optional(),
  /** `table` for a table row, `checklist` for a task-list item (`- [ ] T001 …`), `heading` for a heading (`### Task 1: …`). */
  source: z.enum(["table", "checklist", "heading"]).optional(),
  /**
   * How the ID came about when the plan does not spell it out: `derived` from the task's words (a table
   * without an ID column, a checklist without IDs; idSpan is then empty), or `section`-qualified because
   * numbers restart in each section (`Phase-2/1`; idSpan is the number as written).
   */
  idFrom: z.enum(["derived", "section"]).optional(),
});
export type Task = z.infer<typeof TaskSchema>;

export const ChecklistItemSchema = z.object({
  text: z.string(),
  checked: z.boolean(),
  line: z.number().int().positive(),
  /** The three characters `[ ]` / `[x]` / `[X]`. */
  checkbox: SpanSchema,
  /** IDs of this plan's tasks the item tracks (text starts with IDs followed by `:`, a dash, or end of line). */
  tracks: z.array(z.string()),
});
export type ChecklistItem = z.infer<typeof ChecklistItemSchema>;

export const PlanSchema = z.object({
  path: z.string(),
  featureName: z.string().nullable(),
  date: z.string().nullable(),
  tasks: z.array(TaskSchema),
  checklists: z.array(ChecklistItemSchema),
  diagnostics: z.array(DiagnosticSchema),
});
export type Plan = z.infer<typeof PlanSchema>;

export function hasErrors(plan: Pick<Plan, "diagnostics">): boolean {
  return plan.diagnostics.some((d) => d.severity === "error");
}
