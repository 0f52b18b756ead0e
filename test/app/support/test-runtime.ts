import { createApp, type CreateAppOptions, type PlanSyncApp } from "../../../src/app/create-app.js";
import { WritePacerRegistry, type WritePacer } from "../../../src/github/write-pacer.js";
import type { SupersedeMerge } from "../../../src/queue/job-queue.js";
import { SqliteJobQueue } from "../../../src/queue/sqlite-job-queue.js";
import { readSettings } from "../../../src/config/settings.js";

/** Pacers that never make a write wait, and tell the test about every slot taken (by installation key). */
export class InstantPacers extends WritePacerRegistry {
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

/** The production job store (SQLite), in memory: same code, nothing left on disk. */
export function memoryJobs(merge: SupersedeMerge): SqliteJobQueue {
  return new SqliteJobQueue({ path: ":memory:", merge, log: { warn: () => {}, error: () => {} } });
}

/**
 * The App as production builds it (createApp), with a test's own job store
 * (in memory), identity and config cache, so no test sees another's. Writes
 * still take pacer slots, but the pacer never makes them wait, unless the
 * test passes its own `pacers`. Settings are the defaults, whatever the
 * developer's environment says.
 */
export function testApp(opts: CreateAppOptions & { onSlot?: (key: string) => void } = {}): PlanSyncApp {
  const { onSlot, ...options } = opts;
  return createApp({
    settings: readSettings({}),
    jobs: memoryJobs,
    pacers: new InstantPacers(onSlot ?? (() => {})),
    // No retries unless a test asks: a failure shows at once.
    retry: { delaysMs: [] },
    ...options,
  });
}

let holds = 0;

/**
 * Occupies a repository's turn on the App's queue until the returned function
 * is called: jobs stored meanwhile wait behind it (and may supersede each other).
 */
export async function holdRepository(app: PlanSyncApp, repo: string, installationId = 77): Promise<() => void> {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const kind = `test-hold-${++holds}`;
  app.runtime.register(kind, { run: () => held });
  await app.jobs.enqueue({
    kind,
    repo,
    installationId,
    payload: { event: { id: kind, name: "test", payload: {} }, data: null },
  });
  return release;
}
