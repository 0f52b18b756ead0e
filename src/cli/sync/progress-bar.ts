import type { ApplyProgress } from "../../sync/apply-actions.js";

const WIDTH = 24;
/** Short runs finish before a bar would help; below this many actions none is drawn. */
export const PROGRESS_MIN_ACTIONS = 10;
/** Not on a terminal: a line at least this often while writes go on, so a CI log never goes quiet for minutes. */
export const PROGRESS_LINE_EVERY_MS = 10_000;

export interface ProgressOptions {
  /** stderr is a terminal: redraw one bar in place. Otherwise plain lines. */
  tty: boolean;
  now?: () => number;
}

/**
 * Progress of the writes: on a terminal a one-line bar redrawn with `\r`; in
 * a CI log (no terminal) plain lines, at each tenth of the work and at least
 * every 10 s, since every redraw would be a line of its own there. Pacing
 * waits (GitHub's write limits) are said in words either way: they can last
 * minutes.
 */
export function createProgressBar(write: (s: string) => void, opts: ProgressOptions) {
  const now = opts.now ?? Date.now;
  let drawn = false;
  let lastLineAt = now();
  let lastTenth = 0;
  return {
    update(progress: ApplyProgress): void {
      if (progress.kind === "waiting") {
        const seconds = Math.ceil(progress.wait.waitMs / 1000);
        write(
          `${drawn ? "\n" : ""}plan-sync: pacing writes for GitHub's limits; waiting ${seconds} s (until ${progress.wait.resumeAt.toISOString()})\n`,
        );
        drawn = false;
        lastLineAt = now();
        return;
      }
      if (progress.total < PROGRESS_MIN_ACTIONS) return;
      if (opts.tty) {
        const filled = Math.round((progress.done / progress.total) * WIDTH);
        write(`\r[${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${progress.done}/${progress.total}`);
        drawn = true;
        return;
      }
      const tenth = Math.floor((progress.done * 10) / progress.total);
      if (tenth > lastTenth || now() - lastLineAt >= PROGRESS_LINE_EVERY_MS) {
        write(`plan-sync: ${progress.done}/${progress.total} changes done\n`);
        lastTenth = tenth;
        lastLineAt = now();
      }
    },
    /** Ends the bar's line so what follows starts on a fresh one. */
    finish(): void {
      if (drawn) write("\n");
      drawn = false;
    },
  };
}
