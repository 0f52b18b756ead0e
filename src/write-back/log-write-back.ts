import { type Log } from "../log/log.js";
import type { RepoRef } from "../github/gateway.js";
import type { WriteBackLogFields } from "./logger.js";
import type { WriteBackResult } from "./write-back.js";

interface Attempt {
  repo: RepoRef;
  path: string;
  branch: string;
  attempts: number;
  durationMs: number;
}

/** The fields of one finished write-back (or one that threw). */
export function writeBackLogFields(
  attempt: Attempt,
  outcome: WriteBackResult | { status: "failed"; error: unknown },
): WriteBackLogFields {
  const fields: WriteBackLogFields = {
    repository: `${attempt.repo.owner}/${attempt.repo.repo}`,
    path: attempt.path,
    branch: attempt.branch,
    outcome: outcome.status,
    ticked: 0,
    unticked: 0,
    linked: 0,
    attempts: attempt.attempts,
    durationMs: attempt.durationMs,
  };
  switch (outcome.status) {
    case "committed":
    case "pull-request":
      fields.ticked = outcome.changes.done.length;
      fields.unticked = outcome.changes.reopened.length;
      fields.linked = outcome.changes.linked.length;
      fields.branch = outcome.branch;
      if (outcome.commitSha) fields.commit = outcome.commitSha;
      if (outcome.status === "pull-request") fields.pullRequest = outcome.pullRequest.number;
      break;
    case "refused":
      fields.reason = outcome.reason;
      break;
    case "failed":
      // The message only: an error object may carry the request, and with it the Authorization header.
      fields.reason = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      break;
    case "unchanged":
      break;
  }
  return fields;
}

/**
 * One line per write-back, with its fields for the operator's log. A refusal
 * is a warning (nothing else says it); a failure is thrown to the caller,
 * which reports it, so its line here is informational.
 */
export function logWriteBack(log: Log, fields: WriteBackLogFields): void {
  const message = describe(fields);
  if (fields.outcome === "refused") log.warn(fields, message);
  else log.info(fields, message);
}

function describe(f: WriteBackLogFields): string {
  const where = `write-back ${f.repository} ${f.path}`;
  const counts = `${f.ticked} ticked, ${f.unticked} unticked, ${f.linked} linked; ${f.attempts} attempt${f.attempts === 1 ? "" : "s"}, ${f.durationMs} ms`;
  switch (f.outcome) {
    case "committed":
      return `${where}: committed ${f.commit?.slice(0, 7) ?? ""} to ${f.branch} (${counts})`;
    case "pull-request":
      return `${where}: proposed in pull request #${f.pullRequest ?? "?"} (${counts})`;
    case "unchanged":
      return `${where}: the plan already matches; nothing written (${counts})`;
    case "refused":
      return `${where}: nothing written: ${f.reason ?? "refused"} (${counts})`;
    case "failed":
      return `${where}: failed: ${f.reason ?? "unknown error"} (${counts})`;
  }
}
