import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";

/** Who may look for failed deliveries now; null: another replica is looking. */
export interface LookLock {
  acquire(): Promise<(() => Promise<void>) | null>;
}

// KEYS: lock | ARGV: token. Deletes the lock only if it is still ours (it may have expired and been taken since).
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export interface RedisLookLockOptions {
  /** Key prefix, one per App (default `plan-sync`). */
  prefix?: string;
  /** A holder that dies mid-look frees the lock after this long (default 5 minutes). */
  ttlMs?: number;
}

/**
 * One look for failed deliveries at a time across the replicas sharing a
 * Redis (SET NX PX): two looks at the same moment would both see an event
 * as not yet redelivered and both ask GitHub for it. Looks one after the
 * other are safe without it: the second sees the first's redelivery in
 * GitHub's log. So the lock is held for a look only, and released after it.
 */
export class RedisLookLock implements LookLock {
  private readonly redis: Redis;
  private readonly key: string;
  private readonly ttlMs: number;

  constructor(url: string, opts: RedisLookLockOptions = {}) {
    this.key = `${opts.prefix ?? "plan-sync"}:ps:redelivery-look`;
    this.ttlMs = opts.ttlMs ?? 5 * 60_000;
    this.redis = new Redis(url, { maxRetriesPerRequest: 2 });
    this.redis.on("error", () => {
      // A look that cannot take the lock fails and is logged by the scheduler; /healthz reports Redis.
    });
  }

  async acquire(): Promise<(() => Promise<void>) | null> {
    const token = randomUUID();
    const taken = await this.redis.set(this.key, token, "PX", this.ttlMs, "NX");
    if (taken !== "OK") return null;
    return async () => {
      await this.redis.eval(RELEASE, 1, this.key, token);
    };
  }

  close(): void {
    this.redis.disconnect();
  }
}
