import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
export const PROBOT_BIN = join(REPO_ROOT, "node_modules/probot/bin/probot.js");
/** The real server entry `npm start` runs, as built by test/global-setup.ts. */
export const MAIN_ENTRY = join(REPO_ROOT, "lib/main.js");

/** Settings inherited from the developer's shell that would change what the server does. */
const SCRUBBED_ENV = [
  "APP_ID",
  "PRIVATE_KEY",
  "PRIVATE_KEY_PATH",
  "WEBHOOK_SECRET",
  "WEBHOOK_PATH",
  "WEBHOOK_PROXY_URL",
  "GHE_HOST",
  "GHE_PROTOCOL",
  "HOST",
  "PORT",
  "LOG_LEVEL",
  "LOG_FORMAT",
  "NODE_ENV",
  "REDIS_URL",
  "SENTRY_DSN",
  "PLAN_SYNC_SHUTDOWN_TIMEOUT_SECONDS",
];

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartOptions {
  /** What to run; default: `node lib/main.js` (what `npm start` execs), or `probot run <appPath>` when appPath is given. */
  command?: { file: string; args: string[] };
  /** Another app module to run under `probot run` instead of the real server (e.g. a fixture app). */
  appPath?: string;
  /**
   * Working directory. Default: a fresh empty temp dir, because Probot reads
   * `.env` and `*.pem` from it and a developer's own must not leak in.
   */
  cwd?: string;
  /** Extra environment (undefined removes a variable). PORT is chosen here. */
  env?: Record<string, string | undefined>;
  /** Path polled until it answers 200; default /healthz. */
  readyPath?: string;
  readyTimeoutMs?: number;
}

/**
 * The real plan-sync server as a child process: started the way production
 * starts it, talked to over HTTP, stopped with a signal like `docker stop`.
 */
export class AppProcess {
  #output = "";
  readonly exited: Promise<ExitInfo>;
  #exitInfo: ExitInfo | null = null;

  private constructor(
    readonly child: ChildProcess,
    readonly baseUrl: string,
    private readonly ownedDir: string | null,
  ) {
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (this.#output += chunk));
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (this.#output += chunk));
    this.exited = new Promise<ExitInfo>((resolveExit) => {
      child.once("exit", (code, signal) => {
        this.#exitInfo = { code, signal };
        resolveExit(this.#exitInfo);
      });
    });
  }

  static async start(options: StartOptions = {}): Promise<AppProcess> {
    const port = await freePort();
    const ownedDir = options.cwd ? null : mkdtempSync(join(tmpdir(), "plan-sync-e2e-"));
    const cwd = options.cwd ?? (ownedDir as string);
    const env: Record<string, string | undefined> = { ...process.env };
    for (const name of SCRUBBED_ENV) delete env[name];
    Object.assign(env, {
      PORT: String(port),
      HOST: "127.0.0.1",
      // Setup mode would otherwise try to create a smee.io channel (no network here).
      NO_SMEE_SETUP: "true",
      NPM_CONFIG_UPDATE_NOTIFIER: "false",
      ...options.env,
    });
    for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
    const command =
      options.command ??
      (options.appPath !== undefined
        ? { file: process.execPath, args: [PROBOT_BIN, "run", options.appPath] }
        : { file: process.execPath, args: [MAIN_ENTRY] });
    const child = spawn(command.file, command.args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const app = new AppProcess(child, `http://127.0.0.1:${port}`, ownedDir);
    await app.waitUntilReady(options.readyPath ?? "/healthz", options.readyTimeoutMs ?? 20_000);
    return app;
  }

  /** Everything the process printed so far (Probot logs to stdout). */
  get output(): string {
    return this.#output;
  }

  get exitInfo(): ExitInfo | null {
    return this.#exitInfo;
  }

  get webhookUrl(): string {
    return `${this.baseUrl}/api/github/webhooks`;
  }

  get(path: string, init?: RequestInit): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, { ...init, redirect: "manual" });
  }

  /**
   * POSTs a webhook delivery as GitHub sends it. `signature` overrides the
   * computed one (null: header left out) to play a forger.
   */
  deliver(event: {
    name: string;
    payload: object;
    sign: (body: string) => string;
    signature?: string | null;
    id?: string;
  }): Promise<Response> {
    const body = JSON.stringify(event.payload);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/e2e",
      "x-github-event": event.name,
      "x-github-delivery": event.id ?? randomUUID(),
    };
    const signature = event.signature === undefined ? event.sign(body) : event.signature;
    if (signature !== null) headers["x-hub-signature-256"] = signature;
    return fetch(this.webhookUrl, { method: "POST", headers, body });
  }

  /** Resolves once `pattern` appears in the output; rejects on exit or timeout. */
  async waitForOutput(pattern: RegExp, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.#output)) {
      if (this.#exitInfo)
        throw new Error(`process exited (${describe(this.#exitInfo)}) before printing ${pattern}:\n${this.#output}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} in:\n${this.#output}`);
      await sleep(50);
    }
  }

  /** Sends `signal` and waits for the exit; SIGKILLs and throws if it hangs. */
  async stop(signal: NodeJS.Signals = "SIGTERM", timeoutMs = 15_000): Promise<ExitInfo> {
    if (!this.#exitInfo) this.child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<"hung">((resolveHung) => (timer = setTimeout(() => resolveHung("hung"), timeoutMs)));
    const outcome = await Promise.race([this.exited, hung]);
    clearTimeout(timer);
    this.cleanUp();
    if (outcome === "hung") {
      this.child.kill("SIGKILL");
      throw new Error(`server did not exit within ${timeoutMs} ms of ${signal}:\n${this.#output}`);
    }
    return outcome;
  }

  /** stop() and insist on exit code 0: the teardown every test gets. */
  async stopCleanly(): Promise<void> {
    const info = await this.stop("SIGTERM");
    if (info.code !== 0)
      throw new Error(`server exited with ${describe(info)} on SIGTERM, expected code 0:\n${this.#output}`);
  }

  private cleanUp(): void {
    if (this.ownedDir) rmSync(this.ownedDir, { recursive: true, force: true });
  }

  private async waitUntilReady(path: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.#exitInfo) {
        this.cleanUp();
        throw new Error(`server exited (${describe(this.#exitInfo)}) before it was ready:\n${this.#output}`);
      }
      try {
        const res = await fetch(`${this.baseUrl}${path}`, { redirect: "manual" });
        await res.arrayBuffer();
        if (res.status === 200) return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        this.child.kill("SIGKILL");
        this.cleanUp();
        throw new Error(`server not ready at ${path} within ${timeoutMs} ms:\n${this.#output}`);
      }
      await sleep(100);
    }
  }
}

/** A port free right now (Probot turns PORT=0 into 3000, so it cannot pick one itself). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function describe(info: ExitInfo): string {
  return info.signal ? `signal ${info.signal}` : `code ${info.code}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
