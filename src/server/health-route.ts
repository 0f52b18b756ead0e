import type { IncomingMessage, ServerResponse } from "node:http";
import type { QueueStats } from "../queue/job-queue.js";

export const HEALTH_PATH = "/healthz";

/**
 * GET/HEAD /healthz for container healthchecks and load balancers. It answers
 * from process state and the local job store alone and never calls GitHub: a
 * GitHub outage must not get a healthy container restarted (jobs wait in the
 * store and are retried). The body says how many jobs wait, are delayed
 * (burst window, retries) and run. 503 while a graceful shutdown drains (so a
 * balancer stops sending deliveries here) and when the job store does not
 * answer (a webhook could not be stored, so it must go elsewhere).
 *
 * Returns true when it handled the request (Probot's handler-chain contract).
 */
export function createHealthRoute(isStopping: () => boolean, queueStats?: () => Promise<QueueStats>) {
  return function healthRoute(req: IncomingMessage, res: ServerResponse): boolean {
    const path = (req.url ?? "").split("?")[0];
    if (path !== HEALTH_PATH) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return true;
    }
    void answer(req, res, isStopping(), queueStats);
    return true;
  };
}

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  stopping: boolean,
  queueStats: (() => Promise<QueueStats>) | undefined,
): Promise<void> {
  let queue: QueueStats | { healthy: false; error: string } | undefined;
  if (queueStats) {
    try {
      queue = await queueStats();
    } catch (error) {
      queue = { healthy: false, error: error instanceof Error ? error.message : String(error) };
    }
  }
  const storeDown = queue !== undefined && !queue.healthy;
  const status = stopping ? "stopping" : storeDown ? "store-unavailable" : "ok";
  const body = JSON.stringify({ status, ...(queue ? { queue } : {}) });
  res.writeHead(stopping || storeDown ? 503 : 200, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body).toString(),
    "cache-control": "no-store",
  });
  res.end(req.method === "HEAD" ? undefined : body);
}
