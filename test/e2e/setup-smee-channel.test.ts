import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppProcess, REPO_ROOT } from "./support/app-process.js";

/**
 * A first start with no WEBHOOK_PROXY_URL: Probot's setup creates a smee.io
 * channel (smee-client's `createChannel`, a HEAD to https://smee.io/new whose
 * redirect names the channel), registers the App with it as the webhook URL
 * and keeps it in `.env` for the next start. smee-client's URL is fixed, but
 * it sends through undici's EnvHttpProxyAgent, so HTTPS_PROXY leads it to a
 * local stand-in here: an HTTP proxy that answers CONNECT smee.io:443 itself,
 * with TLS for smee.io from a certificate made for this test and trusted
 * through NODE_EXTRA_CA_CERTS. No network is needed, and smee.io's own
 * answer (a redirect to the new channel, then an event stream) is played.
 */
const CHANNEL = "https://smee.io/PlanSyncTestChannel";

describe("the setup page without WEBHOOK_PROXY_URL (a new smee.io channel)", () => {
  let dir: string;
  let app: AppProcess;
  let proxy: Server;
  const seen: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "plan-sync-setup-new-channel-"));
    const key = join(dir, "smee.key");
    const cert = join(dir, "smee.crt");
    execFileSync(
      "openssl",
      [
        ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=smee.io"],
        ...["-addext", "subjectAltName=DNS:smee.io", "-keyout", key, "-out", cert],
      ],
      { stdio: "ignore" },
    );

    // smee.io as seen through the tunnel: /new redirects to a fresh channel, a channel is an event stream.
    const smee = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
      seen.push(`${req.method} ${req.headers.host}${req.url}`);
      if (req.url === "/new") res.writeHead(307, { location: CHANNEL }).end();
      else if (req.url === new URL(CHANNEL).pathname) {
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
        res.write(": ready\n\n");
      } else res.writeHead(404).end();
    });
    proxy = createHttpServer((req, res) => {
      seen.push(`plain ${req.method} ${req.url}`);
      res.writeHead(502).end();
    });
    proxy.on("connect", (req, socket: Socket) => {
      seen.push(`CONNECT ${req.url}`);
      if (req.url !== "smee.io:443") return socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      smee.emit("connection", socket);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

    for (const file of ["app.yml", "package.json"]) copyFileSync(join(REPO_ROOT, file), join(dir, file));
    app = await AppProcess.start({
      cwd: dir,
      readyPath: "/probot",
      env: {
        NO_SMEE_SETUP: undefined,
        WEBHOOK_PROXY_URL: undefined,
        HTTPS_PROXY: proxyUrl,
        HTTP_PROXY: proxyUrl,
        https_proxy: undefined,
        http_proxy: undefined,
        NO_PROXY: undefined,
        no_proxy: undefined,
        NODE_EXTRA_CA_CERTS: cert,
      },
    });
  });

  afterAll(async () => {
    await app?.stop();
    proxy?.closeAllConnections();
    await new Promise((resolve) => proxy?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("asks smee.io for a new channel", () => {
    expect(seen.slice(0, 2)).toEqual(["CONNECT smee.io:443", "HEAD smee.io/new"]);
    expect(app.output).not.toMatch(/Unable to connect to smee\.io|SmeeClient is not available/);
  });

  it("registers the App with the new channel as its webhook URL", async () => {
    const html = await (await app.get("/probot")).text();
    const value = /name="manifest" id="manifest" value='([^']*)'/.exec(html)?.[1];
    const manifest = JSON.parse(value!) as { hook_attributes?: { url?: string } };
    expect(manifest.hook_attributes?.url).toBe(CHANNEL);
  });

  it("keeps the channel in .env, so the next start forwards its deliveries", () => {
    expect(existsSync(join(dir, ".env"))).toBe(true);
    expect(readFileSync(join(dir, ".env"), "utf8")).toMatch(new RegExp(`^WEBHOOK_PROXY_URL=${CHANNEL}$`, "m"));
  });
});
