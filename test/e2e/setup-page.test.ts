import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
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
