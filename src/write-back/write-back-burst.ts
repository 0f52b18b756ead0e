import { type Log } from "../log/log.js";
import type { Gateway } from "../github/gateway.js";
import { desiredFromIssues, type CountedIssue } from "./desired-from-issues.js";
import { writeBack, type WriteBackResult } from "./write-back.js";

export interface WriteBackBurstInput {
  gateway: Gateway;
  path: string;
  /** The default branch. */
  branch: string;
  /** Issues whose state changed during the burst. */
  issueNumbers: readonly number[];
  /** The app's bot login: only its issues count. */
  identity: string;
  links: boolean;
  log: Log;
  /** `.github/plan-sync.yml` `statusWords`: written into Status cells that speak in words. */
  statusWords?: { done?: string; open?: string };
  /**
   * Where the issues are, when not in the plan's repository (an area routed
   * elsewhere): they are read there, and only those whose marker names the
   * plan's repository (`planRepo`) count.
   */
  issuesFrom?: { gateway: Pick<Gateway, "getIssue">; planRepo: string };
}

/** The write-back's result, and which issues it spoke for (what a failure is to be told on). */
export type WriteBackBurstResult = WriteBackResult & { issues: CountedIssue[] };

/**
 * One burst of issue closes/reopens for one plan → at most one commit. The
 * issues are re-read now, so the commit reflects where they ended up, not the
 * order the events arrived in.
 */
export async function writeBackBurst(input: WriteBackBurstInput): Promise<WriteBackBurstResult> {
  const { gateway, path, log } = input;
  const numbers = [...new Set(input.issueNumbers)].sort((a, b) => a - b);
  const issues = [];
  const reader = input.issuesFrom?.gateway ?? gateway;
  for (const number of numbers) issues.push(await reader.getIssue(number));
  const { desired, counted, ignored } = desiredFromIssues(issues, {
    path,
    identity: input.identity,
    links: input.links,
    planRepo: input.issuesFrom?.planRepo,
  });
  for (const reason of ignored) log.info(`write-back ${path}: ignoring ${reason}`);
  if (desired.size === 0) return { status: "unchanged", missing: [], issues: [] };

  // writeBack logs the outcome: one line per write-back.
  const result = await writeBack({
    gateway,
    path,
    branch: input.branch,
    desired,
    log,
    ...(input.statusWords ? { parseOptions: { statusWords: input.statusWords } } : {}),
  });
  if (result.missing.length > 0)
    log.warn(`write-back ${path}: ${result.missing.join(", ")} no longer in the plan; left alone`);
  return { ...result, issues: counted };
}
