/**
 * Largest plan, in UTF-8 bytes, that plan-sync parses. Parsing is synchronous
 * and remark reads 0.2–0.4 MB/s on a 2-core machine (BENCHMARKS.md), and one
 * sync parses a plan two or three times: 500 kB keeps each parse around 1–2.5 s,
 * so a big plan cannot stall the server's answers to GitHub's webhooks (10 s).
 * Real plans are a few tens of kilobytes; a 2,000-task plan is about 410 kB.
 */
export const MAX_PLAN_BYTES = 500_000;
