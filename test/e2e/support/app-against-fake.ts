import { FakeGitHub } from "../../support/fake-github/index.js";
import { probotRunEnv } from "../../support/probot-app.js";
import { AppProcess, type StartOptions } from "./app-process.js";
import { waitUntil } from "./wait-until.js";

export const WEBHOOK_SECRET = "e2e-webhook-secret";

export interface RealServer {
  github: FakeGitHub;
  app: AppProcess;
  /** A delivery signed with the server's secret, as GitHub would send it. */
  send(name: string, payload: object, opts?: { id?: string }): Promise<Response>;
  /** SIGTERM both, insisting the app exits 0. */
  stop(): Promise<void>;
}

/**
 * The fake GitHub on a random port and the real server (`probot run`) pointed
 * at it through GHE_HOST/GHE_PROTOCOL, with a real App key the fake verifies.
 * Scenario tests set up repositories on `github` and then `send` deliveries.
 */
export async function startRealServer(options: StartOptions = {}): Promise<RealServer> {
  const github = new FakeGitHub();
  await github.start();
  let app: AppProcess;
  try {
    app = await AppProcess.start({
      ...options,
      env: { ...probotRunEnv(github, WEBHOOK_SECRET), LOG_LEVEL: "info", ...options.env },
    });
  } catch (error) {
    await github.stop();
    throw error;
  }
  // The server's look for failed deliveries at start (see src/redelivery): over before a test counts requests.
  if (options.env?.PLAN_SYNC_REDELIVERY_INTERVAL_MINUTES !== "0") {
    try {
      await waitUntil(
        "the start-up look for failed webhook deliveries",
        () => github.requests.some((r) => r.method === "GET" && r.path === "/app/hook/deliveries"),
        { output: () => app.output },
      );
    } catch (error) {
      app.child.kill("SIGKILL");
      await github.stop();
      throw error;
    }
  }
  return {
    github,
    app,
    send: (name, payload, opts = {}) =>
      app.deliver({ name, payload, id: opts.id, sign: (body) => github.sign(body, WEBHOOK_SECRET) }),
    stop: async () => {
      try {
        await app.stopCleanly();
      } finally {
        await github.stop();
      }
    },
  };
}
