import { execFile } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appKeyPair } from "../support/probot-app.js";
import { AppProcess, REPO_ROOT } from "./support/app-process.js";
import { readDockerfile } from "./support/dockerfile.js";

const run = promisify(execFile);

/**
 * No Docker engine runs here, so this replays the image's steps from the
 * Dockerfile itself: the build stage's `npm ci` and `npm prune` lines (the
 * node_modules the runtime stage copies, native job store included), then the
 * runtime stage's files, ENV, CMD and HEALTHCHECK, in a directory that has
 * never seen TypeScript.
 */
const stages = readDockerfile(join(REPO_ROOT, "Dockerfile"));
const build = stages[0]!;
const runtime = stages[stages.length - 1]!;
let dataDir = "";
// The harness picks a free port, a loopback interface and a data directory it may write; the rest is the image's.
const { PORT: _port, HOST: _host, PLAN_SYNC_DATA_DIR: imageDataDir, ...baseEnv } = runtime.env;
const imageEnv = (): Record<string, string> => ({ ...baseEnv, PLAN_SYNC_DATA_DIR: dataDir });

/** A RUN line of the build stage starting with `command`, first `&&` segment, split into words. */
function buildStep(command: string): string[] {
  const line = build.run.map((l) => l.split("&&")[0]!.trim()).find((l) => l.startsWith(command));
  if (!line) throw new Error(`Dockerfile: the build stage has no \`RUN ${command} ...\``);
  return line.split(/\s+/);
}

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
  dataDir = join(dir, "data");
  // --prefer-offline: npm's cache needs no network. Install scripts run, as in the build stage: better-sqlite3
  // compiles when no prebuilt binary can be fetched (here: no network), against this Node's own headers.
  const env = { ...process.env, npm_config_nodedir: join(dirname(process.execPath), "..") };
  for (const [, ...args] of [buildStep("npm ci"), buildStep("npm prune")])
    await run("npm", [...args, "--prefer-offline"], { cwd: dir, env, timeout: 420_000 });
}, 480_000);

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

  it("copies the build stage's node_modules, with a job store that works, and keeps jobs on a volume the node user owns", async () => {
    expect(runtime.run.some((line) => line.includes("npm ci"))).toBe(false);
    expect(runtime.copies).toContain("--from=build /app/node_modules ./node_modules");
    expect(imageDataDir).toBe("/data");
    expect(runtime.run).toContain(`mkdir -p ${imageDataDir} && chown node:node ${imageDataDir}`);
    // The native module loads and stores, in the installed tree (not the repository's).
    const probe =
      "const D=require('better-sqlite3');const d=new D(':memory:');console.log(d.prepare('select 41+1 as n').get().n)";
    const { stdout } = await run(process.execPath, ["-e", probe], { cwd: dir });
    expect(stdout.trim()).toBe("42");
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
      env: { ...imageEnv(), APP_ID: "12345", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: "image-secret" },
    });
    const port = new URL(app.baseUrl).port;
    try {
      expect(await (await app.get("/healthz")).json()).toMatchObject({
        status: "ok",
        queue: { backend: "sqlite", location: join(dataDir, "jobs.sqlite"), healthy: true },
      });
      expect(existsSync(join(dataDir, "jobs.sqlite"))).toBe(true);
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
      AppProcess.start({ command: { file: runtime.cmd![0]!, args: runtime.cmd!.slice(1) }, cwd: dir, env: imageEnv() }),
    ).rejects.toThrow(/App ID is missing/);
  });
});
