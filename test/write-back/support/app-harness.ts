import type { Logger, Probot } from "probot";
import type { AppRuntime } from "../../../src/app/app-runtime.js";
import type { PlanSyncApp } from "../../../src/app/create-app.js";
import { renderMarker } from "../../../src/render/marker.js";
import { FakeGitHub, type RepoRef } from "../../support/fake-github/index.js";
import { createTestProbot } from "../../support/probot-app.js";
import { testApp } from "../../app/support/test-runtime.js";

export const PLAN_PATH = "docs/plan.md";

export interface Harness {
  fake: FakeGitHub;
  repo: RepoRef;
  probot: Probot;
  /** The whole App, as createApp builds it. */
  app: PlanSyncApp;
  runtime: AppRuntime;
  /** Write pacer slots taken, by installation key (with the default runtime). */
  slots: string[];
  /** Creates the app's issue for a task of the plan, as push sync would have. */
  taskIssue(task: string, opts?: { path?: string; user?: string; closed?: boolean }): number;
  /** A person closes (completed / not planned) or reopens an issue on GitHub, and GitHub delivers the event. */
  close(number: number, reason?: "completed" | "not_planned", by?: string): Promise<void>;
  reopen(number: number, by?: string): Promise<void>;
  /** Lets the burst window pass and every write-back finish. */
  settle(): Promise<void>;
  /** Commits made by the app on a branch, oldest first. */
  appCommits(branch?: string): Array<{ sha: string; message: string }>;
  stop(): Promise<void>;
  /** Runs `action` when the first `method path` request reaches the fake, before it is answered. */
  onFirstRequest(method: string, path: string, action: () => void): void;
}

let delivery = 0;

export interface HarnessOptions {
  windowMs?: number;
  config?: string;
  retryDelayMs?: number;
  maxRetries?: number;
  /** Default: an App of its own (testApp), with a pacer that never waits and these write-back settings. */
  app?: PlanSyncApp;
  /** The App's logger (default silent), e.g. to read its log lines. */
  log?: Logger;
}

export async function startHarness(files: Record<string, string>, opts: HarnessOptions = {}): Promise<Harness> {
  const fake = new FakeGitHub();
  await fake.start();
  const repo = fake.createRepo("acme/plans", {
    files: { ...files, ...(opts.config === undefined ? {} : { ".github/plan-sync.yml": opts.config }) },
    installationId: 77,
  });
  const slots: string[] = [];
  const app =
    opts.app ??
    testApp({
      onSlot: (key) => slots.push(key),
      writeBack: {
        windowMs: opts.windowMs ?? 30,
        retryDelayMs: opts.retryDelayMs ?? 20,
        ...(opts.maxRetries !== undefined ? { maxRetries: opts.maxRetries } : {}),
      },
    });
  const runtime = app.runtime;
  const probot = await createTestProbot(fake, app.app, { log: opts.log });
  const receive = async (number: number, action: "closed" | "reopened", sender: string) => {
    await probot.receive({
      id: `d${++delivery}`,
      name: "issues",
      payload: fake.issuesPayload(repo, number, action, { sender }) as never,
    });
  };
  return {
    fake,
    repo,
    probot,
    app,
    runtime,
    slots,
    taskIssue: (task, o = {}) =>
      fake.createIssue(repo, {
        title: `${task}: a task`,
        body: `What to do.\n\n${renderMarker({ path: o.path ?? PLAN_PATH, task, hash: "0123abcd" })}\n`,
        user: o.user ?? fake.botLogin,
        state: o.closed ? "closed" : "open",
      }).number,
    close: async (number, reason = "completed", by = "ada") => {
      fake.updateIssue(repo, number, { state: "closed", stateReason: reason }, by);
      await receive(number, "closed", by);
    },
    reopen: async (number, by = "ada") => {
      fake.updateIssue(repo, number, { state: "open", stateReason: "reopened" }, by);
      await receive(number, "reopened", by);
    },
    settle: () => app.idle(),
    appCommits: (branch) =>
      fake
        .log(repo, branch)
        .filter((c) => c.authorLogin === fake.botLogin)
        .reverse()
        .map((c) => ({ sha: c.sha, message: c.message })),
    stop: async () => {
      await app.stop(0);
      await fake.stop();
    },
    onFirstRequest: (method, path, action) => {
      let done = false;
      // The fake consults failure rules before routing each request; a rule
      // whose pattern never matches but acts on first sight runs `action` at
      // exactly that moment, and the request then meets the real route.
      const spy = /$^/;
      spy.test = (candidate: string) => {
        if (!done && candidate === path) {
          done = true;
          action();
        }
        return false;
      };
      fake.failNext({ method, path: spy, status: 500, times: Number.MAX_SAFE_INTEGER });
    },
  };
}
