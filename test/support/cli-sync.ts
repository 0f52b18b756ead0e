import { createSyncCommand, type SyncCommandDeps } from "../../src/cli/sync-command.js";
import { WritePacer } from "../../src/github/write-pacer.js";
import type { CliRun } from "../cli/run-cli.js";
import { FakeGitHub, type RepoRef } from "./fake-github/index.js";
import { SEARCH_PLAN_PATH, SMALL_SEARCH_PLAN } from "./search-plan.js";

/** The in-memory GitHub, served over HTTP, that `plan-sync sync` tests run against: acme/plans holding the small search plan, and alice's personal token. */
export async function startCliFake(): Promise<{ fake: FakeGitHub; repo: RepoRef }> {
  const fake = new FakeGitHub();
  await fake.start();
  const repo = fake.createRepo("acme/plans", {
    files: { [SEARCH_PLAN_PATH]: SMALL_SEARCH_PLAN, "README.md": "# plans\n" },
  });
  fake.addToken("alice-token", "alice");
  return { fake, repo };
}

/** The fake has no GET /user; answer it the way GitHub answers a personal token. */
export function answerTokenOwner(fake: FakeGitHub, login: string, times = 1): void {
  fake.failNext({ method: "GET", path: "/user", status: 200, body: { login, id: 1, type: "User" }, times });
}

export interface SyncRunOptions {
  env?: Record<string, string>;
  deps?: SyncCommandDeps;
}

/**
 * Runs the `sync` command main() registers, through @octokit/rest with the
 * throttling and retry plugins, built with the test's environment (alice's
 * token, the fake's URL) and a pacer on a fast clock.
 */
export async function runSyncCommand(fake: FakeGitHub, argv: string[], opts: SyncRunOptions = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const env = { GITHUB_TOKEN: "alice-token", GITHUB_API_URL: fake.url, ...opts.env };
  const command = createSyncCommand({
    env,
    isTTY: false,
    pacer: () => new WritePacer({ timeScale: 10_000 }),
    ...opts.deps,
  });
  const ctx = { stdout: (s: string) => void (stdout += s), stderr: (s: string) => void (stderr += s), cwd: "/" };
  const code = await command.run(argv, ctx);
  return { code, stdout, stderr };
}
