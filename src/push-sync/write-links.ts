import type { ApplyResult } from "../github/apply-actions.js";
import type { Gateway } from "../github/gateway.js";
import type { WritePacer } from "../github/write-pacer.js";
import type { TaskPatch } from "../plan/patch-plan.js";
import type { WriteBackLogger } from "../write-back/logger.js";
import { writeBack, type WriteBackResult } from "../write-back/write-back.js";

export interface LinkWrite {
  path: string;
  result: WriteBackResult;
}

/**
 * The issues a sync created, linked from their task rows: one commit per plan
 * by the write-back engine (blob-SHA precondition, only the link bytes
 * change, a person's concurrent commit is re-read, a protected branch gets a
 * pull request). Its commit carries the write-back trailer, so the push it
 * causes syncs nothing.
 */
export async function writeLinks(input: {
  gateway: Gateway;
  branch: string;
  applied: ApplyResult;
  pacer?: WritePacer;
  log: WriteBackLogger;
}): Promise<LinkWrite[]> {
  const byPath = new Map<string, Map<string, TaskPatch>>();
  for (const issue of input.applied.issues) {
    if (issue.type !== "create-issue") continue;
    const desired = byPath.get(issue.path) ?? new Map<string, TaskPatch>();
    desired.set(issue.taskId, { issue: { number: issue.number, url: issue.url } });
    byPath.set(issue.path, desired);
  }
  const out: LinkWrite[] = [];
  for (const [path, desired] of byPath) {
    await input.pacer?.acquire();
    out.push({ path, result: await writeBack({ gateway: input.gateway, path, branch: input.branch, desired, log: input.log }) });
  }
  return out;
}
