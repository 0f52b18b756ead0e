import { main, type CliIo } from "../../src/cli/main.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export const REPO_ROOT = new URL("../..", import.meta.url).pathname;

/** Runs `plan-sync …` in-process from the repository root, capturing both streams. */
export async function runCli(...argv: string[]): Promise<CliRun> {
  return runCliIn(REPO_ROOT, argv);
}

/** Runs `plan-sync …` in-process from `cwd`, with the environment and terminals the test says (none by default). */
export async function runCliIn(
  cwd: string,
  argv: string[],
  io: Pick<CliIo, "env" | "stdoutIsTTY" | "stderrIsTTY"> = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    cwd,
    env: io.env ?? {},
    ...io,
  });
  return { code, stdout, stderr };
}
