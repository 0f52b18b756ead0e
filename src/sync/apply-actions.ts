import { withDone } from "../render/marker.js";
import type { SyncAction, SyncActionType } from "./types.js";
import type { Gateway, IssueRecord } from "./gateway.js";
import { isAlreadyExists } from "./gateway-errors.js";
import type { Pacer, PacerWait } from "./pacer.js";

/**
 * Carries out a sync's actions one by one. Strictly serial: GitHub asks
 * integrators not to write concurrently, and a failure must leave a clear
 * "done up to here" for the check run. Every action is safe to repeat on the
 * next push because the reconciler re-derives what is still missing.
 */

export interface IssueOutcome {
  type: Exclude<SyncActionType, "create-label">;
  path: string;
  taskId: string;
  number: number;
  url: string;
  /** GitHub's id of the issue, for the sub-issues API. */
  id?: number;
  /** `owner/name` when the issue is in another repository than the plan's (a routed area). */
  repo?: string;
}

export interface ApplyResult {
  /** Actions finished, in order. */
  done: number;
  total: number;
  /** Finished actions by type. */
  counts: Record<SyncActionType, number>;
  /** Every issue touched, with its link, in order; created ones carry the number write-back needs. */
  issues: IssueOutcome[];
  /** Labels that were already there (not an error). */
  labelsAlreadyPresent: string[];
}

export type ApplyProgress =
  | { kind: "action"; done: number; total: number; action: SyncAction }
  | { kind: "waiting"; done: number; total: number; wait: PacerWait };

export interface ApplyOptions {
  /** Paces every write; share one per installation. Omit only in tests and dry paths. */
  pacer?: Pacer;
  /** After each action, and before a long pacing wait (e.g. the hourly budget ran out). Awaited. */
  onProgress?: (progress: ApplyProgress) => void | Promise<void>;
  /** The gateway of another repository, for actions routed there (`action.repo`). */
  gatewayFor?: (repo: string) => Gateway;
}

/** A run stopped at `failed`; `result` says what was done before it. */
export class ApplyActionsError extends Error {
  constructor(
    readonly result: ApplyResult,
    readonly failed: SyncAction,
    override readonly cause: unknown,
  ) {
    super(
      `${describeAction(failed)} failed after ${result.done} of ${result.total} actions: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = "ApplyActionsError";
  }
}

export function createdIssueNumber(result: ApplyResult, path: string, taskId: string): number | undefined {
  return result.issues.find((i) => i.type === "create-issue" && i.path === path && i.taskId === taskId)?.number;
}

export function describeAction(action: SyncAction): string {
  const where = action.repo ? ` in ${action.repo}` : "";
  switch (action.type) {
    case "create-label":
      return `create label "${action.name}"${where}`;
    case "create-issue":
      return `create issue for ${action.taskId} (${action.path})${where}`;
    default:
      return `${action.type.replace("-issue", "")} issue ${action.repo ?? ""}#${action.issueNumber} for ${action.taskId} (${action.path})`;
  }
}

export async function applyActions(
  home: Gateway,
  actions: SyncAction[],
  opts: ApplyOptions = {},
): Promise<ApplyResult> {
  const routedGateway = (repo: string): Gateway => {
    if (!opts.gatewayFor) throw new Error(`no gateway for ${repo}: routed actions need ApplyOptions.gatewayFor`);
    return opts.gatewayFor(repo);
  };
  const result: ApplyResult = {
    done: 0,
    total: actions.length,
    counts: { "create-label": 0, "create-issue": 0, "update-issue": 0, "close-issue": 0, "reopen-issue": 0 },
    issues: [],
    labelsAlreadyPresent: [],
  };

  // Progress is for people watching (a check run); failing to report it must not stop or fail the writes.
  const report = async (progress: ApplyProgress) => {
    try {
      await opts.onProgress?.(progress);
    } catch {
      // Deliberately ignored; see above.
    }
  };
  const paced = async <T>(write: () => Promise<T>): Promise<T> => {
    if (opts.pacer) {
      await opts.pacer.acquire({
        onLongWait: (wait) => report({ kind: "waiting", done: result.done, total: result.total, wait }),
      });
    }
    return write();
  };
  const record = (action: Exclude<SyncAction, { type: "create-label" }>, issue: IssueRecord) =>
    result.issues.push({
      type: action.type,
      path: action.path,
      taskId: action.taskId,
      number: issue.number,
      url: issue.htmlUrl,
      ...(issue.id !== undefined ? { id: issue.id } : {}),
      ...(action.repo ? { repo: action.repo } : {}),
    });

  for (const action of actions) {
    try {
      const gateway = action.repo ? routedGateway(action.repo) : home;
      switch (action.type) {
        case "create-label":
          try {
            await paced(() =>
              gateway.createLabel({ name: action.name, color: action.color, description: action.description }),
            );
          } catch (error) {
            if (!isAlreadyExists(error)) throw error;
            result.labelsAlreadyPresent.push(action.name);
          }
          break;
        case "create-issue": {
          const issue = await paced(() =>
            gateway.createIssue({ title: action.title, body: action.body, labels: action.labels }),
          );
          // Recorded before closing: if the close fails, write-back still needs this number.
          record(action, issue);
          if (action.closeAsCompleted) {
            // The marker records the state with the close itself (see src/sync/three-way.ts).
            const body = withDone(action.body, true);
            await paced(() =>
              gateway.updateIssue(issue.number, {
                state: "closed",
                stateReason: "completed",
                ...(body !== action.body ? { body } : {}),
              }),
            );
          }
          break;
        }
        case "update-issue": {
          const changes = {
            ...(action.title !== undefined ? { title: action.title } : {}),
            ...(action.body !== undefined ? { body: action.body } : {}),
            ...(action.labels !== undefined ? { labels: action.labels } : {}),
          };
          // An update with nothing in it would still cost a write and a notification.
          if (Object.keys(changes).length === 0) break;
          record(action, await paced(() => gateway.updateIssue(action.issueNumber, changes)));
          break;
        }
        case "close-issue": {
          const comment = action.comment;
          // Comment first, so whoever is notified of the close sees why.
          if (comment !== undefined) await paced(() => gateway.createComment(action.issueNumber, comment));
          record(
            action,
            await paced(() =>
              gateway.updateIssue(action.issueNumber, {
                state: "closed",
                stateReason: action.reason,
                ...(action.body !== undefined ? { body: action.body } : {}),
              }),
            ),
          );
          break;
        }
        case "reopen-issue": {
          const comment = action.comment;
          if (comment !== undefined) await paced(() => gateway.createComment(action.issueNumber, comment));
          record(
            action,
            await paced(() =>
              gateway.updateIssue(action.issueNumber, {
                state: "open",
                stateReason: "reopened",
                ...(action.body !== undefined ? { body: action.body } : {}),
              }),
            ),
          );
          break;
        }
      }
    } catch (error) {
      throw new ApplyActionsError(snapshot(result), action, error);
    }
    result.done++;
    result.counts[action.type]++;
    await report({ kind: "action", done: result.done, total: result.total, action });
  }
  return result;
}

function snapshot(result: ApplyResult): ApplyResult {
  return {
    ...result,
    counts: { ...result.counts },
    issues: [...result.issues],
    labelsAlreadyPresent: [...result.labelsAlreadyPresent],
  };
}
