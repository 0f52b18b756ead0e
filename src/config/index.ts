// The public API of src/config/: the config file (.github/plan-sync.yml) and every PLAN_SYNC_* setting.
// What other folders use; test/lint/public-index.test.ts pins the names.
export { CONFIG_FILE, CONFIG_PATH } from "./config-path.js";
export { type AreaLabel, EFFORT_LABEL_COLOR, NEUTRAL_COLOR, type PlanSyncConfig } from "./config-schema.js";
export { matchesPlanPaths } from "./matches-plan-paths.js";
export { parseConfig, type ParseConfigResult } from "./parse-config.js";
export {
  type ConcurrencyLimits,
  DEFAULT_CONCURRENCY,
  DEFAULT_WRITE_BACK_WINDOW_MS,
  defaultRetryPolicy,
  type ParseLimits,
  readParseLimits,
  readSettings,
  type RedeliverySettings,
  type RetryPolicy,
  type ServerSettings,
  SettingsError,
} from "./settings.js";
