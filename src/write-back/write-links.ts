import { type Log } from "../log/log.js";
import type { Gateway } from "../github/gateway.js";
import type { TaskPatch } from "../plan/patch-plan.js";
import { writeBack, type WriteBackResult } from "./write-back.js";

export interface WriteLinksInput {
  gateway: Gateway;
  path: string;
  /** The default branch. */
  branch: string;
  /** Issue per task ID, e.g. the issues a push sync just created. */
  links: ReadonlyMap<string, { number: number; url: string }>;
  log?: Log;
}

/**
 * For push sync, after it created issues: every link in one commit
 * (`plan-sync: link DATA1, DATA2 to their issues`), with the same guarantees
 * as any write-back (SHA precondition, re-apply on conflict, protected branch
 * → pull request, no commit when every link is already there). Task state is
 * left as the plan says.
 */
export function writeLinks(input: WriteLinksInput): Promise<WriteBackResult> {
  const desired = new Map<string, TaskPatch>();
  for (const [id, issue] of input.links) desired.set(id, { issue });
  return writeBack({ gateway: input.gateway, path: input.path, branch: input.branch, desired, log: input.log });
}
