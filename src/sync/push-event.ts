import { CONFIG_PATH } from "../config/config-path.js";
import { hasConfirmClose } from "./confirm-close.js";

export const ZERO_SHA = "0000000000000000000000000000000000000000";
/** GitHub lists at most this many commits in a push payload; a longer push may touch files the payload does not show. */
const PAYLOAD_COMMIT_CAP = 2048;

/** The parts of a push payload's `head_commit` (or of a commits API entry) that tell who made it. */
export interface CommitIdentityFields {
  message?: string | null;
  author?: PersonFields | null;
  committer?: PersonFields | null;
}

export interface PersonFields {
  name?: string | null;
  email?: string | null;
  username?: string | null;
}

interface PayloadCommit extends CommitIdentityFields {
  id?: string;
  /** ISO commit date: when a box changed in this push, weighed against an issue's close (three-way). */
  timestamp?: string | null;
  added?: string[] | null;
  removed?: string[] | null;
  modified?: string[] | null;
}

/** The fields of a `push` webhook payload plan-sync reads. */
export interface PushPayload {
  ref: string;
  before: string;
  after: string;
  deleted?: boolean;
  repository: { default_branch?: string; master_branch?: string };
  head_commit?: PayloadCommit | null;
  commits?: PayloadCommit[] | null;
}

export interface PushToSync {
  /**
   * The check run a run of this push's job opened, and on which attempt (the
   * job's `attempts`): a run resumed after a crash completes it. A retry is a
   * new attempt and reports in a new run, as the failed one says.
   */
  checkRun?: { id: number; attempt: number };
  branch: string;
  /** ZERO_SHA when the push created the branch. */
  before: string;
  after: string;
  headCommit: PayloadCommit | null;
  /** The push changed `.github/plan-sync.yml`: read it again. */
  touchesConfig: boolean;
  /**
   * A commit of the push (not only its head) has the `plan-sync: confirm-close` line.
   * Absent (a push built by hand, not read from a payload): the head commit's message decides.
   */
  confirmClose?: boolean;
}

export type PushDecision = { kind: "ignore"; reason: string } | { kind: "sync"; push: PushToSync };

/**
 * Which pushes plan-sync looks at: the default branch only (plans on other
 * branches are previewed on their pull request), never a tag or a branch
 * deletion, and only when the push touches a Markdown file or the config, as
 * far as the payload tells. Pure, so the handler decides in microseconds.
 */
export function readPushEvent(payload: PushPayload): PushDecision {
  if (!payload.ref.startsWith("refs/heads/")) return { kind: "ignore", reason: `${payload.ref} is not a branch` };
  const branch = payload.ref.slice("refs/heads/".length);
  const defaultBranch = payload.repository.default_branch ?? payload.repository.master_branch;
  if (branch !== defaultBranch)
    return { kind: "ignore", reason: `${branch} is not the default branch (${defaultBranch ?? "unknown"})` };
  if (payload.deleted || /^0+$/.test(payload.after)) return { kind: "ignore", reason: `${branch} was deleted` };

  const commits = payload.commits ?? [];
  const files = commits.flatMap((c) => [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])]);
  const created = /^0+$/.test(payload.before);
  const complete = commits.length > 0 && commits.length < PAYLOAD_COMMIT_CAP;
  const touchesConfig = !complete || files.includes(CONFIG_PATH);
  // `plan-sync: confirm-close` may come in a commit that touches no plan at all, and in any commit of the push:
  // people write it in the commit that removes the tasks, then push it with the commits after it.
  const confirms = pushConfirmsClose(payload);
  if (complete && !touchesConfig && !confirms && !files.some(isMarkdown)) {
    return { kind: "ignore", reason: "the push touches no Markdown file and not the config" };
  }
  if (commits.length === 0 && !created && !confirms) {
    // A force-push back to an older commit: comparing before...after against their merge base shows no change to sync.
    return { kind: "ignore", reason: "the push adds no commits" };
  }
  return {
    kind: "sync",
    push: {
      branch,
      before: created ? ZERO_SHA : payload.before,
      after: payload.after,
      headCommit: payload.head_commit ?? null,
      touchesConfig,
      confirmClose: confirms,
    },
  };
}

function pushConfirmsClose(payload: Pick<PushPayload, "head_commit" | "commits">): boolean {
  return [payload.head_commit, ...(payload.commits ?? [])].some((c) => hasConfirmClose(c?.message));
}

export function isMarkdown(path: string): boolean {
  // The same test the pull request preview uses, so a preview and the sync after the merge agree.
  return /\.md$/i.test(path);
}
