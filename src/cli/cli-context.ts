/** Where a command writes and which directory relative paths start from; tests pass their own. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** Whether stdout / stderr are terminals; default: asked of the process's streams. Tests leave them false. */
  stdoutIsTTY?: boolean;
  stderrIsTTY?: boolean;
}

export interface CliContext {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  /** Default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Colour escapes allowed on each stream (a terminal, and no NO_COLOR); default none. */
  color?: { stdout: boolean; stderr: boolean };
  /** stderr is a terminal: progress may redraw a line in place instead of printing lines. */
  stderrIsTTY?: boolean;
}

export function resolveIo(io?: CliIo): CliContext {
  const env = io?.env ?? process.env;
  // Custom writers (tests, embedding) are not terminals unless said so.
  const stdoutIsTTY = io ? io.stdoutIsTTY === true : process.stdout.isTTY === true;
  const stderrIsTTY = io ? io.stderrIsTTY === true : process.stderr.isTTY === true;
  return {
    stdout: io?.stdout ?? ((s) => void process.stdout.write(s)),
    stderr: io?.stderr ?? ((s) => void process.stderr.write(s)),
    cwd: io?.cwd ?? process.cwd(),
    env,
    color: { stdout: useColor(stdoutIsTTY, env), stderr: useColor(stderrIsTTY, env) },
    stderrIsTTY,
  };
}

/**
 * Colours only on a terminal, never with NO_COLOR set to anything non-empty
 * (no-color.org); FORCE_COLOR (non-zero) turns them on in a pipe, as in most
 * Node tools, for CI logs that render them.
 */
export function useColor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
  return isTTY && env.TERM !== "dumb";
}
