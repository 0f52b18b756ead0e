import type { Diagnostic } from "../plan/types.js";

/** The `file:line:col: severity: message` form editors and CI log parsers recognise. */
export function formatDiagnostic(d: Pick<Diagnostic, "path" | "line" | "column" | "severity" | "message">): string {
  return `${d.path}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
}

/** By file, then position: the order someone fixing them walks through the files. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
