import { silentLog, type Log } from "../log/log.js";
import { ProtectedBranchError, StaleFileError } from "../github/errors.js";
import type { Gateway, PullRequestRecord } from "../github/gateway.js";
import type { PatchOptions, TaskPatch } from "../plan/patch-plan.js";
import type { Diagnostic } from "../plan/types.js";
import { applyToTextBudgeted } from "../parse-worker/plan-parser.js";
import { refusal } from "./apply-to-text.js";
import { writeBackBranch } from "./branch-name.js";
import { writeBackMessage, type WriteBackChanges } from "./commit-message.js";
import { logWriteBack, writeBackLogFields } from "./log-write-back.js";
import { WRITE_BACK_TRAILER } from "./own-commit.js";
import { writeViaPullRequest } from "./write-via-pull-request.js";
import { WriteBackConflictError } from "./write-back-errors.js";

export type { TaskPatch } from "../plan/patch-plan.js";

export interface WriteBackInput {
  gateway: Gateway;
  /** The plan file. */
  path: string;
  /** The branch to commit to: the default branch. When it is protected, the change goes through a pull request into it. */
  branch: string;
  /** Wanted state per task ID: `done` ticks/unticks, `issue` writes the link. Omitted fields are left as they are. */
  desired: ReadonlyMap<string, TaskPatch>;
  /** Commit message from the effective changes; the default names the tasks. The trailer is appended when missing. */
  message?: (changes: WriteBackChanges) => string;
  /** Tries against concurrent commits (StaleFileError) before giving up. Default 5. */
  maxAttempts?: number;
  parseOptions?: PatchOptions;
  log?: Log;
  /** Clock for the log line's duration. */
  now?: () => number;
}

export type WriteBackResult =
  | {
      status: "committed";
      branch: string;
      commitSha: string;
      /** The plan as committed: what follows the plan (its tracking issue) is rendered from it without another read. */
      text: string;
      changes: WriteBackChanges;
      missing: string[];
      attempts: number;
    }
  | {
      status: "pull-request";
      branch: string;
      commitSha: string | null;
      pullRequest: PullRequestRecord;
      changes: WriteBackChanges;
      missing: string[];
    }
  /** The plan already says what is wanted: no commit (never an empty one). */
  | { status: "unchanged"; missing: string[] }
  /** Nothing written, and why: the plan is gone, or does not parse cleanly (`diagnostics`: its errors), or a patch would not verify. */
  | { status: "refused"; reason: string; missing: string[]; diagnostics?: Diagnostic[] };

export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * Writes task state and links into a plan with the file's blob SHA as the
 * precondition. When a person commits in between, the plan is re-read and the
 * same wish re-applied to their version, so their edit is kept. A protected
 * branch diverts the same change into a pull request (see writeViaPullRequest).
 * Each write-back ends with one log line (see logWriteBack), also when it throws.
 */
export async function writeBack(input: WriteBackInput): Promise<WriteBackResult> {
  const log = input.log ?? silentLog;
  const now = input.now ?? Date.now;
  const started = now();
  const tally = { attempts: 0 };
  const attempt = () => ({
    repo: input.gateway.repo,
    path: input.path,
    branch: input.branch,
    attempts: tally.attempts,
    durationMs: now() - started,
  });
  let result: WriteBackResult;
  try {
    result = await writeBackOnce(input, log, tally);
  } catch (error) {
    logWriteBack(log, writeBackLogFields(attempt(), { status: "failed", error }));
    throw error;
  }
  logWriteBack(log, writeBackLogFields(attempt(), result));
  return result;
}

async function writeBackOnce(input: WriteBackInput, log: Log, tally: { attempts: number }): Promise<WriteBackResult> {
  const { gateway, path, branch, desired } = input;
  const maxAttempts = input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const message = (changes: WriteBackChanges) => withTrailer((input.message ?? writeBackMessage)(changes));
  const viaPullRequest = () => {
    // The pull request's branch counts its own tries.
    tally.attempts = 0;
    return writeViaPullRequest({
      gateway,
      path,
      base: branch,
      desired,
      message,
      maxAttempts,
      parseOptions: input.parseOptions,
      log,
      tally,
    });
  };

  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    tally.attempts = attempt;
    const file = await gateway.getFile(path, branch);
    if (!file)
      return { status: "refused", reason: `${path} does not exist on ${branch}`, missing: [...desired.keys()] };
    const outcome = await applyToTextBudgeted(file.text, path, desired, input.parseOptions);
    if (outcome.kind === "refused") return refusal(outcome);
    if (outcome.kind === "unchanged") {
      // The default branch may already agree while the plan's pull request still
      // proposes the opposite (a reopen after a pending tick): bring that in line too.
      if (await gateway.findOpenPullRequest(writeBackBranch(path), branch)) return viaPullRequest();
      return { status: "unchanged", missing: outcome.missing };
    }
    try {
      const commitSha = await gateway.putFile({
        path,
        branch,
        text: outcome.text,
        sha: file.sha,
        message: message(outcome.changes),
      });
      return {
        status: "committed",
        branch,
        commitSha,
        text: outcome.text,
        changes: outcome.changes,
        missing: outcome.missing,
        attempts: attempt,
      };
    } catch (error) {
      if (error instanceof StaleFileError) {
        log.info(
          `${path} changed on ${branch} while plan-sync was writing (attempt ${attempt}/${maxAttempts}); re-reading`,
        );
        continue;
      }
      if (error instanceof ProtectedBranchError) {
        log.info(`${branch} is protected; proposing the change to ${path} in a pull request`);
        return viaPullRequest();
      }
      throw error;
    }
  }
  throw new WriteBackConflictError(path, branch, maxAttempts);
}

/** Callers may bring their own wording, but the loop guard (isOwnCommit) relies on the trailer. */
function withTrailer(message: string): string {
  return message.includes(WRITE_BACK_TRAILER) ? message : `${message.trimEnd()}\n\n${WRITE_BACK_TRAILER}`;
}
