import { pino } from "pino";
import { Probot, type ApplicationFunction } from "probot";
import type { AppRuntime } from "../../../src/app/app-runtime.js";
import type { PlanSyncApp } from "../../../src/app/create-app.js";
import { createProbotOctokit, type OctokitPolicy } from "../../../src/github/octokit-options.js";
import { WritePacerRegistry, type WritePacerOptions } from "../../../src/github/write-pacer.js";
import type { RetryPolicy } from "../../../src/config/settings.js";
import { testApp } from "../../app/support/test-runtime.js";
import { FakeGitHub, type RecordedRequest, type RepoRef } from "../../support/fake-github/index.js";
import { appKeyPair, createTestProbot, type TestProbotOptions } from "../../support/probot-app.js";
import { SEARCH_PLAN as PLAN, SEARCH_PLAN_PATH as PLAN_PATH } from "../../support/search-plan.js";

export { PLAN, PLAN_PATH };

export interface PushHarness {
  fake: FakeGitHub;
  repo: RepoRef;
  probot: Probot;
  /** The whole App, as createApp builds it. */
  app: PlanSyncApp;
  runtime: AppRuntime;
  /** Commits `files` to the default branch as a person; returns the commit SHA. */
  commit(files: Record<string, string | null>, message?: string, login?: string): string;
  /** GitHub delivers the push of the default branch's head (or of the given range). */
  deliver(opts?: { before?: string; after?: string; ref?: string; id?: string }): Promise<void>;
  /** commit + deliver + settle. */
  push(files: Record<string, string | null>, message?: string): Promise<string>;
  settle(): Promise<void>;
  /** The app's issues, by task ID from their titles' `ID:` prefix. */
  issueByTask(taskId: string): ReturnType<FakeGitHub["issues"]>[number] | undefined;
  writes(): RecordedRequest[];
  /** The plan file on the default branch. */
  planText(path?: string): string | undefined;
  /** A new App process on the same GitHub: fresh queue, pacers and memory of reconciled plans. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

let deliveries = 0;

export interface HarnessOptions {
  files?: Record<string, string>;
  pacer?: WritePacerOptions;
  probot?: TestProbotOptions;
  /** Run with the production Octokit (plan-sync's retry and rate-limit policy) instead of the test one. */
  policy?: OctokitPolicy;
  progressIntervalMs?: number;
  /** Retries of failed jobs (default: none, so a failure shows at once). */
  retry?: RetryPolicy;
}

/** A fast pacer: the ceiling is the real one's shape, the clock is not. */
export const FAST_PACER: WritePacerOptions = { perMinute: 1_000_000, perHour: 1_000_000 };

export async function startPushHarness(opts: HarnessOptions = {}): Promise<PushHarness> {
  const fake = new FakeGitHub();
  await fake.start();
  const repo = fake.createRepo("acme/plans", { files: opts.files ?? { "README.md": "# plans\n" }, installationId: 77 });
  const boot = async () => {
    const app = testApp({
      pacers: new WritePacerRegistry(opts.pacer ?? FAST_PACER),
      ...(opts.progressIntervalMs !== undefined ? { progressIntervalMs: opts.progressIntervalMs } : {}),
      ...(opts.retry ? { retry: opts.retry } : {}),
    });
    const probot = opts.policy
      ? await productionProbot(fake, app.app, opts.policy)
      : await createTestProbot(fake, app.app, opts.probot);
    return { runtime: app.runtime, app, probot };
  };
  const { runtime, app, probot } = await boot();

  const h: PushHarness = {
    fake,
    repo,
    probot,
    app,
    runtime,
    commit: (files, message = "Update the plan", login = "ada") => fake.commit(repo, "main", files, message, login),
    deliver: async (o = {}) => {
      const payload = fake.pushPayload(repo, {
        ...(o.ref ? { ref: o.ref } : {}),
        ...(o.before ? { before: o.before } : {}),
        ...(o.after ? { after: o.after } : {}),
      });
      await h.probot.receive({ id: o.id ?? `push-${++deliveries}`, name: "push", payload: payload as never });
    },
    push: async (files, message) => {
      const sha = h.commit(files, message);
      await h.deliver();
      await h.settle();
      return sha;
    },
    settle: () => h.app.idle(),
    issueByTask: (taskId) =>
      fake.issues(repo).find((i) => i.user.login === fake.botLogin && i.title.startsWith(`${taskId}:`)),
    writes: () => fake.writes(),
    planText: (path = PLAN_PATH) => fake.file(repo, path),
    restart: async () => {
      await h.app.idle();
      await h.app.stop(0);
      Object.assign(h, await boot());
    },
    stop: async () => {
      await h.app.stop(0);
      await fake.stop();
    },
  };
  return h;
}

async function productionProbot(fake: FakeGitHub, appFn: ApplicationFunction, policy: OctokitPolicy): Promise<Probot> {
  const { privateKey, publicKey } = appKeyPair();
  fake.setAppPublicKey(publicKey);
  const probot = new Probot({
    appId: fake.appId,
    privateKey,
    baseUrl: fake.url,
    secret: "test-secret",
    log: pino({ level: "silent" }),
    Octokit: createProbotOctokit(policy),
  });
  await probot.load(appFn);
  return probot;
}
