import { run } from "probot";
import { SettingsError } from "./config/settings.js";
import { createProbotOctokit } from "./github/octokit-options.js";
import app from "./index.js";

/**
 * `npm start`. Probot's own `probot run` cannot be handed an Octokit class, and
 * plan-sync needs its own: a rate limiter per installation (Probot 14.3.2 shares
 * one "no-id" limiter across all of them), retries on secondary rate limits
 * (off by default), and write spacing left to our WritePacer instead of
 * Octokit's one-issue-per-3-s. Everything else is Probot's runner: `.env`,
 * the setup page when there are no credentials, GHE_HOST, LOG_LEVEL.
 */
const before = new Set(process.listeners("SIGINT"));
try {
  await run(app, { Octokit: createProbotOctokit() });
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
