import type { ApplicationFunctionOptions } from "probot";

type Handler = Parameters<ApplicationFunctionOptions["addHandler"]>[0];

/**
 * Adds an HTTP route to Probot's server (the v13+ replacement for getRouter).
 * Returns false when the app runs without a server — `probot.load()` in tests
 * or a serverless adapter — where Probot's addHandler throws "No server
 * instance"; process-level concerns (signals) are then not ours to handle.
 */
export function mountRoute(
  options: Pick<ApplicationFunctionOptions, "addHandler"> | undefined,
  handler: Handler,
): boolean {
  if (!options || typeof options.addHandler !== "function") return false;
  try {
    options.addHandler(handler);
    return true;
  } catch {
    return false;
  }
}
