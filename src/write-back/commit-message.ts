import { WRITE_BACK_TRAILER } from "./own-commit.js";

/** What a write-back changes in the plan, by task ID, in plan order. */
export interface WriteBackChanges {
  done: string[];
  reopened: string[];
  /** Tasks whose issue link is written or corrected (state unchanged). */
  linked: string[];
}

export function countChanges(changes: WriteBackChanges): number {
  return changes.done.length + changes.reopened.length + changes.linked.length;
}

/** Beyond this many IDs the subject line says how many and the body lists them, so the subject stays readable in `git log --oneline`. */
const MAX_IDS_IN_SUBJECT = 5;

/**
 * `plan-sync: mark DATA1, GAIN2 done`, `plan-sync: reopen DATA3`, or both
 * joined with `; `, then a trailer that identifies the commit as the app's
 * (isOwnCommit reads it back, so the push it causes syncs nothing).
 */
export function writeBackMessage(changes: WriteBackChanges): string {
  const parts: string[] = [];
  const listed: string[] = [];
  const phrase = (ids: string[], one: (list: string) => string, many: (n: number) => string): void => {
    if (ids.length === 0) return;
    if (ids.length <= MAX_IDS_IN_SUBJECT) {
      parts.push(one(ids.join(", ")));
    } else {
      parts.push(many(ids.length));
      listed.push(one(ids.join(", ")));
    }
  };
  phrase(
    changes.done,
    (l) => `mark ${l} done`,
    (n) => `mark ${n} tasks done`,
  );
  phrase(
    changes.reopened,
    (l) => `reopen ${l}`,
    (n) => `reopen ${n} tasks`,
  );
  phrase(
    changes.linked,
    (l) => `link ${l} to ${changes.linked.length === 1 ? "its issue" : "their issues"}`,
    (n) => `link ${n} tasks to their issues`,
  );
  const subject = `plan-sync: ${parts.length > 0 ? parts.join("; ") : "update task state"}`;
  const body = listed.length > 0 ? `\n\n${listed.map((l) => `- ${l}`).join("\n")}` : "";
  return `${subject}${body}\n\n${WRITE_BACK_TRAILER}`;
}
