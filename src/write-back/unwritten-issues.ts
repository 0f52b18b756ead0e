import type { Json } from "../queue/job-queue.js";
import type { CountedIssue } from "./desired-from-issues.js";

/** Where the memory lives: the App's job store (JobQueue's notes), so it outlives a restart and is shared by replicas. */
export interface NoteStore {
  readNote(key: string): Promise<Json | null>;
  writeNote(key: string, value: Json | null): Promise<void>;
}

/**
 * Per plan, the issues whose close or reopen could not be written (a plan
 * with errors, an invalid config, GitHub failing), so the next write-back of
 * that plan carries them too: once someone fixes the plan, the next close of
 * any of its issues also writes these, without anyone closing them again.
 * Safe because a write-back re-reads every issue it writes: what lands is the
 * issue's state then, not the failed event's. Kept as a note in the job store
 * (bounded there), so a restart or another replica still knows them. Every
 * write-back of a plan runs on its repository's turn of the queue, so two
 * never read and write the same plan's note at once.
 */
export class UnwrittenIssues {
  constructor(private readonly store: NoteStore) {}

  async remember(plan: string, issues: readonly CountedIssue[]): Promise<void> {
    if (issues.length === 0) return;
    const known = await this.read(plan);
    for (const issue of issues) known.set(issue.number, issue);
    await this.write(plan, known);
  }

  async of(plan: string): Promise<CountedIssue[]> {
    return [...(await this.read(plan)).values()];
  }

  /** Forgets these issues of the plan (their state was written, or they no longer belong to it); returns the ones it knew. */
  async forget(plan: string, numbers: Iterable<number>): Promise<CountedIssue[]> {
    const known = await this.read(plan);
    const forgotten: CountedIssue[] = [];
    for (const number of numbers) {
      const issue = known.get(number);
      if (issue) forgotten.push(issue);
      known.delete(number);
    }
    if (forgotten.length > 0) await this.write(plan, known);
    return forgotten;
  }

  private async read(plan: string): Promise<Map<number, CountedIssue>> {
    const note = await this.store.readNote(noteKey(plan));
    const list = Array.isArray(note) ? (note as unknown as CountedIssue[]) : [];
    return new Map(list.map((i) => [i.number, { number: i.number, task: i.task, done: i.done }]));
  }

  private write(plan: string, issues: Map<number, CountedIssue>): Promise<void> {
    const list = [...issues.values()].sort((a, b) => a.number - b.number);
    return this.store.writeNote(noteKey(plan), list.length === 0 ? null : (list as unknown as Json));
  }
}

function noteKey(plan: string): string {
  return `write-back:unwritten:${plan}`;
}
