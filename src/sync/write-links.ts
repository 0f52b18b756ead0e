import type { Log } from "../log/log.js";
import type { ApplyResult } from "./apply-actions.js";
import type { Gateway } from "./gateway.js";
import type { Pacer } from "./pacer.js";
import type { TaskPatch } from "../plan/patch-plan.js";
import type { PlanHeal } from "./reconcile-result.js";

/** What writing one plan came to; the write-back feature's WriteBackResult is one. */
export type PlanWriteResult =
  | { status: "committed" | "pull-request"; missing: string[]; changes: { linked: string[] } }
  | { status: "unchanged"; missing: string[] }
  | { status: "refused"; reason: string; missing: string[] };

/**
 * Writes task patches into one plan: the write-back feature's `writeBack`
 * (src/write-back/write-back.ts), handed to the engine by the composition
 * root, so the engine never imports a feature.
 */
export type PlanWriter = (input: {
  gateway: Gateway;
  path: string;
  branch: string;
  desired: ReadonlyMap<string, TaskPatch>;
  log: Log;
}) => Promise<PlanWriteResult>;

export interface LinkWrite {
  path: string;
  result: PlanWriteResult;
  /** Tasks ticked or unticked to follow their issue, whose state was then recorded in the issue's marker. */
  healed?: string[];
}

/**
 * What a sync writes into its plans, one commit per plan by the write-back
 * engine (blob-SHA precondition, only the checkbox and link bytes change, a
 * person's concurrent commit is re-read, a protected branch gets a pull
 * request): the links of the issues it created, and the ticks of tasks whose
 * issue was closed or reopened since the last sync (`heal`). Its commit
 * carries the write-back trailer, so the push it causes syncs nothing.
 *
 * A healed task's state is recorded in its issue's marker only once the plan
 * says it (committed, or already so): were it recorded before, a plan commit
 * that never happened (a pull request pending on a protected branch) would
 * read as the plan having changed since, and the issue would be reverted.
 */
export async function writeLinks(input: {
  gateway: Gateway;
  branch: string;
  applied: ApplyResult | null;
  /** Per plan path, the tasks to follow their issue. */
  heal?: ReadonlyMap<string, readonly PlanHeal[]>;
  /** Write the created issues' links. Default true. */
  links?: boolean;
  pacer?: Pacer;
  /** Absent: the caller writes its plans itself, and asking for a write here is a programming error. */
  writePlan?: PlanWriter;
  log: Log;
}): Promise<LinkWrite[]> {
  const byPath = new Map<string, Map<string, TaskPatch>>();
  const wish = (path: string) => {
    const desired = byPath.get(path) ?? new Map<string, TaskPatch>();
    byPath.set(path, desired);
    return desired;
  };
  if (input.links !== false) {
    for (const issue of input.applied?.issues ?? []) {
      if (issue.type !== "create-issue") continue;
      wish(issue.path).set(issue.taskId, { issue: { number: issue.number, url: issue.url } });
    }
  }
  for (const [path, heals] of input.heal ?? []) {
    for (const h of heals) wish(path).set(h.taskId, { ...wish(path).get(h.taskId), done: h.done });
  }
  const out: LinkWrite[] = [];
  if (byPath.size === 0) return out;
  const writePlan = input.writePlan;
  if (!writePlan) throw new Error("writeLinks: links or ticks to write, but no writePlan was given");
  for (const [path, desired] of byPath) {
    await input.pacer?.acquire();
    const result = await writePlan({ gateway: input.gateway, path, branch: input.branch, desired, log: input.log });
    const write: LinkWrite = { path, result };
    const heals = input.heal?.get(path) ?? [];
    if (heals.length > 0 && (result.status === "committed" || result.status === "unchanged")) {
      write.healed = [];
      for (const h of heals) {
        // A routed issue's state is recorded by the next sync instead (plan and issue then agree), through its own repository.
        if (result.missing.includes(h.taskId) || h.repo !== undefined) continue;
        await input.pacer?.acquire();
        await input.gateway.updateIssue(h.issueNumber, { body: h.recordedBody });
        write.healed.push(h.taskId);
      }
    }
    out.push(write);
  }
  return out;
}
