import type { PlanSyncConfig } from "../config/config-schema.js";
import type { SyncAction } from "./types.js";

type CloseIssue = Extract<SyncAction, { type: "close-issue" }>;

export const CONFIRM_CLOSE_LINE = "plan-sync: confirm-close";

/**
 * Holds back closes that look like an accident (a table deleted by a bad
 * merge, a typo that broke every ID): more than `maxFraction` of the plan's
 * open issues AND more than `minCount` of them. A person confirms with a line
 * in a commit message; until then nothing is closed.
 */
export function guardMassClose(input: {
  closes: CloseIssue[];
  openCount: number;
  config: Pick<PlanSyncConfig, "massClose">;
  confirmClose: boolean;
  what: string;
}): { closes: CloseIssue[]; blocked: null | { reason: string; issueNumbers: number[] } } {
  const { closes, openCount, confirmClose } = input;
  const { maxFraction, minCount } = input.config.massClose;
  const tooMany = closes.length > minCount && closes.length > maxFraction * openCount;
  if (!tooMany || confirmClose) return { closes, blocked: null };
  return {
    closes: [],
    blocked: {
      issueNumbers: closes.map((c) => c.issueNumber),
      reason:
        `Not closing ${closes.length} of ${openCount} open issues (${input.what}): ` +
        `more than ${Math.round(maxFraction * 100)}% and more than ${minCount} at once looks like a mistake. ` +
        `If it is intended, put the line \`${CONFIRM_CLOSE_LINE}\` in the commit message of this push or a later one, ` +
        "or raise `massClose.maxFraction` / `massClose.minCount` in `.github/plan-sync.yml`.",
    },
  };
}
