import type { Log } from "../log/log.js";
import {
  listDeliveriesSince,
  redeliverDelivery,
  type AppJwtClient,
  type DeliveryRecord,
} from "../github/webhook-deliveries.js";
import { failedToRedeliver } from "./failed-deliveries.js";
import type { LookLock } from "./redis-look-lock.js";

export interface RedeliverySchedulerOptions {
  /** An Octokit authenticated as the App (its JWT), e.g. `() => probot.auth()`. */
  client: () => Promise<AppJwtClient>;
  /** Between two looks; 0: only the look at start. */
  intervalMs: number;
  /** How far back a look lists deliveries. */
  lookbackMs: number;
  log: Log;
  /** Pages of 100 deliveries a look reads at most, so a busy App's look stays bounded. Default 10. */
  maxPages?: number;
  now?: () => number;
  /** With several replicas (REDIS_URL): one look at a time across them (see RedisLookLock). */
  lock?: LookLock;
}

export interface RedeliveryRun {
  listed: number;
  redelivered: DeliveryRecord[];
  /** Another replica was looking: this one listed and asked nothing. */
  skipped?: true;
}

/**
 * Asks GitHub to redeliver the webhook deliveries it failed to make (the App
 * was down, answered 5xx, or timed out), as GitHub's documentation
 * recommends: at start, then every `intervalMs`. Each event is asked for at
 * most once (see failedToRedeliver). With several replicas each one looks
 * on its own clock: the "already redelivered" rule keeps looks one after the
 * other to one request per event, and the `lock` (in Redis) keeps two looks
 * from running at the same moment, when both would ask.
 */
export class RedeliveryScheduler {
  private readonly asked = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RedeliveryRun | null> | null = null;
  private stopped = false;

  constructor(private readonly opts: RedeliverySchedulerOptions) {}

  /** The look at start, then one per interval; a look still running is not started twice. */
  start(): void {
    this.stopped = false;
    void this.tick();
    if (this.opts.intervalMs > 0) {
      this.timer = setInterval(() => void this.tick(), this.opts.intervalMs);
      // A timer alone must not keep a stopping process alive.
      this.timer.unref();
    }
  }

  /** No more looks. A look already running is left to end by itself. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // A look still in flight is not waited for: with GitHub unreachable it can hang far past the shutdown timeout,
    // and a half-done look is harmless (the next start looks again; GitHub keeps its delivery log).
  }

  /** One look; failures are logged, never thrown (the next look tries again). */
  tick(): Promise<RedeliveryRun | null> {
    if (this.stopped) return Promise.resolve(null);
    if (this.running) return this.running;
    this.running = this.runOnce()
      .catch((error: unknown) => {
        this.opts.log.warn(
          `could not look for failed webhook deliveries: ${error instanceof Error ? error.message : String(error)}`,
        );
        return null;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async runOnce(): Promise<RedeliveryRun> {
    const release = this.opts.lock ? await this.opts.lock.acquire() : async () => {};
    if (release === null) return { listed: 0, redelivered: [], skipped: true };
    try {
      return await this.look();
    } finally {
      await release();
    }
  }

  private async look(): Promise<RedeliveryRun> {
    const now = (this.opts.now ?? Date.now)();
    const client = await this.opts.client();
    const deliveries = await listDeliveriesSince(client, {
      since: now - this.opts.lookbackMs,
      maxPages: this.opts.maxPages ?? 10,
    });
    const redelivered: DeliveryRecord[] = [];
    for (const delivery of failedToRedeliver(deliveries, this.asked)) {
      if (this.stopped) break;
      // Marked before asking: an error here must not make the next look ask again for an event GitHub may have taken.
      this.asked.add(delivery.guid);
      await redeliverDelivery(client, delivery.id);
      redelivered.push(delivery);
    }
    if (redelivered.length > 0) {
      this.opts.log.info(
        {
          redelivered: redelivered.map((d) => ({
            guid: d.guid,
            event: d.action ? `${d.event}.${d.action}` : d.event,
            statusCode: d.statusCode,
          })),
        },
        `asked GitHub to redeliver ${redelivered.length} failed webhook deliver${redelivered.length === 1 ? "y" : "ies"}`,
      );
    }
    return { listed: deliveries.length, redelivered };
  }
}
