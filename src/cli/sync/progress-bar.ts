import type { ApplyProgress } from "../../github/apply-actions.js";

const WIDTH = 24;
/** Short runs finish before a bar would help; below this many actions none is drawn. */
export const PROGRESS_MIN_ACTIONS = 10;

/**
 * A one-line bar redrawn in place with `\r`, on a terminal only: in a CI log
 * every redraw would be a line of its own. Pacing waits (GitHub's write
 * limits) are said in words, since they can last minutes.
 */
export function createProgressBar(write: (s: string) => void, opts: { enabled: boolean }) {
  let drawn = false;
  return {
    update(progress: ApplyProgress): void {
      if (progress.kind === "waiting") {
        const seconds = Math.ceil(progress.wait.waitMs / 1000);
        write(
          `${drawn ? "\n" : ""}plan-sync: pacing writes for GitHub's limits; waiting ${seconds} s (until ${progress.wait.resumeAt.toISOString()})\n`,
        );
        drawn = false;
        return;
      }
      if (!opts.enabled || progress.total < PROGRESS_MIN_ACTIONS) return;
      const filled = Math.round((progress.done / progress.total) * WIDTH);
      write(`\r[${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${progress.done}/${progress.total}`);
      drawn = true;
    },
    /** Ends the bar's line so what follows starts on a fresh one. */
    finish(): void {
      if (drawn) write("\n");
      drawn = false;
    },
  };
}
