import type { Probot } from "probot";
import type { AppJwtClient } from "../github/webhook-deliveries.js";
import { RedeliveryScheduler } from "./redelivery-scheduler.js";
import type { LookLock } from "./redis-look-lock.js";
import type { RedeliverySettings } from "../config/settings.js";

/**
 * The running server's look for failed deliveries (see RedeliveryScheduler):
 * started with the server, stopped when it drains. Off when the interval is 0.
 */
export function startRedelivery(
  probot: Pick<Probot, "auth" | "log">,
  settings: RedeliverySettings,
  /** The server's GracefulShutdown (src/server), by shape: a feature never imports the top layer. */
  shutdown: { onDrain(hook: () => Promise<void>): void },
  lock?: LookLock,
): RedeliveryScheduler | null {
  if (settings.intervalMs === 0) return null;
  const scheduler = new RedeliveryScheduler({
    // Without an installation id Probot authenticates as the App itself (JWT), which these endpoints require.
    client: async () => (await probot.auth()) as unknown as AppJwtClient,
    intervalMs: settings.intervalMs,
    lookbackMs: settings.lookbackMs,
    log: probot.log,
    ...(lock ? { lock } : {}),
  });
  scheduler.start();
  shutdown.onDrain(() => scheduler.stop());
  return scheduler;
}
