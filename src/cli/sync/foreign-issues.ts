import type { ForeignIssuesError } from "../../sync/foreign-issues.js";
import { SyncFailure } from "./github-failure.js";

/**
 * The command's words for the engine's refusal to duplicate another
 * identity's issues (syncPlans with `foreignIssues: "refuse"`, which
 * runTokenSync asks for): who has them, which tasks, and how to go on.
 */
export function foreignIssuesFailure(error: ForeignIssuesError): SyncFailure {
  const byAuthor = new Map<string, Map<number, string>>();
  for (const f of error.found) {
    const tasks = byAuthor.get(f.author) ?? new Map<number, string>();
    tasks.set(f.number, `${f.taskId} (#${f.number})`);
    byAuthor.set(f.author, tasks);
  }
  const [author, tasks] = [...byAuthor.entries()].sort((a, b) => b[1].size - a[1].size)[0]!;
  const list =
    [...tasks.entries()]
      .sort((a, b) => a[0] - b[0])
      .slice(0, 5)
      .map(([, text]) => text)
      .join(", ") + (tasks.size > 5 ? `, and ${tasks.size - 5} more` : "");
  const identity = error.identity;
  return new SyncFailure(
    "identity",
    `these tasks already have plan-sync issues created by ${author}, not by ${identity}: ${list}. ` +
      `plan-sync only manages issues its own identity created, so syncing as ${identity} would create duplicates; nothing was written. ` +
      `Run with a token that writes as ${author} (for the App's bot: an installation token of the App, with --identity ${author}), ` +
      `or see "Switching between the App and a token" in the README.`,
  );
}
