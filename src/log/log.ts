/**
 * The one logger shape of plan-sync: pino's, so Probot's `context.log` and
 * `app.log` pass straight in, and a line can carry fields for the operator
 * (`log.info({ repository, outcome }, "write-back …")`). The CLI gives its own
 * (src/cli/cli-log.ts), tests a pino logger they read back (test/support/capture-log.ts).
 */
export interface LogFn {
  (message: string): void;
  (fields: object, message: string): void;
}

export interface Log {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

const ignore = () => {};

/** Says nothing: for callers that do not log (a dry run, a test that does not look). */
export const silentLog: Log = { debug: ignore, info: ignore, warn: ignore, error: ignore };

/** Lines on stderr/stdout, an error's stack after its line: for a component run without the App's log. */
export const consoleLog: Log = {
  debug: (first: string | object, message?: string) => console.debug(...consoleArgs(first, message)),
  info: (first: string | object, message?: string) => console.info(...consoleArgs(first, message)),
  warn: (first: string | object, message?: string) => console.warn(...consoleArgs(first, message)),
  error: (first: string | object, message?: string) => console.error(...consoleArgs(first, message)),
};

function consoleArgs(first: string | object, message: string | undefined): unknown[] {
  if (typeof first === "string") return [first];
  const err = (first as { err?: unknown }).err;
  return err === undefined ? [message ?? "", first] : [message ?? "", err];
}

/**
 * The warnings and errors of `log` only: for a step whose progress lines
 * another line already reports (the push's one line covers its link commits).
 */
export function warningsOnly(log: Log): Log {
  return { debug: ignore, info: ignore, warn: forward(log, "warn"), error: forward(log, "error") };
}

/** Called on `log`, not detached: pino's methods need their `this`. */
function forward(log: Log, level: keyof Log): LogFn {
  return (...args: [string] | [object, string]) => (log[level] as (...a: typeof args) => void).apply(log, args);
}
