import picomatch from "picomatch";
import type { PlanSyncConfig } from "./config-schema.js";

const cache = new WeakMap<PlanSyncConfig, (path: string) => boolean>();

/**
 * Whether a repository path is one plan-sync should read as a plan. Matching
 * the globs is necessary, not sufficient: a Markdown file is a plan only if it
 * also holds a task table, which only the parser can tell.
 */
export function matchesPlanPaths(path: string, config: Pick<PlanSyncConfig, "paths" | "ignore">): boolean {
  let matcher = cache.get(config as PlanSyncConfig);
  if (!matcher) {
    const include = picomatch(config.paths);
    const exclude = config.ignore.length > 0 ? picomatch(config.ignore) : () => false;
    matcher = (p) => include(p) && !exclude(p);
    cache.set(config as PlanSyncConfig, matcher);
  }
  return matcher(path.replace(/^\.?\//, ""));
}
