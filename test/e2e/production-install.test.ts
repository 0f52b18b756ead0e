import { execFile } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appKeyPair } from "../support/probot-app.js";
import { AppProcess, REPO_ROOT } from "./support/app-process.js";
import { readDockerfile } from "./support/dockerfile.js";

const run = promisify(execFile);

/**
 * No Docker engine runs here, so this replays the image's runtime stage from
 * the Dockerfile itself: the same files, its `npm ci` line, its ENV, its CMD
 * and its HEALTHCHECK, in a directory that has never seen TypeScript.
 */
const stages = readDockerfile(join(REPO_ROOT, "Dockerfile"));
const runtime = stages[stages.length - 1]!;
// The harness picks a free port and a loopback interface; the rest is the image's.
const { PORT: _port, HOST: _host, ...imageEnv } = runtime.env;

let dir: string;

async function healthcheck(port: string): Promise<number> {
  const [file = "", ...args] = runtime.healthcheck ?? [];
  try {
    await run(file, args, { env: { ...process.env, PORT: port }, timeout: 10_000 });
    return 0;
  } catch (error) {
    return (error as { code?: number }).code ?? -1;
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "plan-sync-image-"));
  for (const file of ["package.json", "package-lock.json", "app.yml"])
    copyFileSync(join(REPO_ROOT, file), join(dir, file));
  cpSync(join(REPO_ROOT, "lib"), join(dir, "lib"), { recursive: true });
  const npmCi = runtime.run.map((line) => line.split("&&")[0]!.trim()).find((line) => line.startsWith("npm ci"));
  if (!npmCi) throw new Error("Dockerfile: the runtime stage has no `RUN npm ci ...`");
  // --prefer-offline: npm's cache makes this a few seconds and needs no network.
  const [, ...args] = npmCi.split(/\s+/);
  await run("npm", [...args, "--prefer-offline"], { cwd: dir, timeout: 240_000 });
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the Docker image's runtime stage, replayed without Docker", () => {
  it("runs as a non-root user from a node:24 slim image, exposes 3000 and starts with npm start", () => {
    // The exact release is the one .ci/node24 tests (test/packaging/node-versions.test.ts).
    expect(runtime.from).toMatch(/^node:24\.\d+\.\d+-slim$/);
    expect(runtime.user).toBeTruthy();
    expect(runtime.user).not.toMatch(/^(root|0)$/);
    expect(runtime.expose).toContain("3000");
    expect(runtime.cmd).toEqual(["npm", "start"]);
    expect(runtime.healthcheck?.[0]).toBe("node");
    // Probot binds localhost unless told otherwise: unreachable through -p 3000:3000.
    expect(runtime.env.HOST).toBe("0.0.0.0");
  });

  it("keeps secrets and local builds out of the image", () => {
    const ignored = readFileSync(join(REPO_ROOT, ".dockerignore"), "utf8")
      .split(/\r?\n/)
      .map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining([".env", "*.pem", "node_modules", "lib"]));
  });

  it("installs production dependencies only", () => {
    expect(existsSync(join(dir, "node_modules/probot/bin/probot.js"))).toBe(true);
    expect(existsSync(join(dir, "node_modules/typescript"))).toBe(false);
    expect(existsSync(join(dir, "node_modules/vitest"))).toBe(false);
  });

  it("starts with the image's CMD and ENV without building, passes its HEALTHCHECK, and exits 0 on SIGTERM", async () => {
    const { privateKey } = appKeyPair();
    const app = await AppProcess.start({
      command: { file: runtime.cmd![0]!, args: runtime.cmd!.slice(1) },
      cwd: dir,
      env: { ...imageEnv, APP_ID: "12345", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: "image-secret" },
    });
    const port = new URL(app.baseUrl).port;
    try {
      expect(await (await app.get("/healthz")).json()).toEqual({ status: "ok" });
      expect(await healthcheck(port)).toBe(0);
      // npm prints "> plan-sync@x.y.z build" when a script runs: prestart must not have built.
      expect(app.output).toMatch(/> plan-sync@\S+ start/);
      expect(app.output).not.toMatch(/> plan-sync@\S+ build/);
      // LOG_FORMAT=json: one JSON object per log line, for log collectors.
      const logLines = app.output.split("\n").filter((line) => line.startsWith("{"));
      expect(logLines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^Listening on http:\/\//)]),
      );
    } finally {
      // npm is the process signalled here, as PID 1 is under `docker stop`.
      expect(await app.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    }
    expect(app.output).toMatch(/shutdown complete/);
    // The same check now fails: it does tell a dead server from a live one.
    expect(await healthcheck(port)).not.toBe(0);
  });

  it("refuses to start without credentials instead of serving the setup page", async () => {
    await expect(
      AppProcess.start({ command: { file: runtime.cmd![0]!, args: runtime.cmd!.slice(1) }, cwd: dir, env: imageEnv }),
    ).rejects.toThrow(/App ID is missing/);
  });
});
