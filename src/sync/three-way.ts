/**
 * Which side of a task is right when the plan's checkbox and the issue's
 * state disagree, decided three-way against the state both last agreed on
 * (the `done` of the issue's marker): the side that moved since then wins.
 * A tick and a close need not both arrive by webhook: a close whose webhook
 * never came is seen here, at the plan's next sync, because the issue is
 * read as it is on GitHub.
 */

export interface ThreeWayInput {
  /** The plan's checkbox now (at the pushed commit). */
  planDone: boolean;
  /** The checkbox at the push's `before`; null when unknown (new plan or task, or a `before` with errors). */
  previousPlanDone: boolean | null;
  /** The marker's `done`: the state at the last sync; null for markers written before it was recorded. */
  lastSynced: boolean | null;
  /** The issue as read from GitHub: closed as completed. */
  issueDone: boolean;
  /** When the issue last changed state (its `closed_at` when closed, else `updated_at`), ms; null when unknown. */
  issueChangedAt: number | null;
  /** When the plan's change was committed (the pushed commit's date), ms; null when unknown. */
  planChangedAt: number | null;
}

export type ThreeWayDecision =
  /** Plan and issue say the same. `done` is what to record as the last synced state. */
  | { kind: "agree"; done: boolean }
  /** The plan's checkbox wins: close (done) or reopen the issue. */
  | { kind: "plan"; done: boolean; conflict: boolean }
  /** The issue's state wins: tick (done) or untick the plan in a write-back commit. */
  | { kind: "issue"; done: boolean; conflict: boolean }
  /** They disagree and nothing says which moved: leave both as people set them. */
  | { kind: "unknown" };

/**
 * - neither moved since the last sync, or both moved the same way: agree;
 * - only the plan moved: the plan wins (the issue is closed or reopened);
 * - only the issue moved: the issue wins (the plan is ticked or unticked);
 * - both moved, apart: the more recent change wins (a tie goes to the plan,
 *   the push being the newest thing plan-sync heard of).
 *
 * Without a recorded state (markers older than it), the plan at `before`
 * stands in: before this push plan and issue agreed, as every sync and
 * write-back leaves them. Without either, only a ticked box says something
 * (a task new to the plan that is ticked counts as just ticked).
 */
export function decideThreeWay(input: ThreeWayInput): ThreeWayDecision {
  const { planDone, issueDone, previousPlanDone } = input;
  if (planDone === issueDone) return { kind: "agree", done: planDone };
  const base = input.lastSynced ?? previousPlanDone;
  if (base === null) return planDone ? { kind: "plan", done: true, conflict: false } : { kind: "unknown" };

  // The box may have moved away from the base and back in this push (a tick the App wrote, unticked by a person).
  const planMoved = planDone !== base || (previousPlanDone !== null && previousPlanDone !== planDone);
  const issueMoved = issueDone !== base;
  if (planMoved && issueMoved) {
    const issueIsNewer =
      input.issueChangedAt !== null && input.planChangedAt !== null && input.issueChangedAt > input.planChangedAt;
    return issueIsNewer
      ? { kind: "issue", done: issueDone, conflict: true }
      : { kind: "plan", done: planDone, conflict: true };
  }
  return planMoved
    ? { kind: "plan", done: planDone, conflict: false }
    : { kind: "issue", done: issueDone, conflict: false };
}

/** When the issue's state last changed, as far as GitHub's fields tell: closed_at when closed, updated_at (an upper bound) when open. */
export function issueStateChangedAt(issue: {
  state: "open" | "closed";
  closedAt?: string | null;
  updatedAt?: string | null;
}): number | null {
  const iso = issue.state === "closed" ? (issue.closedAt ?? issue.updatedAt) : issue.updatedAt;
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** Only a close as completed counts as done, as the write-back reads it: closed as not planned (or a duplicate) is not. */
export function isIssueDone(issue: { state: "open" | "closed"; stateReason: string | null }): boolean {
  return issue.state === "closed" && issue.stateReason === "completed";
}
