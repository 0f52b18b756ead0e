import type { Context } from "probot";
import type { AppRuntime } from "../app/app-runtime.js";
import { parseMarker } from "../render/marker.js";
import { isSameLogin } from "../sync/managed-issues.js";
import type { ReconciledMemory } from "../sync/reconciled-memory.js";

export type IssueGoneContext = Context<"issues.deleted" | "issues.transferred">;

export interface IssueGoneHandlerOptions {
  /** The App's runtime (createApp builds it): the App's identity. */
  runtime: AppRuntime;
  /** The push syncs' memory of reconciled plans and listed issues (createApp builds it, one per process). */
  memory: ReconciledMemory;
}

export type IssueGoneHandler = (context: IssueGoneContext) => Promise<void>;

/**
 * issues.deleted / issues.transferred → the push syncs forget what they
 * remember of the issue's repository and plan, so the next push lists every
 * issue and sees the task without its issue (a remembered listing, read with
 * `since`, would still hold it). No job and no request: memory only.
 */
export function createIssueGoneHandler(options: IssueGoneHandlerOptions): IssueGoneHandler {
  const { runtime, memory } = options;
  return async (context: IssueGoneContext): Promise<void> => {
    const { issue } = context.payload;
    const identity = await runtime.identity(context);
    // Only the App's own issues are in its listings.
    if (!isSameLogin(issue.user?.login, identity)) return;
    const marker = parseMarker(issue.body ?? "");
    const issueRepo = context.repo();
    const [owner = "", repo = ""] = marker?.repo?.split("/") ?? [issueRepo.owner, issueRepo.repo];
    memory.issueGone({
      serverUrl: new URL(context.payload.repository.html_url).origin,
      issueRepo,
      identity,
      plan: marker ? { repo: { owner, repo }, path: marker.path } : null,
    });
    context.log.info(
      `#${issue.number} was ${context.payload.action}: the next push lists every plan-sync issue of ${issueRepo.owner}/${issueRepo.repo}`,
    );
  };
}
