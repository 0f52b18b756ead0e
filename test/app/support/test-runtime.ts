import { AppRuntime } from "../../../src/app/app-runtime.js";
import { WritePacerRegistry } from "../../../src/github/write-pacer.js";
import { RepoQueue } from "../../../src/queue/repo-queue.js";

/**
 * A runtime of the test's own: its queue, identity and config cache, so no
 * test sees another's. Writes still take pacer slots, but the pacer never
 * makes them wait.
 */
export function testRuntime(): AppRuntime {
  return new AppRuntime({ queue: new RepoQueue({ log: { error: () => {} } }), pacers: new WritePacerRegistry({ perMinute: 1_000_000, perHour: 1_000_000 }) });
}
