/**
 * Largest plan, in UTF-8 bytes, that plan-sync parses. remark reads about
 * 0.4 MB/s on the target machine, so 1 MB keeps a parse near 2.5 s — well
 * inside a webhook's budget — while real plans are a few tens of kilobytes.
 */
export const MAX_PLAN_BYTES = 1_000_000;
