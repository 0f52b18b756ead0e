import { performance } from "node:perf_hooks";

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Times several subjects on the same input, interleaved run by run, so drift on
 * a shared machine (other processes, thermal) hits them alike. Warm-up runs let
 * the JIT settle first. Returns each subject's run times in milliseconds.
 */
export function timeInterleaved(subjects, { warmup = 3, runs = 11 } = {}) {
  const names = Object.keys(subjects);
  for (let i = 0; i < warmup; i++) for (const n of names) subjects[n]();
  const times = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < runs; i++) {
    // Alternate the order too: whoever runs second may inherit the first's garbage.
    const order = i % 2 ? [...names].reverse() : names;
    for (const n of order) {
      const t0 = performance.now();
      subjects[n]();
      times[n].push(performance.now() - t0);
    }
  }
  return times;
}
