import type { IssueRecord } from "./gateway.js";
import { titleWithoutScope } from "../render/issue-title.js";

export type Readoption = { kind: "adopt"; issue: IssueRecord } | { kind: "ambiguous"; note: string } | { kind: "none" };

/**
 * An app-authored issue whose marker a person deleted is recognised by its
 * `ID:` title and the plan label, and taken back instead of duplicated. When
 * that evidence points two ways, guessing could hijack another plan's issue,
 * so nothing is done and a person is told.
 */
export function findReadoption(input: {
  taskId: string;
  path: string;
  markerless: IssueRecord[];
  taken: ReadonlySet<number>;
  planLabel: string;
  otherPlansTaskIds: ReadonlySet<string>;
}): Readoption {
  const label = input.planLabel.toLowerCase();
  const candidates = input.markerless.filter(
    (issue) =>
      !input.taken.has(issue.number) &&
      titleWithoutScope(issue.title).startsWith(`${input.taskId}:`) &&
      issue.labels.some((l) => l.toLowerCase() === label),
  );
  const [first] = candidates;
  if (!first) return { kind: "none" };
  const numbers = candidates.map((i) => `#${i.number}`).join(", ");
  if (candidates.length > 1) {
    return {
      kind: "ambiguous",
      note:
        `${input.taskId} in ${input.path}: issues ${numbers} look like its issue but have lost their plan-sync marker; ` +
        "not guessing which one, and not creating another. Close the extra ones, or restore the marker in the right one.",
    };
  }
  if (input.otherPlansTaskIds.has(input.taskId)) {
    return {
      kind: "ambiguous",
      note:
        `${input.taskId} in ${input.path}: issue ${numbers} has lost its plan-sync marker and another plan also has a task ${input.taskId}; ` +
        "not guessing which plan it belongs to, and not creating another. Restore the marker in the issue, or rename one of the IDs.",
    };
  }
  return { kind: "adopt", issue: first };
}
