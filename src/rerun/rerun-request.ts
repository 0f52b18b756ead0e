import { CHECK_RUN_NAME } from "../render/check-run.js";
import { WRITE_BACK_CHECK_RUN_NAME } from "../render/check-run.js";

/** The fields of a `check_run` webhook payload a re-run reads. */
export interface CheckRunPayload {
  check_run: {
    id: number;
    name: string;
    head_sha: string;
    app?: { id?: number } | null;
    pull_requests?: Array<{ number: number; base?: { repo?: { id?: number } } }> | null;
    output?: { title?: string | null; summary?: string | null } | null;
  };
  repository: { id: number };
}

export type RerunRequest =
  | { kind: "ignore"; reason: string }
  /** A `plan-sync` check: on pull requests (the payload's, possibly none for a fork) or on a pushed commit. */
  | { kind: "sync"; headSha: string; pullRequests: number[] }
  /** A `plan-sync/write-back` check: the pull request it pointed people to, when it names one. */
  | { kind: "write-back"; headSha: string; pullRequest: number | null };

/**
 * Which re-runs are ours to do, from the payload alone, so a check run of
 * another app (or one of ours this version does not re-run) costs no
 * request at all. GitHub sends `rerequested` only to the app that created the
 * check run; comparing the app id still guards a misrouted or forged delivery.
 */
export function readRerunRequest(payload: CheckRunPayload, appId: number): RerunRequest {
  const run = payload.check_run;
  if (run.app?.id !== appId)
    return {
      kind: "ignore",
      reason: `check run ${run.id} belongs to app ${run.app?.id ?? "unknown"}, not plan-sync (${appId})`,
    };
  if (run.name === CHECK_RUN_NAME) {
    // The list also names pull requests of other repositories whose head is this commit; only ours can be refreshed here.
    const pullRequests = (run.pull_requests ?? [])
      .filter((pr) => pr.base?.repo?.id === undefined || pr.base.repo.id === payload.repository.id)
      .map((pr) => pr.number);
    return { kind: "sync", headSha: run.head_sha, pullRequests: [...new Set(pullRequests)].sort((a, b) => a - b) };
  }
  if (run.name === WRITE_BACK_CHECK_RUN_NAME) {
    return { kind: "write-back", headSha: run.head_sha, pullRequest: pullRequestNamed(run.output) };
  }
  return { kind: "ignore", reason: `check run "${run.name}" is not one plan-sync re-runs` };
}

/** The write-back check names its pull request as `#N` in the title (and links it in the summary). */
function pullRequestNamed(output: CheckRunPayload["check_run"]["output"]): number | null {
  for (const text of [output?.title, output?.summary]) {
    const match = /#(\d+)\b/.exec(text ?? "");
    if (match?.[1]) return Number(match[1]);
  }
  return null;
}
