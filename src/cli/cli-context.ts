/** Where a command writes and which directory relative paths start from; tests pass their own. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd?: string;
}

export interface CliContext {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
}

export function resolveIo(io?: CliIo): CliContext {
  return {
    stdout: io?.stdout ?? ((s) => void process.stdout.write(s)),
    stderr: io?.stderr ?? ((s) => void process.stderr.write(s)),
    cwd: io?.cwd ?? process.cwd(),
  };
}
