/**
 * The App webhook's delivery log on GitHub (REST "List deliveries for an app
 * webhook" and "Redeliver a delivery for an app webhook"), read with the
 * App's JWT. GitHub keeps deliveries for a few days and does not retry a
 * failed one by itself: the App asks for it.
 */

/** One delivery as GitHub lists it (without request and response). */
export interface DeliveryRecord {
  id: number;
  /** The event's id: every delivery and redelivery of one event share it (X-GitHub-Delivery). */
  guid: string;
  deliveredAt: string;
  redelivery: boolean;
  /** The HTTP status the App answered; 0 when it did not answer at all. */
  statusCode: number;
  event: string;
  action: string | null;
}

/** The slice of an Octokit (authenticated as the App, with its JWT) this needs. */
export interface AppJwtClient {
  request(
    route: string,
    params?: Record<string, unknown>,
  ): Promise<{ data: unknown; headers: Record<string, string | number | undefined> }>;
}

interface GitHubDelivery {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  status_code: number;
  event: string;
  action?: string | null;
}

export const DELIVERIES_PER_PAGE = 100;

/**
 * Deliveries made since `since` (ms), newest first, following the `cursor`
 * of each page's Link header (the endpoint has no page numbers). Stops at
 * the first delivery older than `since`, or after `maxPages` pages.
 */
export async function listDeliveriesSince(
  client: AppJwtClient,
  opts: { since: number; maxPages: number },
): Promise<DeliveryRecord[]> {
  const out: DeliveryRecord[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < opts.maxPages; page++) {
    const response = await client.request("GET /app/hook/deliveries", {
      per_page: DELIVERIES_PER_PAGE,
      ...(cursor ? { cursor } : {}),
    });
    const items = (Array.isArray(response.data) ? response.data : []) as GitHubDelivery[];
    for (const item of items) {
      const at = Date.parse(item.delivered_at);
      if (!Number.isNaN(at) && at < opts.since) return out;
      out.push({
        id: item.id,
        guid: item.guid,
        deliveredAt: item.delivered_at,
        redelivery: item.redelivery === true,
        statusCode: typeof item.status_code === "number" ? item.status_code : 0,
        event: item.event,
        action: item.action ?? null,
      });
    }
    cursor = nextCursor(response.headers.link);
    if (!cursor) break;
  }
  return out;
}

/** Asks GitHub to deliver this delivery's event again; it answers 202 and delivers later. */
export async function redeliverDelivery(client: AppJwtClient, deliveryId: number): Promise<void> {
  await client.request("POST /app/hook/deliveries/{delivery_id}/attempts", { delivery_id: deliveryId });
}

/** The `cursor` of the Link header's rel="next" URL, or null on the last page. */
export function nextCursor(link: string | number | undefined): string | null {
  if (typeof link !== "string") return null;
  for (const part of link.split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="next"/.exec(part);
    if (!match) continue;
    try {
      return new URL(match[1]!).searchParams.get("cursor");
    } catch {
      return null;
    }
  }
  return null;
}
