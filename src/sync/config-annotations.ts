import { CONFIG_PATH } from "../config/config-path.js";
import type { CheckAnnotation } from "./gateway.js";

/** `line 3, column 1: not valid YAML…` as describeConfigFileError words a parser's position. */
const POSITIONED = /^line (\d+), column (\d+): /;
/** describeConfigFileError names a file of another repository (`_extends`) like this; its lines are not this repository's. */
const FOREIGN_FILE = /\(in [^\s():]+\/[^\s():]+:[^)]+\)/;
/** parseConfig's `labels.plan.color: expected …`: a key path, then the problem. */
const KEY_PATH = /^([A-Za-z_][\w-]*(?:(?:\.[\w-]+)|(?:\[\d+\]))*): /;

/**
 * One annotation on `.github/plan-sync.yml` per config error that can be
 * placed: at the parser's line for a YAML error, at the key's line for a
 * setting with a bad value (when `text`, the file as pushed, is given and has
 * the key). Errors about another repository's file, or with nothing to place
 * them by, are left to the summary.
 */
export function configAnnotations(errors: readonly string[], text: string | null = null): CheckAnnotation[] {
  const lines = text === null ? null : text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const out: CheckAnnotation[] = [];
  for (const error of errors) {
    if (FOREIGN_FILE.test(error)) continue;
    const line = positionedLine(error) ?? (lines ? keyLine(lines, error) : null);
    if (line === null) continue;
    out.push({
      path: CONFIG_PATH,
      startLine: line,
      endLine: line,
      level: "failure",
      message: error,
      title: "invalid-config",
    });
  }
  // File order, as a reader goes through the file.
  return out.sort((a, b) => a.startLine - b.startLine);
}

function positionedLine(error: string): number | null {
  const match = POSITIONED.exec(error);
  const line = match ? Number(match[1]) : NaN;
  return Number.isInteger(line) && line > 0 ? line : null;
}

/**
 * The 1-based line of the error's key path in a block-style YAML file: each
 * segment looked for below its parent, more indented than it. List indexes
 * stop the search at the list's key. Null when the key is not in the file
 * (a default, or a setting inherited with `_extends`).
 */
function keyLine(lines: readonly string[], error: string): number | null {
  const match = KEY_PATH.exec(error);
  if (!match) return null;
  const segments = (match[1] as string).split(/\.|\[/).filter((s) => s !== "" && !s.endsWith("]"));
  let from = 0;
  let parentIndent = -1;
  let found: number | null = null;
  for (const segment of segments) {
    const at = findKey(lines, segment, from, parentIndent);
    if (at === null) return found === null ? null : found + 1;
    found = at;
    from = at + 1;
    parentIndent = indentOf(lines[at] as string);
  }
  return found === null ? null : found + 1;
}

function findKey(lines: readonly string[], key: string, from: number, parentIndent: number): number | null {
  const pattern = new RegExp(`^(\\s*)(["']?)${escapeRegExp(key)}\\2\\s*:(\\s|$)`);
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    // Out of the parent's block: the key is not under it.
    if (parentIndent >= 0 && indentOf(line) <= parentIndent) return null;
    if (pattern.test(line)) return i;
  }
  return null;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
