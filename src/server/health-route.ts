import type { IncomingMessage, ServerResponse } from "node:http";

export const HEALTH_PATH = "/healthz";

/**
 * GET/HEAD /healthz for container healthchecks and load balancers. It answers
 * from process state alone and never calls GitHub: a GitHub outage must not
 * get a healthy container restarted. While a graceful shutdown drains it
 * answers 503 so a balancer stops sending new deliveries here.
 *
 * Returns true when it handled the request (Probot's handler-chain contract).
 */
export function createHealthRoute(isStopping: () => boolean) {
  return function healthRoute(req: IncomingMessage, res: ServerResponse): boolean {
    const path = (req.url ?? "").split("?")[0];
    if (path !== HEALTH_PATH) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return true;
    }
    const stopping = isStopping();
    const body = JSON.stringify({ status: stopping ? "stopping" : "ok" });
    res.writeHead(stopping ? 503 : 200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body).toString(),
      "cache-control": "no-store",
    });
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  };
}
