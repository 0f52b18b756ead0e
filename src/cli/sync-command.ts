import { ApplyActionsError } from "../sync/apply-actions.js";
import { EtagCache } from "../github/etag-cache.js";
import { createOctokitGateway } from "../github/octokit-gateway.js";
import { readRepository } from "../github/rest/repository.js";
import { cliLog } from "./cli-log.js";
import { tokenTargets } from "../github/route-targets.js";
import { createRestOctokit, tokenIdentity, type OctokitPolicy } from "../github/octokit-options.js";
import { WritePacer } from "../github/write-pacer.js";
import { octokitTreeReader } from "../github/git-tree.js";
import type { Diagnostic } from "../plan/types.js";
import { isSameLogin } from "../sync/managed-issues.js";
import { WriteBackConflictError } from "../write-back/write-back-errors.js";
import type { CliContext } from "./cli-context.js";
import type { Command } from "./command.js";
import { EXIT_OK, EXIT_PROBLEMS } from "./exit-codes.js";
import { compareDiagnostics, formatDiagnostic, plural } from "./format-diagnostic.js";
import { createCliGateway } from "./sync/cli-gateway.js";
import { describeFailure, SyncFailure } from "./sync/github-failure.js";
import { createProgressBar } from "./sync/progress-bar.js";
import { CONFIG_PATH } from "../config/config-path.js";
import { readConfigAtRef } from "./sync/read-config-at-ref.js";
import { scopeOf } from "./sync/plans-to-sync.js";
import { readSyncOptions, type SyncOptions } from "./sync/sync-options.js";
import { renderDryRun, renderSummary, toPlanJson, type SyncJson } from "./sync/sync-report.js";
import { resolveTokenIdentity } from "./sync/token-identity.js";
import { runTokenSync } from "./sync/token-sync.js";

export interface SyncCommandDeps {
  env?: Readonly<Record<string, string | undefined>>;
  /** Draw the progress bar in place; default: stderr is a terminal. Otherwise progress is plain lines. */
  isTTY?: boolean;
  /** The progress lines' clock; tests pass their own. */
  now?: () => number;
  /** Rate-limit policy; tests shrink the waits. */
  policy?: OctokitPolicy;
  /** Paces writes at GitHub's content-creation limits; tests pass a faster clock. */
  pacer?: () => WritePacer;
}

/**
 * `plan-sync sync [plans…] --repo owner/name`: what the App does on a push
 * (`--before SHA`: the plans changed since then, moves and deletions
 * included), and on a close or reopen of their issues, run over a token —
 * for repositories where the App is not installed (a workflow with
 * GITHUB_TOKEN, or a laptop with a personal token).
 */
export function createSyncCommand(deps: SyncCommandDeps = {}): Command {
  return { run: (argv, ctx) => runSync(argv, ctx, deps) };
}

export const syncCommand: Command = createSyncCommand();

async function runSync(argv: string[], ctx: CliContext, deps: SyncCommandDeps): Promise<number> {
  const env = deps.env ?? process.env;
  const options = readSyncOptions(argv, env);
  const json: SyncJson = {
    version: 1,
    repository: `${options.owner}/${options.repo}`,
    ref: options.ref,
    sha: null,
    before: options.before,
    scope: scopeOf(options),
    identity: options.identity,
    dryRun: options.dryRun,
    error: null,
    diagnostics: [],
    plans: [],
    labels: [],
    done: 0,
  };
  const say = (line: string) => ctx.stderr(`plan-sync: ${line}\n`);
  const finish = (code: number) => {
    if (options.json) ctx.stdout(`${JSON.stringify(json, null, 2)}\n`);
    return code;
  };
  const fail = (code: string, message: string) => {
    json.error = { code, message };
    ctx.stderr(`plan-sync sync: error: ${message}\n`);
    return finish(EXIT_PROBLEMS);
  };

  try {
    return await syncRepository(options, ctx, deps, json, say, finish, fail);
  } catch (error) {
    if (error instanceof SyncFailure) return fail(error.code, error.message);
    if (error instanceof ApplyActionsError) {
      json.done = error.result.done;
      const cause =
        error.cause instanceof SyncFailure ? error.cause : describeFailure(error.cause, "write-issue", json.repository);
      return fail(
        cause.code,
        `${cause.message}\nStopped after ${error.result.done} of ${error.result.total} changes; running the command again picks up from there (nothing is done twice).`,
      );
    }
    if (error instanceof WriteBackConflictError)
      return fail("conflict", error.message.replace("the next event retries", "run the command again"));
    throw error;
  }
}

async function syncRepository(
  options: SyncOptions,
  ctx: CliContext,
  deps: SyncCommandDeps,
  json: SyncJson,
  say: (line: string) => void,
  finish: (code: number) => number,
  fail: (code: string, message: string) => number,
): Promise<number> {
  const env = deps.env ?? process.env;
  const repoName = json.repository;
  // One pacer for the engine's writes and the client's: GitHub's refusals (seen by the client) slow the engine down.
  const pacer = deps.pacer?.() ?? new WritePacer();
  const octokit = createRestOctokit({
    token: options.token,
    baseUrl: options.apiUrl,
    // The throttling plugin says here when it waits for a rate limit, so a long pause in CI is explained.
    // Octokit also logs every failed request at "error"; the command says what failed in its own words instead.
    log: cliLog(say),
    policy: { ...deps.policy, pacers: { for: () => pacer } },
  });

  let defaultBranch: string;
  try {
    defaultBranch = (await readRepository(octokit, { owner: options.owner, repo: options.repo })).defaultBranch;
  } catch (error) {
    throw describeFailure(error, "read-repository", repoName);
  }

  const identity = await resolveTokenIdentity(octokit, { override: options.identity, env, repo: repoName });
  json.identity = identity.login;
  if (identity.source === "workflow-token" && !options.identity) {
    say(
      `the token cannot say who it is (a workflow or App installation token); managing issues by ${identity.login}. Pass --identity to name another.`,
    );
  }

  const gateway = createCliGateway(
    createOctokitGateway(
      octokit,
      { owner: options.owner, repo: options.repo },
      { identity: tokenIdentity(options.token), etagCache: new EtagCache() },
    ),
    { repoName, note: say },
  );
  const branch = options.ref ?? defaultBranch;
  json.ref = branch;
  const sha = await gateway.getBranchSha(branch);
  if (!sha) throw new SyncFailure("not-found", `branch ${branch} not found in ${repoName}.`, "read-repository");
  json.sha = sha;

  const config = await readConfigAtRef(octokit, { owner: options.owner, repo: options.repo, ref: sha });
  if (!config.ok) {
    for (const e of config.errors) ctx.stderr(`${CONFIG_PATH}: error: ${e}\n`);
    return fail(
      "config",
      `${CONFIG_PATH} at ${branch} is invalid (${plural(config.errors.length, "error")}); nothing was synced.`,
    );
  }

  // A bar redrawn in place on a terminal (not under --json, whose stdout a script reads); plain lines in a CI log.
  const bar = createProgressBar(ctx.stderr, {
    tty: (deps.isTTY ?? ctx.stderrIsTTY === true) && !options.json,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const result = await runTokenSync({
    gateway,
    identity: identity.login,
    config: config.config,
    paths: options.paths,
    tree: octokitTreeReader(octokit, { owner: options.owner, repo: options.repo }),
    branch,
    sha,
    before: options.before,
    serverUrl: options.serverUrl,
    confirmClose: options.confirmClose,
    dryRun: options.dryRun,
    pacer,
    onProgress: (p) => bar.update(p),
    beforeWrites: async (actions) => {
      if (
        identity.writesAs &&
        !isSameLogin(identity.writesAs, identity.login) &&
        actions.some((a) => a.type === "create-issue")
      ) {
        throw new SyncFailure(
          "identity",
          `--identity ${identity.login} manages ${identity.login}'s issues, but this token writes as ${identity.writesAs}: ` +
            `the issues it would create would be ${identity.writesAs}'s, unseen by the next run, which would create them again. Nothing was written. ` +
            `Drop --identity, or use a token that writes as ${identity.login}.`,
        );
      }
    },
    log: cliLog(say),
    // Areas routed to other repositories go there with the same token, if it reaches them (the engine says which it cannot).
    targets: tokenTargets(octokit, {
      identity: tokenIdentity(options.token),
      etagCache: new EtagCache(),
      wrap: (target) => createCliGateway(target, { repoName: `${target.repo.owner}/${target.repo.repo}`, note: say }),
    }),
  });
  bar.finish();

  json.plans = result.plans.map(toPlanJson);
  if (result.kind === "plan-errors") {
    printDiagnostics(ctx, result.diagnostics);
    json.diagnostics = result.diagnostics;
    const errors = result.diagnostics.filter((d) => d.severity === "error").length;
    return fail("plan-errors", `${plural(errors, "error")} in the plans; nothing was synced or written.`);
  }
  json.diagnostics = result.plans.flatMap((p) => [...p.diagnostics]);
  // Warnings do not stop a sync, but are shown as `check` shows them.
  printDiagnostics(ctx, json.diagnostics);
  json.labels = result.actions.flatMap((a) => (a.type === "create-label" ? [a.name] : []));
  json.done = result.applied?.done ?? 0;
  if (!options.json) ctx.stdout(options.dryRun ? renderDryRun(json) : renderSummary(json));
  // A refused route (annotated on the config) left its tasks unsynced: the run did not do all it was asked.
  const refused = json.diagnostics.filter((d) => d.severity === "error");
  if (refused.length > 0)
    return fail("routing", `${plural(refused.length, "routed area")} could not be synced; the other tasks were.`);
  return finish(EXIT_OK);
}

function printDiagnostics(ctx: CliContext, diagnostics: readonly Diagnostic[]): void {
  for (const d of [...diagnostics].sort(compareDiagnostics)) ctx.stderr(`${formatDiagnostic(d)}\n`);
}
