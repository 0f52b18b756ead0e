import type { Log, LogFn } from "../log/log.js";

/**
 * The CLI's Log: the engine's warnings are said to the user (on stderr, like
 * its other notes), in words only; its progress lines and fields are for an
 * App operator's log, and the command reports what it did on its own.
 */
export function cliLog(say: (line: string) => void): Log {
  const ignore: LogFn = () => {};
  const warn: LogFn = (first: string | object, message?: string) =>
    say(typeof first === "string" ? first : (message ?? ""));
  return { debug: ignore, info: ignore, warn, error: ignore };
}
