import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { decodePlanBytes } from "../plan/decode-plan-bytes.js";

export type ReadResult =
  { ok: true; text: string } | { ok: false; message: string; reason: "missing" | "directory" | "permission" | "other" };

/**
 * Reads a plan as UTF-8 text, BOM kept (plan offsets count it). A file that
 * cannot be read becomes a message naming it, never a stack trace; bytes that
 * are not UTF-8 are kept as surrogate escapes (decodePlanBytes), which the
 * parse reports at the first bad byte's line and column.
 */
export async function readPlanFile(cwd: string, path: string): Promise<ReadResult> {
  try {
    return { ok: true, text: decodePlanBytes(await readFile(resolve(cwd, path))) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" ? "missing" : code === "EISDIR" ? "directory" : code === "EACCES" ? "permission" : "other";
    const words = {
      missing: "no such file",
      directory: "is a directory, not a file",
      permission: "permission denied",
      other: (error as Error).message,
    }[reason];
    return { ok: false, reason, message: `${path}: error: cannot read ${path}: ${words}` };
  }
}
