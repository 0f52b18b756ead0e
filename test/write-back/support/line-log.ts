import type { Log, LogFn } from "../../../src/log/log.js";

/** A log that keeps each line as `level message` (a structured line by its message): what an operator reads. */
export function lineLog(): { log: Log; lines: string[] } {
  const lines: string[] = [];
  const at =
    (level: keyof Log): LogFn =>
    (first: string | object, message?: string) =>
      void lines.push(`${level} ${typeof first === "string" ? first : (message ?? "")}`);
  return { log: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") }, lines };
}
