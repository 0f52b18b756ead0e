import { LRUCache } from "lru-cache";
import { parseConfig, type ParseConfigResult } from "../config/parse-config.js";
import { CONFIG_FILE } from "../config/config-path.js";
import { describeConfigFileError } from "./config-file-error.js";

export interface ConfigContext {
  config(fileName: string): Promise<unknown>;
  /** The repository read for; lets an error in an `_extends`ed file name that file. */
  repo?(): { owner: string; repo: string };
}

export interface ConfigCacheOptions {
  /** How long a read config is trusted when no push says it changed (an org-wide `.github` repository can change it unseen). Default 5 min. */
  ttlMs?: number;
  now?: () => number;
  maxEntries?: number;
}

/**
 * `.github/plan-sync.yml` through Probot's `context.config` (which also
 * follows `_extends` and the organisation's `.github` repository), validated
 * by parseConfig. Results are kept per repository: reading the config costs
 * one or two requests, and a push that only edits a plan should not pay them
 * every time. A push that touches the config file asks for a fresh read.
 */
export class ConfigCache {
  // The age is checked here rather than with lru-cache's own ttl, so tests can pass their own clock.
  private readonly entries: LRUCache<string, { at: number; result: ParseConfigResult }>;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(opts: ConfigCacheOptions = {}) {
    this.ttlMs = opts.ttlMs ?? 5 * 60_000;
    this.now = opts.now ?? Date.now;
    this.entries = new LRUCache({ max: opts.maxEntries ?? 1000 });
  }

  get size(): number {
    return this.entries.size;
  }

  async load(key: string, context: ConfigContext, opts: { fresh?: boolean } = {}): Promise<ParseConfigResult> {
    const cached = this.entries.get(key);
    if (cached && !opts.fresh && this.now() - cached.at < this.ttlMs) return cached.result;
    // A YAML syntax error makes context.config throw; it is the user's to fix, like an invalid key.
    let result: ParseConfigResult;
    try {
      result = parseConfig(await context.config(CONFIG_FILE));
    } catch (error) {
      const problem = describeConfigFileError(error, context.repo?.());
      if (problem === null) throw error;
      result = { ok: false, errors: [problem] };
    }
    this.entries.set(key, { at: this.now(), result });
    return result;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
