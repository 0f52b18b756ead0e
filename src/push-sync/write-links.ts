import type { ApplyResult } from "../github/apply-actions.js";
import type { Gateway } from "../github/gateway.js";
import type { WritePacer } from "../github/write-pacer.js";
import type { WriteBackLogger } from "../write-back/logger.js";
import type { WriteBackResult } from "../write-back/write-back.js";
import { writeLinks as writeLinksInto } from "../write-back/write-links.js";

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
  const byPath = new Map<string, Map<string, { number: number; url: string }>>();
  for (const issue of input.applied.issues) {
    if (issue.type !== "create-issue") continue;
    const links = byPath.get(issue.path) ?? new Map<string, { number: number; url: string }>();
    links.set(issue.taskId, { number: issue.number, url: issue.url });
    byPath.set(issue.path, links);
  }
  const out: LinkWrite[] = [];
  for (const [path, links] of byPath) {
    await input.pacer?.acquire();
    out.push({
      path,
      result: await writeLinksInto({ gateway: input.gateway, path, branch: input.branch, links, log: input.log }),
    });
  }
  return out;
}
