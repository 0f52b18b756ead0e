import { HttpError } from "../model.js";
import { ok, type Route, type RouteContext } from "../route-kit.js";

/**
 * The App webhook's delivery log, as GitHub keeps it (REST "List deliveries
 * for an app webhook", "Get a delivery for an app webhook", "Redeliver a
 * delivery for an app webhook"): App JWT only, newest first, paginated by an
 * opaque `cursor` in the Link header (no page numbers), items without the
 * request and response. A redelivery is a new delivery with the same `guid`
 * and `redelivery: true`; whether it succeeds is up to `onRedeliver`.
 */

export interface HookDelivery {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  duration: number;
  /** "OK" for a 2xx, else why it failed, e.g. "Invalid HTTP Response: 503" or "timed out". */
  status: string;
  /** 0 when no HTTP answer came at all (timeout, refused connection). */
  status_code: number;
  event: string;
  action: string | null;
  installation_id: number | null;
  repository_id: number | null;
  throttled_at: string | null;
}

/** What the fake does when asked to redeliver: the status code the App answered (0: it did not answer). */
export type Redeliver = (original: HookDelivery) => number | Promise<number>;

export class HookDeliveryLog {
  /** Oldest first. */
  readonly items: HookDelivery[] = [];
  readonly attempts: number[] = [];
  onRedeliver: Redeliver = () => 200;
  private nextId = 90_000_000;

  constructor(private readonly timestamp: () => string) {}

  record(input: {
    guid: string;
    event: string;
    action?: string | null;
    statusCode: number;
    redelivery?: boolean;
    installationId?: number | null;
    repositoryId?: number | null;
    deliveredAt?: string;
  }): HookDelivery {
    const code = input.statusCode;
    const delivery: HookDelivery = {
      id: ++this.nextId,
      guid: input.guid,
      delivered_at: input.deliveredAt ?? this.timestamp(),
      redelivery: input.redelivery ?? false,
      duration: 0.12,
      status: code >= 200 && code < 300 ? "OK" : code === 0 ? "timed out" : `Invalid HTTP Response: ${code}`,
      status_code: code,
      event: input.event,
      action: input.action ?? null,
      installation_id: input.installationId ?? null,
      repository_id: input.repositoryId ?? null,
      throttled_at: null,
    };
    this.items.push(delivery);
    return delivery;
  }
}

function requireJwt(ctx: RouteContext): void {
  if (!ctx.caller?.isAppJwt) throw new HttpError(401, "A JSON web token could not be decoded");
}

function deliveryOf(ctx: RouteContext, log: HookDeliveryLog): HookDelivery {
  const id = Number(ctx.params.id);
  const found = log.items.find((d) => d.id === id);
  if (!found) throw new HttpError(404, "Not Found");
  return found;
}

export function hookDeliveryRoutes(log: HookDeliveryLog): Route[] {
  return [
    {
      method: "GET",
      pattern: "/app/hook/deliveries",
      handler: (ctx) => {
        requireJwt(ctx);
        const perPage = Math.min(100, Math.max(1, Number.parseInt(ctx.query.per_page ?? "", 10) || 30));
        let newestFirst = [...log.items].reverse();
        if (ctx.query.redelivery !== undefined) {
          const want = ctx.query.redelivery === "true";
          newestFirst = newestFirst.filter((d) => d.redelivery === want);
        }
        // GitHub's cursor is opaque; here it is the id the next page starts below.
        const cursor = ctx.query.cursor;
        if (cursor !== undefined && !/^v1_\d+$/.test(cursor)) throw new HttpError(400, "Bad Request");
        const start = cursor === undefined ? 0 : newestFirst.findIndex((d) => d.id < Number(cursor.slice(3)));
        const page = start < 0 ? [] : newestFirst.slice(start, start + perPage);
        const more = start >= 0 && start + perPage < newestFirst.length;
        const headers: Record<string, string> = {};
        if (more) {
          const last = page[page.length - 1]!;
          const params = new URLSearchParams({ ...ctx.query, per_page: String(perPage), cursor: `v1_${last.id}` });
          headers.link = `<${ctx.selfUrl}?${params.toString()}>; rel="next"`;
        }
        return { status: 200, body: page, headers };
      },
    },
    {
      method: "GET",
      pattern: "/app/hook/deliveries/:id",
      handler: (ctx) => {
        requireJwt(ctx);
        return ok(deliveryOf(ctx, log));
      },
    },
    {
      method: "POST",
      pattern: "/app/hook/deliveries/:id/attempts",
      handler: (ctx) => {
        requireJwt(ctx);
        const original = deliveryOf(ctx, log);
        log.attempts.push(original.id);
        // GitHub accepts at once (202) and delivers afterwards; the outcome shows up in the log later.
        void Promise.resolve(log.onRedeliver(original)).then((statusCode) =>
          log.record({
            guid: original.guid,
            event: original.event,
            action: original.action,
            statusCode,
            redelivery: true,
            installationId: original.installation_id,
            repositoryId: original.repository_id,
          }),
        );
        return ok({}, 202);
      },
    },
  ];
}
