import { AppRuntime } from "../../../src/app/app-runtime.js";
import { WritePacerRegistry, type WritePacer } from "../../../src/github/write-pacer.js";
import { RepoQueue } from "../../../src/queue/repo-queue.js";

/** Pacers that never make a write wait, and tell the test about every slot taken (by installation key). */
class InstantPacers extends WritePacerRegistry {
  constructor(private readonly onSlot: (key: string) => void) {
    super({ perMinute: 1_000_000, perHour: 1_000_000 });
  }

  override for(key: string): WritePacer {
    const pacer = super.for(key);
    const acquire: WritePacer["acquire"] = (opts) => {
      this.onSlot(key);
      return pacer.acquire(opts);
    };
    return Object.assign(Object.create(pacer) as WritePacer, { acquire });
  }
}

/**
 * A runtime of the test's own: its queue, identity and config cache, so no
 * test sees another's. Writes still take pacer slots, but the pacer never
 * makes them wait.
 */
export function testRuntime(opts: { onSlot?: (key: string) => void } = {}): AppRuntime {
  return new AppRuntime({
    queue: new RepoQueue({ log: { error: () => {} } }),
    pacers: new InstantPacers(opts.onSlot ?? (() => {})),
  });
}
