import type { Diagnostic, Severity, Span } from "./types.js";
import type { LineIndex } from "./source-lines.js";
import { DerivedIds } from "./derived-id.js";

/**
 * Shared state of one parse. Offsets inside the parser are mdast offsets into
 * `text` (the file without a leading BOM); `span` converts them to offsets
 * into the original file, which is what every consumer splices with.
 */
export class ParseContext {
  readonly diagnostics: Diagnostic[] = [];
  /** Start offsets of the list items read as tasks: their nested items are tasks of their own, not details. */
  readonly taskItemStarts = new Set<number>();
  /** Every task ID named in a `Depends on` cell, where it is written: checked once every task is known. */
  readonly dependencyRefs: Array<{ task: string; id: string; offset: number }> = [];
  /** IDs made from tasks' words, unique across the plan (derived-id.ts). */
  readonly derivedIds = new DerivedIds();

  constructor(
    readonly text: string,
    readonly path: string,
    readonly lines: LineIndex,
    private readonly shift: number,
    readonly areas: Record<string, string> | undefined,
  ) {}

  span(start: number, end: number): Span {
    return { start: start + this.shift, end: end + this.shift };
  }

  report(offset: number, severity: Severity, code: string, message: string): void {
    const { line, column } = this.lines.position(offset);
    this.diagnostics.push({ path: this.path, line, column, severity, code, message });
  }
}
