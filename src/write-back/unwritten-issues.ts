import type { CountedIssue } from "./desired-from-issues.js";

/**
 * Per plan, the issues whose close or reopen could not be written (a plan
 * with errors, an invalid config, GitHub failing), so the next write-back of
 * that plan carries them too: once someone fixes the plan, the next close of
 * any of its issues also writes these, without anyone closing them again.
 * Safe because a write-back re-reads every issue it writes: what lands is the
 * issue's state then, not the failed event's. In memory only (a restart
 * forgets, which the failure comment says), and bounded.
 */
export class UnwrittenIssues {
  private readonly byPlan = new Map<string, Map<number, CountedIssue>>();

  constructor(private readonly maxPlans = 1000) {}

  remember(plan: string, issues: readonly CountedIssue[]): void {
    if (issues.length === 0) return;
    const known = this.byPlan.get(plan) ?? new Map<number, CountedIssue>();
    for (const issue of issues) known.set(issue.number, issue);
    // Re-inserted, so the plans dropped first are those that failed longest ago.
    this.byPlan.delete(plan);
    this.byPlan.set(plan, known);
    while (this.byPlan.size > this.maxPlans) this.byPlan.delete(this.byPlan.keys().next().value as string);
  }

  of(plan: string): CountedIssue[] {
    return [...(this.byPlan.get(plan)?.values() ?? [])];
  }

  /** Forgets these issues of the plan (their state was written, or they no longer belong to it); returns the ones it knew. */
  forget(plan: string, numbers: Iterable<number>): CountedIssue[] {
    const known = this.byPlan.get(plan);
    if (!known) return [];
    const forgotten: CountedIssue[] = [];
    for (const number of numbers) {
      const issue = known.get(number);
      if (issue) forgotten.push(issue);
      known.delete(number);
    }
    if (known.size === 0) this.byPlan.delete(plan);
    return forgotten;
  }
}
