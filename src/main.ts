import { run, type ApplicationFunction } from "probot";
import { createApp, type PlanSyncApp } from "./app/create-app.js";
import { SettingsError } from "./config/settings.js";
import { createProbotOctokit } from "./github/octokit-options.js";
import type { PacerLookup } from "./github/paced-fetch.js";

/**
 * `npm start`. Probot's own `probot run` cannot be handed an Octokit class, and
 * plan-sync needs its own: a rate limiter per installation (Probot 14.3.2 shares
 * one "no-id" limiter across all of them), retries on secondary rate limits
 * (off by default), and write spacing left to our WritePacer instead of
 * Octokit's one-issue-per-3-s. Everything else is Probot's runner: `.env`,
 * the setup page when there are no credentials, GHE_HOST, LOG_LEVEL.
 *
 * The Octokit class is built before the App (Probot's runner loads `.env` and
 * only then the App), so it reaches the App's write pacers through `pacers`,
 * which answers once the App is built; nothing writes to a repository before.
 */
let planSync: PlanSyncApp | null = null;
const app: ApplicationFunction = (probot, options) => {
  planSync = createApp();
  return planSync.app(probot, options);
};
const unpaced = { beforeWrite: async () => {}, refused: async () => {}, accepted: async () => {} };
const pacers: PacerLookup = { for: (key) => planSync?.pacers.for(key) ?? unpaced };

const before = new Set(process.listeners("SIGINT"));
try {
  await run(app, { Octokit: createProbotOctokit({ pacers }) });
} catch (error) {
  // A bad setting is the operator's to fix: one line naming the variable, not a stack trace.
  if (!(error instanceof SettingsError)) throw error;
  process.stderr.write(`plan-sync: ${error.message}\n`);
  process.exit(1);
}

// run() adds a SIGINT listener that exits as soon as the HTTP server closes,
// which would cut short the drain our own signal handling (src/server/) does.
// Ours was added while the app loaded, before the server started, so the
// runner's is the one added last.
const added = process.listeners("SIGINT").filter((listener) => !before.has(listener));
if (added.length > 1) process.removeListener("SIGINT", added[added.length - 1] as () => void);
