import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AppProcess, REPO_ROOT } from "./support/app-process.js";
import { startRealServer, WEBHOOK_SECRET, type RealServer } from "./support/app-against-fake.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitUntil } from "./support/wait-until.js";
import { probotRunEnv } from "../support/probot-app.js";
import { FakeGitHub } from "../support/fake-github/index.js";
import { renderMarker } from "../../src/render/marker.js";
import { SAMPLE_PLAN } from "../write-back/support/sample-plan.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A repository with the App installed and one issue someone closed: a delivery the app acts on. */
function closedIssueDelivery(github: FakeGitHub) {
  const repo = github.createRepo("acme/roadmap", { installationId: 7, files: { "README.md": "# roadmap\n" } });
  const issue = github.createIssue(repo, { title: "Unrelated bug", body: "steps to reproduce", user: "octocat" });
  return github.issuesPayload(repo, issue.number, "closed");
}

describe("the real server (npm start: node lib/main.js) against a fake GitHub", () => {
  let server: RealServer;

  beforeAll(async () => {
    server = await startRealServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("answers /healthz with 200 {status: ok} without calling GitHub", async () => {
    server.github.resetCounters();
    const res = await server.app.get("/healthz");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    // The job store answers and nothing waits: what an orchestrator's probe needs, without a call to GitHub.
    expect(await res.json()).toMatchObject({
      status: "ok",
      queue: { backend: "sqlite", waiting: 0, delayed: 0, running: 0, healthy: true },
    });
    const head = await server.app.get("/healthz", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(server.github.requests).toEqual([]);
  });

  it("rejects a forged or unsigned webhook with 400 and never calls GitHub; the genuine one is processed", async () => {
    const payload = closedIssueDelivery(server.github);
    server.github.resetCounters();

    const forged = await server.app.deliver({
      name: "issues",
      payload,
      sign: (body) => server.github.sign(body, "not-the-secret"),
    });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toMatch(/signature does not match/);
    const unsigned = await server.app.deliver({ name: "issues", payload, sign: () => "", signature: null });
    expect(unsigned.status).toBe(400);
    await sleep(300);
    expect(server.github.requests).toEqual([]);

    // The same delivery, correctly signed, does reach the handler, which asks
    // GitHub who the App is: so the empty log above is meaningful.
    const genuine = await server.send("issues", payload);
    expect(genuine.status).toBe(200);
    expect(server.github.requests.map((r) => `${r.method} ${r.path}`)).toContain("GET /app");
    server.github.assertNoUnexpected();
  });

  it("answers unknown paths 404 and keeps the webhook path POST-only", async () => {
    expect((await server.app.get("/nope")).status).toBe(404);
    expect((await server.app.get("/api/github/webhooks")).status).toBe(404);
  });
});

describe("when a handler fails", () => {
  let server: RealServer;
  afterEach(async () => {
    await server?.stop();
  });

  it("GitHub sees a failed delivery (500), and the server keeps serving", async () => {
    server = await startRealServer({ appPath: join(REPO_ROOT, "test/e2e/fixtures/failing-handler-app.js") });
    const repo = server.github.createRepo("acme/roadmap", { installationId: 7 });
    const issue = server.github.createIssue(repo, { title: "A bug", user: "octocat" });

    const failed = await server.send(
      "issues",
      server.github.issuesPayload(repo, issue.number, "labeled", { label: "bug" }),
    );
    expect(failed.status).toBe(500);
    expect(await failed.text()).toMatch(/handler failed on purpose/);

    expect((await server.app.get("/healthz")).status).toBe(200);
    const next = await server.send("push", server.github.pushPayload(repo));
    expect(next.status).toBe(200);
    expect(server.app.exitInfo).toBeNull();
    await server.app.waitForOutput(/handler failed on purpose/);
  });
});

describe("stopping", () => {
  it("SIGTERM: the server finishes, logs the stop and exits 0", async () => {
    const server = await startRealServer();
    try {
      const info = await server.app.stop("SIGTERM");
      expect(info).toEqual({ code: 0, signal: null });
      expect(server.app.output).toMatch(/SIGTERM received/);
      expect(server.app.output).toMatch(/shutdown complete/);
    } finally {
      await server.github.stop();
    }
  });

  it("SIGTERM right after someone closes a task's issue keeps its write-back stored; the next start commits the tick", async () => {
    // A burst window longer than the stop: the write-back is still waiting for it when SIGTERM comes.
    const dataDir = mkdtempSync(join(tmpdir(), "plan-sync-data-"));
    const env = { PLAN_SYNC_WRITE_BACK_WINDOW_MS: "3000", PLAN_SYNC_DATA_DIR: dataDir };
    const server = await startRealServer({ env });
    try {
      const { github } = server;
      const repo = github.createRepo("acme/plans", { installationId: 7, files: { "docs/plan.md": SAMPLE_PLAN } });
      const issue = github.createIssue(repo, {
        title: "DATA1: Create the search_docs table",
        body: `What to do.\n\n${renderMarker({ path: "docs/plan.md", task: "DATA1", hash: "0123abcd" })}\n`,
        user: github.botLogin,
      });
      github.updateIssue(repo, issue.number, { state: "closed", stateReason: "completed" }, "ada");
      const delivered = await server.send(
        "issues",
        github.issuesPayload(repo, issue.number, "closed", { sender: "ada" }),
      );
      expect(delivered.status).toBe(200);

      expect(await server.app.stop("SIGTERM")).toEqual({ code: 0, signal: null });
      expect(server.app.output).toMatch(/0 running and 1 waiting job\(s\) kept for the next start/);
      expect(github.file(repo, "docs/plan.md")).toBe(SAMPLE_PLAN);

      const next = await AppProcess.start({
        env: { ...probotRunEnv(github, WEBHOOK_SECRET), LOG_LEVEL: "info", ...env },
      });
      try {
        await waitUntil(
          "the tick is committed",
          () => /^\| \[x\] DATA1 .*\| Create /m.test(github.file(repo, "docs/plan.md") ?? ""),
          {
            timeoutMs: 30_000,
            output: () => next.output,
          },
        );
      } finally {
        await next.stopCleanly();
      }
      github.assertNoUnexpected();
    } finally {
      await server.github.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it("SIGINT (Ctrl-C) stops it the same way", async () => {
    const server = await startRealServer();
    try {
      expect(await server.app.stop("SIGINT")).toEqual({ code: 0, signal: null });
    } finally {
      await server.github.stop();
    }
  });
});

describe("configuration errors stop the start with a clear message", () => {
  it("production without WEBHOOK_SECRET refuses to start (Probot would accept deliveries signed with 'development')", async () => {
    const github = new FakeGitHub();
    await github.start();
    try {
      const env = { ...probotRunEnv(github, WEBHOOK_SECRET), WEBHOOK_SECRET: undefined, NODE_ENV: "production" };
      await expect(AppProcess.start({ env, readyTimeoutMs: 10_000 })).rejects.toThrow(/WEBHOOK_SECRET is not set/);
    } finally {
      await github.stop();
    }
  });

  it("a bad PLAN_SYNC_WRITE_BACK_WINDOW_MS stops the start in one line naming it (it used to fall back to 3 s)", async () => {
    const github = new FakeGitHub();
    await github.start();
    try {
      const env = { ...probotRunEnv(github, WEBHOOK_SECRET), PLAN_SYNC_WRITE_BACK_WINDOW_MS: "3s" };
      const failure = await AppProcess.start({ env, readyTimeoutMs: 10_000 }).then(
        () => null,
        (error: Error) => error.message,
      );
      // The whole output after the exit: exactly the one line, no stack trace.
      expect(failure).toBe(
        'server exited (code 1) before it was ready:\nplan-sync: PLAN_SYNC_WRITE_BACK_WINDOW_MS must be a whole number of 0 or more, got "3s"\n',
      );
    } finally {
      await github.stop();
    }
  });

  it("a bad PLAN_SYNC_SHUTDOWN_TIMEOUT_SECONDS names the variable", async () => {
    const github = new FakeGitHub();
    await github.start();
    try {
      const env = { ...probotRunEnv(github, WEBHOOK_SECRET), PLAN_SYNC_SHUTDOWN_TIMEOUT_SECONDS: "soon" };
      await expect(AppProcess.start({ env, readyTimeoutMs: 10_000 })).rejects.toThrow(
        /PLAN_SYNC_SHUTDOWN_TIMEOUT_SECONDS must be a number/,
      );
    } finally {
      await github.stop();
    }
  });
});
