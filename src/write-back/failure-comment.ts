import type { Diagnostic } from "../plan/types.js";
import type { CountedIssue } from "./desired-from-issues.js";

/**
 * Starts the one comment plan-sync keeps on an issue about its write-back
 * (upsertStickyComment finds it by this and by the app's login). One per
 * issue, whatever the reason: a second failure edits it, never adds another.
 */
export const WRITE_BACK_COMMENT_MARKER = "<!-- plan-sync:write-back v1 -->";

/** Why a close or reopen could not be written into the plan. */
export type WriteBackFailure =
  | { kind: "plan-errors"; diagnostics: readonly Diagnostic[] }
  | { kind: "config"; errors: readonly string[] }
  | { kind: "refused"; reason: string }
  /** Tries exhausted: people kept committing to the plan (`conflicts`), or GitHub kept failing. */
  | { kind: "gave-up"; cause: "conflicts" | "github"; status?: number };

/** How it was finally written. */
export type WriteBackDone =
  | { kind: "committed"; commitSha: string }
  | { kind: "pull-request"; number: number; url: string }
  | { kind: "unchanged" };

export interface WriteBackCommentPlace {
  /** `https://github.com/acme/plans`: links to the plan's lines. */
  repoUrl: string;
  /** The default branch, where the plan is read and written. */
  branch: string;
  path: string;
}

/** At most this many errors are listed; the check run of the plan's push has them all. */
const MAX_ERRORS = 5;

/**
 * The comment on an issue whose close or reopen was not written: which plan,
 * why, and what to do. Nothing in it changes between two failures for the
 * same reason (no time, no try count), so posting it again costs no write.
 */
export function renderFailureComment(
  place: WriteBackCommentPlace,
  issue: CountedIssue,
  failure: WriteBackFailure,
): string {
  const plan = planLink(place);
  const what = issue.done ? `tick \`${issue.task}\`` : `untick \`${issue.task}\``;
  const again = issue.done ? "reopen this issue and close it again" : "close this issue and reopen it again";
  const next = `To write it at once, ${again}; otherwise plan-sync writes it with the plan's next write-back (the next close or reopen of one of its issues).`;
  const lines = [
    WRITE_BACK_COMMENT_MARKER,
    `**plan-sync could not ${what} in ${plan}**, so the plan does not show this issue as ${issue.done ? "done" : "open"} yet.`,
    "",
  ];
  switch (failure.kind) {
    case "plan-errors":
      lines.push(
        `The plan has ${plural(failure.diagnostics.length, "error")}, and plan-sync does not write to a plan that does not parse cleanly:`,
        "",
        ...errorList(place, failure.diagnostics),
        "",
      );
      lines.push(`**Next:** fix the plan and push it. ${next}`);
      break;
    case "config":
      lines.push(
        `\`.github/plan-sync.yml\` is not valid:`,
        "",
        ...failure.errors.slice(0, MAX_ERRORS).map((e) => `- ${e}`),
        "",
      );
      lines.push(`**Next:** fix \`.github/plan-sync.yml\` and push it. ${next}`);
      break;
    case "refused":
      lines.push(`Reason: ${failure.reason}`, "");
      lines.push(`**Next:** ${next}`);
      break;
    case "gave-up":
      lines.push(
        failure.cause === "conflicts"
          ? "The plan kept changing between plan-sync's read and its write (people committing to it), every time plan-sync tried."
          : `GitHub kept answering plan-sync's requests with an error${failure.status ? ` (HTTP ${failure.status})` : ""}, every time plan-sync tried.`,
        "",
      );
      lines.push(`**Next:** nothing to fix in the plan. ${next}`);
      break;
  }
  return `${lines.join("\n")}\n`;
}

/** The same comment once the state did reach the plan: what it said is no longer true. */
export function renderWrittenComment(place: WriteBackCommentPlace, issue: CountedIssue, done: WriteBackDone): string {
  const plan = planLink(place);
  const state = issue.done ? `\`${issue.task}\` is ticked` : `\`${issue.task}\` is unticked`;
  const how =
    done.kind === "committed"
      ? `${state} in ${plan} (commit ${done.commitSha.slice(0, 7)}).`
      : done.kind === "pull-request"
        ? `${state} in ${plan} by pull request [#${done.number}](${done.url}), waiting to be merged (\`${place.branch}\` is protected).`
        : `${plan} already shows it: ${state}.`;
  return `${WRITE_BACK_COMMENT_MARKER}\nplan-sync has written this issue's state since: ${how}\n`;
}

function errorList(place: WriteBackCommentPlace, diagnostics: readonly Diagnostic[]): string[] {
  const listed = diagnostics
    .slice(0, MAX_ERRORS)
    .map((d) => `- [\`${d.path}:${d.line}\`](${blobUrl(place, d.path)}#L${d.line}): ${d.message}`);
  const more = diagnostics.length - listed.length;
  return more > 0 ? [...listed, `- …and ${plural(more, "more error")}`] : listed;
}

function planLink(place: WriteBackCommentPlace): string {
  return `[\`${place.path}\`](${blobUrl(place, place.path)})`;
}

/** The plan on the default branch: what plan-sync reads and writes, and where the fix goes. */
function blobUrl(place: WriteBackCommentPlace, path: string): string {
  return `${place.repoUrl}/blob/${encodeSegments(place.branch)}/${encodeSegments(path)}`;
}

/** `feature/x` stays a path in the URL; spaces and `#` in a name do not break it. */
function encodeSegments(text: string): string {
  return text.split("/").map(encodeURIComponent).join("/");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
