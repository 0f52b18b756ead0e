import type { Context } from "probot";

/**
 * Stands in for an event handler that has not been written yet, so the event
 * list in src/index.ts (and the manifest that must match it) is already the
 * product's. It acknowledges the delivery and writes nothing to GitHub.
 * Replace each use with the real handler from src/handlers/.
 */
export async function awaitingHandler(context: Pick<Context, "name" | "log" | "payload">): Promise<void> {
  const action = (context.payload as { action?: unknown }).action;
  const event = typeof action === "string" ? `${context.name}.${action}` : context.name;
  context.log.debug(`${event}: no plan-sync handler installed yet; delivery acknowledged`);
}
