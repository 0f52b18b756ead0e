export type WriteBackOutcome = "committed" | "pull-request" | "unchanged" | "refused" | "failed";

/** What an operator needs to answer "did my close reach the plan, and how". Never a token: only names, numbers and SHAs. */
export interface WriteBackLogFields {
  /** `owner/repo`. */
  repository: string;
  path: string;
  /** Where the change went: the default branch, or the plan's pull-request branch when it is protected. */
  branch: string;
  outcome: WriteBackOutcome;
  ticked: number;
  unticked: number;
  linked: number;
  /** Reads and writes of the plan it took; more than 1 means a person committed to the plan meanwhile. */
  attempts: number;
  durationMs: number;
  commit?: string;
  pullRequest?: number;
  /** Why nothing was written (refused), or what failed. */
  reason?: string;
}
