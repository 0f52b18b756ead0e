import type { DeliveryRecord } from "../github/webhook-deliveries.js";

/** An HTTP 2xx from the App: GitHub counts the delivery as made. */
export function isSuccess(delivery: Pick<DeliveryRecord, "statusCode">): boolean {
  return delivery.statusCode >= 200 && delivery.statusCode < 300;
}

/**
 * The deliveries to ask GitHub for again: per event (guid), the newest
 * failed delivery of an event that no delivery reached yet, and only once:
 * an event already redelivered (by this process: `asked`, or by anyone: a
 * `redelivery` in the log) is left alone, so a webhook the App keeps failing
 * on does not come back every few minutes. What a redelivery then does is
 * the queue's business: work already done is recognised by its idempotency
 * key and not done twice.
 */
export function failedToRedeliver(deliveries: readonly DeliveryRecord[], asked: ReadonlySet<string>): DeliveryRecord[] {
  const byGuid = new Map<string, DeliveryRecord[]>();
  for (const d of deliveries) byGuid.set(d.guid, [...(byGuid.get(d.guid) ?? []), d]);
  const out: DeliveryRecord[] = [];
  for (const [guid, attempts] of byGuid) {
    if (asked.has(guid) || attempts.some((d) => isSuccess(d) || d.redelivery)) continue;
    const newest = attempts.reduce((a, b) => (Date.parse(b.deliveredAt) > Date.parse(a.deliveredAt) ? b : a));
    out.push(newest);
  }
  // Oldest first: events are redelivered in the order they happened.
  return out.sort((a, b) => Date.parse(a.deliveredAt) - Date.parse(b.deliveredAt) || a.id - b.id);
}
