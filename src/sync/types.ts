/**
 * What a sync wants done, as data. The reconciler produces these; the applier
 * (./apply-actions.ts) carries them out one by one over the Gateway port; a dry run just prints them.
 */

export type SyncAction = (
  | { type: "create-label"; name: string; color: string; description: string }
  | {
      type: "create-issue";
      path: string;
      taskId: string;
      title: string;
      body: string;
      labels: string[];
      /** The task is already ticked in the plan: close the new issue as completed right after creating it. */
      closeAsCompleted?: boolean;
    }
  | {
      type: "update-issue";
      path: string;
      taskId: string;
      issueNumber: number;
      /** Only the fields that differ from the issue as it is. */
      title?: string;
      body?: string;
      labels?: string[];
    }
  | {
      type: "close-issue";
      path: string;
      taskId: string;
      issueNumber: number;
      reason: "completed" | "not_planned";
      /** Posted before closing, e.g. why a removed task's issue is closed. */
      comment?: string;
      /** Written in the same request as the close: the marker's recorded state changes with the state itself. */
      body?: string;
    }
  | {
      type: "reopen-issue";
      path: string;
      taskId: string;
      issueNumber: number;
      comment?: string;
      /** Written in the same request as the reopen (see close-issue). */
      body?: string;
    }
) & {
  /**
   * `owner/name` of the repository the action is for, when it is not the
   * plan's own (an area routed with `areas.<ID>.repo`); absent: the plan's.
   */
  repo?: string;
};

export type SyncActionType = SyncAction["type"];
