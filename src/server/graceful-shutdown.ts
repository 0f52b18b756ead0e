import type { Log } from "../log/log.js";

/**
 * Graceful stop on SIGTERM (docker stop, Kubernetes) and SIGINT (Ctrl-C).
 *
 * `probot run` installs no signal handler of its own, so without this the
 * process would die mid-delivery: a half-applied sync is safe (every sync is a
 * reconciliation) but costs a redelivery and looks like a crash in the logs.
 */

/**
 * Refuses a delivery that arrives after the stop began. Status 503 is what
 * @octokit/webhooks answers GitHub with, so the delivery shows as failed and
 * can be redelivered to the next instance instead of being half-done here.
 */
export class ShuttingDownError extends Error {
  readonly status = 503;
  constructor() {
    super("plan-sync is shutting down; redeliver this webhook later");
    this.name = "ShuttingDownError";
  }
}

export type DrainOutcome = "drained" | "timed-out";

export class GracefulShutdown {
  #stopping = false;
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #drainHooks: Array<() => Promise<void>> = [];
  readonly #timeoutMs: number;
  readonly #log: Log;

  constructor(options: { timeoutMs: number; log: Log }) {
    this.#timeoutMs = options.timeoutMs;
    this.#log = options.log;
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Runs one webhook delivery's work, counted so a stop can wait for it. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#stopping) throw new ShuttingDownError();
    const running = work();
    this.#inFlight.add(running);
    try {
      return await running;
    } finally {
      this.#inFlight.delete(running);
    }
  }

  /**
   * Work that outlives its webhook request (a background queue) registers how
   * to finish or hand off here; hooks run after in-flight deliveries settle.
   */
  onDrain(hook: () => Promise<void>): void {
    this.#drainHooks.push(hook);
  }

  /** Stops taking deliveries and waits, at most timeoutMs, for work in hand. */
  async drain(): Promise<DrainOutcome> {
    this.#stopping = true;
    const settle = async () => {
      await Promise.allSettled([...this.#inFlight]);
      const hooks = await Promise.allSettled(this.#drainHooks.map((hook) => hook()));
      for (const result of hooks) {
        if (result.status === "rejected") this.#log.error(`shutdown: a drain hook failed: ${String(result.reason)}`);
      }
    };
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<DrainOutcome>((resolve) => {
      timer = setTimeout(() => resolve("timed-out"), this.#timeoutMs);
    });
    try {
      return await Promise.race([settle().then((): DrainOutcome => "drained"), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }
}

export interface SignalTarget {
  once(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

/**
 * On the first SIGTERM/SIGINT: drain, then exit 0 (or 1 when the deadline cut
 * work short). `once`, so a second signal falls back to Node's default and
 * kills at once — the usual escape hatch for an impatient operator.
 */
export function exitOnSignals(
  shutdown: GracefulShutdown,
  log: Log,
  options: { target?: SignalTarget; exit?: (code: number) => void; signals?: NodeJS.Signals[] } = {},
): void {
  const target = options.target ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const signals = options.signals ?? ["SIGTERM", "SIGINT"];
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    log.info(`${signal} received: finishing ${shutdown.inFlight} webhook delivery(ies) in progress, then exiting`);
    shutdown.drain().then(
      (outcome) => {
        if (outcome === "drained") {
          log.info("shutdown complete");
          exit(0);
        } else {
          log.warn("shutdown deadline reached with work still running; GitHub redelivery or the next push resumes it");
          exit(1);
        }
      },
      (error: unknown) => {
        log.error(`shutdown failed: ${String(error)}`);
        exit(1);
      },
    );
  };
  for (const signal of signals) target.once(signal, onSignal);
}
