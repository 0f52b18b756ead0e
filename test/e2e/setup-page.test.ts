import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { AppProcess, REPO_ROOT } from "./support/app-process.js";

/**
 * A fresh install with no credentials: `probot run` serves Probot's setup
 * page, whose "Register GitHub App" button posts the manifest built from
 * app.yml to GitHub. This checks the manifest GitHub would actually receive.
 */
describe("first start without credentials: the setup page", () => {
  let dir: string;
  let app: AppProcess;

  beforeAll(async () => {
    // The page reads app.yml and package.json from the working directory.
    dir = mkdtempSync(join(tmpdir(), "plan-sync-setup-"));
    for (const file of ["app.yml", "package.json"]) copyFileSync(join(REPO_ROOT, file), join(dir, file));
    app = await AppProcess.start({ cwd: dir, readyPath: "/probot" });
  });

  afterAll(async () => {
    // Setup mode runs Probot's setup app, not plan-sync: no graceful stop, SIGTERM just ends it.
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("redirects / to the setup page", async () => {
    const res = await app.get("/");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/probot");
  });

  it("offers to register the App with app.yml's events and permissions", async () => {
    const html = await (await app.get("/probot")).text();
    const value = /name="manifest" id="manifest" value='([^']*)'/.exec(html)?.[1];
    expect(value, "the Register button carries the manifest").toBeDefined();
    const manifest = JSON.parse(value!) as Record<string, unknown>;
    const appYml = parse(readFileSync(join(REPO_ROOT, "app.yml"), "utf8")) as Record<string, unknown>;
    expect(manifest.default_events).toEqual(appYml.default_events);
    expect(manifest.default_permissions).toEqual(appYml.default_permissions);
    expect(manifest.name).toBe("plan-sync");
    expect(manifest.public).toBe(false);
    expect(manifest.redirect_url).toBe(`${app.baseUrl}/probot/setup`);
  });
});

/**
 * `npm start` runs `node lib/main.js`, not npx, so Probot's npx-import-light
 * imports smee-client from node_modules (onlyPackageRunner): without the
 * installed copy the setup page would register an App whose webhooks go to
 * localhost, which GitHub cannot reach. A local stand-in for the smee.io
 * channel (an event stream) shows the channel is used and connected to.
 */
describe("the setup page with WEBHOOK_PROXY_URL set (a smee.io channel)", () => {
  let dir: string;
  let app: AppProcess;
  let channel: Server;
  let channelUrl: string;
  const streams: { accept: string | undefined }[] = [];

  beforeAll(async () => {
    channel = createServer((req, res) => {
      streams.push({ accept: req.headers.accept });
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      res.write(": ready\n\n");
    });
    await new Promise<void>((resolveListen) => channel.listen(0, "127.0.0.1", resolveListen));
    channelUrl = `http://127.0.0.1:${(channel.address() as AddressInfo).port}/plan-sync-test-channel`;
    dir = mkdtempSync(join(tmpdir(), "plan-sync-setup-smee-"));
    for (const file of ["app.yml", "package.json"]) copyFileSync(join(REPO_ROOT, file), join(dir, file));
    app = await AppProcess.start({
      cwd: dir,
      readyPath: "/probot",
      // The channel is local: no proxy of the developer's may stand in between.
      env: { WEBHOOK_PROXY_URL: channelUrl, HTTP_PROXY: undefined, HTTPS_PROXY: undefined, NO_PROXY: "127.0.0.1" },
    });
  });

  afterAll(async () => {
    await app?.stop();
    channel?.closeAllConnections();
    await new Promise((resolveClose) => channel?.close(resolveClose));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("registers the App with the channel as its webhook URL", async () => {
    const html = await (await app.get("/probot")).text();
    const value = /name="manifest" id="manifest" value='([^']*)'/.exec(html)?.[1];
    const manifest = JSON.parse(value!) as { hook_attributes?: { url?: string } };
    expect(manifest.hook_attributes?.url).toBe(channelUrl);
  });

  it("connects to the channel with the installed smee-client, to forward its deliveries", async () => {
    await expect.poll(() => app.output, { timeout: 10_000 }).toContain(`Connected to ${channelUrl}`);
    expect(streams[0]?.accept).toContain("text/event-stream");
    expect(app.output).not.toMatch(/SmeeClient is not available|npm install --save-dev smee-client/);
  });
});
