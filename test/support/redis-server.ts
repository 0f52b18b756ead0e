import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createConnection } from "node:net";
import { freePort } from "../e2e/support/app-process.js";

/**
 * A real Redis for the tests that need one (the Redis job queue, the shared
 * write budget, two replicas end to end): Debian's `redis-server`, started on
 * a free loopback port with nothing persisted, stopped by the test.
 *
 * `npm test` must pass on a fresh machine, so a missing `redis-server` is
 * installed from Debian's packages when the tests run as root (as CI does);
 * otherwise the suite stops with one line saying what to install. Never
 * skipped: a queue backend that is not tested is not shipped.
 */
export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

let provisioned: string | null = null;

/** The path of `redis-server`, installing Debian's package first when it is missing and we may. */
export function redisServerBinary(): string {
  if (provisioned) return provisioned;
  const found = which("redis-server");
  if (found) return (provisioned = found);
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (root && which("apt-get")) {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    // `update` first: on a fresh image the package lists are empty.
    spawnSync("apt-get", ["update"], { stdio: "ignore", env });
    spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "redis-server"], { stdio: "ignore", env });
    const installed = which("redis-server");
    if (installed) return (provisioned = installed);
  }
  throw new Error(
    "The Redis tests need Debian's redis-server: run `apt-get install -y redis-server` (as root) and `npm test` again.",
  );
}

export async function startRedis(): Promise<RedisServer> {
  const binary = redisServerBinary();
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(await answersPing(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`redis-server did not start on port ${port}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.setTimeout(500);
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function which(command: string): string | null {
  try {
    return execFileSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}
