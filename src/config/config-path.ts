/** The file name Probot's `context.config` looks up under `.github/`. */
export const CONFIG_FILE = "plan-sync.yml";
/** Where users keep it, for messages and for the path checks of pushes and pull requests. */
export const CONFIG_PATH = `.github/${CONFIG_FILE}`;
