import type { Probot } from "probot";

export type On = Probot["on"];

/**
 * The base event names ("issues", not "issues.closed") a wiring function
 * subscribes to — what a GitHub App manifest's default_events lists. Derived
 * by running the wiring against a recorder, so it cannot drift from it.
 */
export function listSubscribedEvents(wire: (on: On) => void): string[] {
  const names = new Set<string>();
  const record = ((event: string | string[]) => {
    for (const name of Array.isArray(event) ? event : [event]) names.add(name.split(".")[0] ?? name);
  }) as unknown as On;
  wire(record);
  return [...names].sort();
}
